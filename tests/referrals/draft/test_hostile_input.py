"""Hostile input on every page of the referral form (issue 3, Bad input): markup, script, 100 KB
of text, NUL bytes, right-to-left marks and arbitrary text, in every field of every page. The
form may refuse a value, but never with a 500, and never shows it back unescaped."""

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from referrals.draft import steps
from tests.referrals.draft.posts import check_url, item_add_url, step_url

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</textarea><script>alert(1)</script>",
    "{{ 7|add:7 }}{% csrf_token %}",
    "'; DROP TABLE referrals_referral; --",
    "a\x00b",
    "\u202eevil.exe\u202c \u200f\u200e",
    "&lt;already escaped&gt; &amp;",
    "x" * 100_000,
    "<" * 100_000,
    "é" * 50_000,
    "\r\n" * 2_000,
    "   ",
]
HOSTILE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=200),
    st.sampled_from(PAYLOADS),
)
ESCAPED_BY_DJANGO = set("<>&\"'")

# Every page of questions and every repeatable entry's page: (slug, form class, is an entry).
PAGES = [
    (step.slug, step.form_class, isinstance(step, steps.ItemsStep))
    for step in steps.STEPS
    if isinstance(step, steps.FormStep | steps.ItemsStep)
]


def post_data(form_class, values: dict[str, str]) -> dict:
    """The same shape of POST the page's own form sends, with these values in it."""
    data = {}
    for name, field in form_class.base_fields.items():
        value = values[name]
        if isinstance(field.widget, forms.MultiWidget):
            data.update({f"{name}_{i}": value for i in range(len(field.widget.widgets))})
        else:
            data[name] = value
    return data


def marked(value: str) -> str:
    # Markers around the value, so that a payload such as a lone "<" is only found if the
    # whole value came back raw.
    return f"QZX{value}XZQ"


def assert_safe(client, url, draft, values, button="continue"):
    response = client.post(url, {**values, button: ""})
    assert response.status_code < 500
    pages = [response] if response.status_code == 200 else []
    pages.append(client.get(check_url(draft)))
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        for value in values.values():
            if ESCAPED_BY_DJANGO & set(value):
                assert value not in html, "a value came back unescaped"


def page_url(draft, slug, is_items):
    return item_add_url(draft, slug) if is_items else step_url(draft, slug)


@pytest.mark.parametrize(("slug", "form_class", "is_items"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_each_known_payload_in_every_field_of_every_page(
    as_referrer, draft, slug, form_class, is_items, payload
):
    values = post_data(form_class, dict.fromkeys(form_class.base_fields, marked(payload)))

    assert_safe(as_referrer, page_url(draft, slug, is_items), draft, values)


@pytest.mark.parametrize(("slug", "form_class", "is_items"), PAGES, ids=[p[0] for p in PAGES])
def test_arbitrary_text_in_every_field_of_every_page(as_referrer, draft, slug, form_class, is_items):
    fields = st.fixed_dictionaries({name: HOSTILE.map(marked) for name in form_class.base_fields})

    @given(values=fields, button=st.sampled_from(["continue", "later"]))
    def posting(values, button):
        assert_safe(
            as_referrer, page_url(draft, slug, is_items), draft, post_data(form_class, values), button
        )

    posting()


def test_hostile_values_that_are_valid_are_stored_as_typed(as_referrer, draft):
    value = marked("<script>alert(1)</script> \u202e")
    as_referrer.post(step_url(draft, "what-happened"), {"incident_description": value, "later": ""})

    draft.refresh_from_db()
    assert draft.incident_description == value
    assert value not in as_referrer.get(check_url(draft)).content.decode()
