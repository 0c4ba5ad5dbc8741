"""Hostile input on the referrer's forms that tests/referrals/test_hostile_input.py does not
reach (issue 7 §4): changing a child, family member or agency already added, uploads with
hostile file names and contents, withdrawing, asking for withdrawal and answering the Review
Group's questions. Never a 5xx; a stored value or file name shows escaped on the referrer's
pages and the triage page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from referrals.draft import steps
from reviews.models import InformationRequest
from tests.factories import (
    AgencyInvolvedFactory,
    ChildFactory,
    FamilyMemberFactory,
    ReferralFactory,
    submitted_referral_factory,
)
from tests.hostile.conftest import rolled_back
from tests.hostile.strategies import HOSTILE, PAYLOADS, assert_escaped, get, hostile_posts, post
from tests.referrals.draft.posts import check_url, item_url, step_url
from tests.referrals.draft.test_hostile_input import post_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
ITEMS = {
    "children": ChildFactory,
    "family": FamilyMemberFactory,
    "agencies-involved": AgencyInvolvedFactory,
}
FORMS = {step.slug: step.form_class for step in steps.STEPS if step.slug in ITEMS}


@given(data=st.data(), section=st.sampled_from(sorted(ITEMS)))
def test_changing_an_entry_already_added(as_referrer, referrer, data, section):
    with rolled_back():
        draft = ReferralFactory(created_by=referrer)
        item = ITEMS[section](referral=draft)
        fields = list(FORMS[section].base_fields)
        values = data.draw(st.fixed_dictionaries(dict.fromkeys(fields, HOSTILE)), label="fields")
        posted = post_data(FORMS[section], values)
        response = post(as_referrer, item_url(draft, section, item), {**posted, "continue": ""})
        assert_escaped(posted, response, get(as_referrer, check_url(draft)))


FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>.pdf",
            '"><img src=x onerror=alert(1)>.pdf',
            "../../../../etc/passwd.pdf",
            "..\\..\\windows\\win.ini.pdf",
            "report\x00.exe.pdf",
            "\u202efdp.exe",
            "report.pdf\u202e",
            "a" * 10_000 + ".pdf",
            ".htaccess.pdf",
            "javascript:alert(1).pdf",
            "CON.pdf",
            " .pdf",
            "%00.pdf",
            "'; DROP TABLE referrals_referraldocument; --.pdf",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\r\n'), max_size=40
    ).map(lambda name: f"QZX{name}XZQ.pdf"),
)
CONTENTS = st.one_of(
    st.just(PDF),
    st.sampled_from(
        [
            b"",
            b"<html><script>alert(1)</script></html>",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            b"MZ\x90\x00" + b"\x00" * 64,
            b"%PDF-1.7\n<script>alert(1)</script>\x00\xff",
        ]
    ),
    st.binary(max_size=200),
)


@given(name=FILE_NAMES, content=CONTENTS)
def test_uploads_with_hostile_names_and_contents(as_referrer, referrer, name, content):
    with rolled_back():
        draft = ReferralFactory(created_by=referrer)
        file = SimpleUploadedFile(name, content)
        response = as_referrer.post(step_url(draft, "documents"), {"file": file, "upload": ""})
        assert response.status_code < 500
        pages = [response, get(as_referrer, step_url(draft, "documents")), get(as_referrer, check_url(draft))]
        for document in draft.documents.all():
            remove = reverse("referrals:draft_document_remove", args=[draft.public_id, document.pk])
            pages.append(get(as_referrer, remove))
            download = get(
                as_referrer, reverse("referrals:draft_document", args=[draft.public_id, document.pk])
            )
            b"".join(download.streaming_content)  # reading it to the end closes the file
            assert download.status_code == 200 and "\n" not in download["Content-Disposition"]
        assert_escaped({"file": name}, *pages)


@given(data=st.data(), form=st.sampled_from(["withdraw", "request-withdrawal", "answer"]))
def test_withdrawing_asking_to_withdraw_and_answering(
    as_referrer, referrer, as_coordinator, coordinator, made_once, data, form
):
    status = "submitted" if form == "withdraw" else "screening"
    referral = made_once(status, lambda: submitted_referral_factory(status=status, created_by=referrer))
    with rolled_back():
        if form == "answer":
            question = InformationRequest.objects.create(
                referral=referral, question="Which school?", asked_by=coordinator
            )
            url = reverse("referrals:information_answer", args=[referral.reference, question.pk])
            values = data.draw(hostile_posts({"answer": "St Mary's."}), label="answer")
        else:
            url = reverse(f"referrals:{form.replace('-', '_')}", args=[referral.reference])
            values = data.draw(hostile_posts({"reason": "Sent in error."}), label="reason")
        response = post(as_referrer, url, values)
        detail = reverse("referrals:detail", args=[referral.reference])
        triage = reverse("reviews:triage", args=[referral.reference])
        assert_escaped(values, response, get(as_referrer, detail), get(as_coordinator, triage))


@given(reference=st.sampled_from(PAYLOADS[:12]) | HOSTILE)
def test_hostile_references_in_the_referrers_urls(as_referrer, reference):
    from urllib.parse import quote

    part = quote(reference.encode("utf-8", "surrogatepass"), safe="") or "x"
    for path in (
        "",
        "submitted/",
        "withdraw/",
        "request-withdrawal/",
        "documents/1/",
        "information-requests/1/",
    ):
        get(as_referrer, f"/referrals/{part}/{path}")
    post(as_referrer, f"/referrals/{part}/withdraw/", {"reason": "x"})
    get(Client(), f"/referrals/{part}/")


@pytest.mark.parametrize("path", ["/referrals/SPR-2026%000001/", "/referrals/%00/withdraw/", "/triage/%00/"])
def test_a_nul_byte_in_a_reference_is_not_found_not_a_database_error(as_coordinator, as_referrer, path):
    # PostgreSQL refuses NUL in a query: the reference converter stops it at the URL.
    client = as_coordinator if path.startswith("/triage/") else as_referrer
    assert client.get(path).status_code == 404
