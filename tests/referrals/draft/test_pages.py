"""The referral form's pages of questions (/referrals/drafts/<uuid>/<step>/): who may open
them, what each saves, and what happens on bad input."""

import pytest
from django.urls import reverse

from cscp.accounts.roles import Role
from referrals.draft import steps
from referrals.draft.forms import active_agencies
from referrals.models import Referral
from tests.factories import AgencyFactory, UserFactory, submitted_referral_factory
from tests.referrals.draft.posts import check_url, post, section_posts, step_url

pytestmark = pytest.mark.django_db

SECTION_SLUGS = [s.slug for s in steps.STEPS if isinstance(s, steps.FormStep)]


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Example Council")


# --- Who may open a page ------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, draft):
    response = client.get(step_url(draft, "about-you"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", [Role.MEMBER, Role.COORDINATOR, Role.REVIEWER])
def test_staff_are_refused(staff_client_for, draft, role):
    user = UserFactory(email=f"{role}@council.example", roles=[role])

    client = staff_client_for(user)

    assert client.get(step_url(draft, "about-you")).status_code == 403
    assert post(client, step_url(draft, "about-you"), {"referrer_name": "X"}).status_code == 403


def test_another_referrer_gets_404_for_someone_elses_draft(client, draft):
    other = UserFactory(email="other@council.example", roles=[Role.REFERRER])
    client.force_login(other)

    assert client.get(step_url(draft, "about-you")).status_code == 404
    assert post(client, step_url(draft, "about-you"), {"referrer_name": "Changed"}).status_code == 404
    assert client.get(check_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.referrer_name != "Changed"


def test_a_submitted_referral_is_no_longer_editable(client):
    referral = submitted_referral_factory()
    client.force_login(referral.created_by)

    response = post(client, step_url(referral, "about-you"), {"referrer_name": "Changed"})

    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.reference])
    referral.refresh_from_db()
    assert referral.referrer_name != "Changed"


def test_an_unknown_page_is_not_found(as_referrer, draft):
    assert as_referrer.get(step_url(draft, "no-such-page")).status_code == 404


def test_it_refuses_other_methods(as_referrer, draft):
    assert as_referrer.put(step_url(draft, "about-you")).status_code == 405


# --- Each page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SECTION_SLUGS)
def test_each_page_shows_its_title_caption_back_link_and_the_not_an_emergency_notice(
    as_referrer, draft, slug
):
    step = steps.get(slug)

    html = as_referrer.get(step_url(draft, slug)).content.decode()

    assert '<span class="govuk-caption-l">Referral</span>' in html
    assert f'<h1 class="govuk-heading-l">{step.title}</h1>'.replace("'", "&#x27;") in html
    assert 'class="govuk-back-link"' in html
    assert "call 999" in html
    assert "This is not a child protection referral" in html
    assert "Save and continue" in html
    assert "Save and come back later" in html


@pytest.mark.parametrize("slug", SECTION_SLUGS)
def test_each_page_saves_its_answers_and_goes_on_to_the_next(as_referrer, draft, agency, slug):
    step = steps.get(slug)

    response = post(as_referrer, step_url(draft, slug), section_posts(agency)[slug])

    following = steps.following(step)
    assert response.status_code == 302
    assert response.url == (step_url(draft, following.slug) if following else check_url(draft))
    draft.refresh_from_db()
    assert step.problems(draft, active_agencies()) == []


@pytest.mark.parametrize("slug", [s for s in SECTION_SLUGS if s != "parallel-processes"])
def test_each_page_says_what_is_missing_when_sent_empty(as_referrer, draft, agency, slug):
    emptied = dict.fromkeys(section_posts(agency)[slug], "")

    response = post(as_referrer, step_url(draft, slug), emptied)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert "<title>Error: " in html
    draft.refresh_from_db()
    for message in steps.get(slug).problems(draft, active_agencies()):
        assert message.replace("'", "&#x27;") in html


def test_other_investigations_are_optional(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "parallel-processes"), {})

    assert response.url == step_url(draft, "family-told")


def test_the_first_page_is_filled_in_from_the_referrers_account(as_referrer, referrer):
    as_referrer.post(reverse("referrals:start"))
    draft = Referral.objects.get(created_by=referrer)

    html = as_referrer.get(step_url(draft, "about-you")).content.decode()

    assert f'value="{referrer.email}"' in html
    assert referrer.full_name.replace("'", "&#x27;") in html


def test_the_first_pages_back_link_goes_to_the_start_page(as_referrer, draft):
    html = as_referrer.get(step_url(draft, "about-you")).content.decode()

    assert f'href="{reverse("referrals:start")}" class="govuk-back-link"' in html


def test_a_change_link_from_check_your_answers_returns_there(as_referrer, draft, agency):
    url = step_url(draft, "media", back_to_check=True)

    page = as_referrer.get(url).content.decode()
    response = post(as_referrer, url, section_posts(agency)["media"])

    assert f'href="{check_url(draft)}" class="govuk-back-link"' in page
    assert response.url == check_url(draft)


# --- Nothing typed is lost -------------------------------------------------------------------


def test_on_an_error_it_shows_the_typed_values_again_and_keeps_the_valid_ones(as_referrer, draft):
    response = post(
        as_referrer,
        step_url(draft, "safeguarding-lead"),
        {"lead_name": "Jo Lead", "lead_job_title": "Head of Safeguarding", "lead_contact": "x" * 201},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Jo Lead"' in html
    assert 'value="' + "x" * 201 + '"' in html
    assert "Their email address or telephone number must be 200 characters or less" in html
    draft.refresh_from_db()
    assert (draft.lead_name, draft.lead_job_title, draft.lead_contact) == (
        "Jo Lead",
        "Head of Safeguarding",
        "",
    )


def test_clearing_an_answer_clears_what_was_stored(as_referrer, draft):
    draft.lead_name = "Jo Lead"
    draft.save()

    post(as_referrer, step_url(draft, "safeguarding-lead"), {"lead_name": ""})

    draft.refresh_from_db()
    assert draft.lead_name == ""


def test_save_and_come_back_later_keeps_a_half_finished_page(as_referrer, draft):
    response = post(
        as_referrer, step_url(draft, "safeguarding-lead"), {"lead_name": "Jo Lead"}, button="later"
    )

    assert response.status_code == 302
    assert response.url == reverse("referrals:list")
    draft.refresh_from_db()
    assert draft.lead_name == "Jo Lead"


def test_save_and_come_back_later_shows_a_wrong_answer_first(as_referrer, draft):
    response = post(
        as_referrer, step_url(draft, "about-you"), {"referrer_email": "not-an-address"}, button="later"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter an email address in the correct format, like name@example.org" in html
    assert 'value="not-an-address"' in html


# --- Questions that depend on an answer ----------------------------------------------------------


def test_a_lead_who_has_not_agreed_needs_a_reason(as_referrer, draft, agency):
    data = {**section_posts(agency)["safeguarding-lead"], "lead_agreed": "no"}

    response = post(as_referrer, step_url(draft, "safeguarding-lead"), data)
    assert "Enter why the safeguarding lead has not agreed" in response.content.decode()

    post(as_referrer, step_url(draft, "safeguarding-lead"), {**data, "lead_not_agreed_reason": "On leave"})
    draft.refresh_from_db()
    assert (draft.lead_agreed, draft.lead_not_agreed_reason) == ("no", "On leave")


def test_a_reason_that_no_longer_applies_is_cleared(as_referrer, draft, agency):
    draft.lead_agreed, draft.lead_not_agreed_reason = "no", "On leave"
    draft.save()

    data = {**section_posts(agency)["safeguarding-lead"], "lead_not_agreed_reason": "On leave"}
    post(as_referrer, step_url(draft, "safeguarding-lead"), data)

    draft.refresh_from_db()
    assert (draft.lead_agreed, draft.lead_not_agreed_reason) == ("yes", "")


@pytest.mark.parametrize(
    ("slug", "answers", "message"),
    [
        ("concerns", {"immediate_concerns": "yes", "actions_taken": "None"}, "Enter your concerns"),
        ("media", {"media_interest": "yes"}, "Enter what media interest there has been"),
        ("family-told", {"family_informed": "yes"}, "Enter the date the family was told"),
        ("family-told", {"family_informed": "yes"}, "Enter who told the family"),
        ("family-told", {"family_informed": "no"}, "Enter why the family has not been told"),
    ],
)
def test_an_answer_that_needs_details_asks_for_them(as_referrer, draft, slug, answers, message):
    response = post(as_referrer, step_url(draft, slug), answers)

    assert message in response.content.decode()


def test_the_declaration_says_what_the_referrer_confirms(as_referrer, draft):
    html = as_referrer.get(step_url(draft, "declaration")).content.decode()
    assert "my agency's safeguarding lead has agreed this referral" in html

    draft.lead_agreed = "no"
    draft.save()
    html = as_referrer.get(step_url(draft, "declaration")).content.decode()
    assert "I have said why my agency's safeguarding lead has not agreed this referral" in html


def test_the_declaration_must_be_confirmed(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "declaration"), {})

    assert "Confirm the declaration before you continue" in response.content.decode()


# --- Long text and markup -----------------------------------------------------------------------


def test_long_answers_are_capped_with_a_message(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "what-happened"), {"incident_description": "x" * 10_001})

    assert response.status_code == 200
    assert "What happened? must be 10,000 characters or less" in response.content.decode()
    assert 'data-maxlength="10000"' in response.content.decode()


def test_a_hundred_kilobytes_of_text_gets_a_message_not_a_500(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "criteria"), {"reasons_criteria_met": "é" * 100_000})

    assert response.status_code == 200
    assert "must be 10,000 characters or less" in response.content.decode()


def test_line_breaks_count_as_one_character(as_referrer, draft):
    text = ("x" * 99 + "\r\n") * 100  # 10,000 characters as the browser counts them

    post(as_referrer, step_url(draft, "what-happened"), {"incident_description": text})

    draft.refresh_from_db()
    assert len(draft.incident_description) == 10_000 - 1  # the last line break is stripped


def test_markup_is_stored_as_typed_and_shown_escaped(as_referrer, draft):
    script = "<script>alert(1)</script>"

    post(as_referrer, step_url(draft, "what-happened"), {"incident_description": script})
    page = as_referrer.get(step_url(draft, "what-happened")).content.decode()
    check = as_referrer.get(check_url(draft)).content.decode()

    draft.refresh_from_db()
    assert draft.incident_description == script
    assert script not in page
    assert script not in check
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in check


def test_a_null_character_gets_a_message(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "safeguarding-lead"), {"lead_name": "Jo\x00Lead"})

    assert response.status_code == 200
    assert "must not contain null characters" in response.content.decode()


def test_an_agency_that_is_not_on_the_list_is_refused(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "about-you"), {"referrer_agency": "999999"})

    assert "Select your agency from the list" in response.content.decode()


def test_a_telephone_number_must_look_like_one(as_referrer, draft):
    response = post(as_referrer, step_url(draft, "about-you"), {"referrer_phone": "call me"})

    assert "Enter a telephone number, like 020 7946 0000" in response.content.decode()


def test_a_wrong_date_under_an_answer_not_chosen_is_not_reported(as_referrer, draft):
    data = {
        "family_informed": "no",
        "family_not_informed_reason": "",
        "family_informed_date_0": "x",
        "family_informed_date_1": "2",
        "family_informed_date_2": "2025",
    }

    html = post(as_referrer, step_url(draft, "family-told"), data).content.decode()

    assert "Enter why the family has not been told" in html
    assert "must be a real date" not in html
