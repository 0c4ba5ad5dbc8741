"""The steps of triage through their pages: each happy path, the wrong role, bad input (shown
on the form with what was typed kept, never a 500), the state guard and the stale form."""

from datetime import timedelta

import pytest

from referrals.models import ReferralStatus
from reviews.models import ConflictOfInterest, InformationRequest, RapidReview, Theme, Triage
from reviews.triage import rapid_review as rapid
from reviews.triage import services
from tests.factories import submitted_referral_factory
from tests.reviews.conftest import LAST_WEEK, TODAY, YESTERDAY, record_not_notifiable, sign_off_rapid_review

pytestmark = pytest.mark.django_db

S = ReferralStatus


def url(referral, suffix=""):
    return f"/triage/{referral.reference}/{suffix}"


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def client_member(staff_client_for, member):
    return staff_client_for(member)


def status_of(referral):
    referral.refresh_from_db()
    return referral.status


# --- Start triage --------------------------------------------------------------------------------


def test_a_member_starts_triage(client_member, referral):
    response = client_member.post(url(referral, "start/"), {"expected_status": "submitted"}, follow=True)
    assert status_of(referral) == S.SCREENING
    assert "Triage started." in response.content.decode()


def test_starting_triage_twice_says_why_and_changes_nothing(client_member, screening):
    response = client_member.post(url(screening, "start/"), {"expected_status": "submitted"}, follow=True)
    assert "Someone else changed this referral" in response.content.decode()
    assert Triage.objects.count() == 1


def test_start_refuses_get(client_member, referral):
    assert client_member.get(url(referral, "start/")).status_code == 405


def test_a_referrer_cannot_start_triage(client, referral):
    client.force_login(referral.created_by)
    assert client.post(url(referral, "start/"), {"expected_status": "submitted"}).status_code == 403
    assert status_of(referral) == S.SUBMITTED


def test_a_start_without_the_status_check_is_shown_again(client_member, referral):
    response = client_member.post(url(referral, "start/"), {})
    assert response.status_code == 200
    assert "Reload the page and try again" in response.content.decode()
    assert status_of(referral) == S.SUBMITTED


# --- The notification ------------------------------------------------------------------------


def notification_post(*, aware_on, sent_on, panel_reference) -> dict:
    """The notification form, posted while screening: notified, with these dates."""
    return {
        "expected_status": "screening",
        "sin_required": "yes",
        **date_fields("la_aware_on", aware_on),
        **date_fields("sent_on", sent_on),
        "panel_reference": panel_reference,
    }


def test_the_notification_form_is_prefilled_with_the_aware_date(client_member, screening):
    html = client_member.get(url(screening, "notification/")).content.decode()
    assert f'value="{LAST_WEEK.day}"' in html
    assert "Does the case meet the criteria to notify the Panel?" in html


def test_the_notification_is_recorded(client_member, screening):
    data = notification_post(aware_on=LAST_WEEK, sent_on=YESTERDAY, panel_reference="CSPRP-42")
    response = client_member.post(url(screening, "notification/"), data)
    assert response.status_code == 302
    triage = Triage.objects.get()
    assert (triage.sin_required, triage.sin_sent_on, triage.panel_reference) == (True, YESTERDAY, "CSPRP-42")


def test_a_notification_sent_before_awareness_is_refused_and_typed_values_kept(client_member, screening):
    data = notification_post(aware_on=YESTERDAY, sent_on=LAST_WEEK, panel_reference="CSPRP-TYPED")
    response = client_member.post(url(screening, "notification/"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "must be the same as or after the date the local authority became aware" in html
    assert "CSPRP-TYPED" in html
    assert Triage.objects.get().sin_required is None


@pytest.mark.parametrize(
    "data",
    [
        {"sin_required": "maybe"},
        {"sin_required": "yes", "la_aware_on_0": "31", "la_aware_on_1": "2", "la_aware_on_2": "2026"},
        {"sin_required": "yes", "la_aware_on_0": "x\x00", "la_aware_on_1": "<", "la_aware_on_2": "99999"},
        {"sin_required": "yes", **date_fields("la_aware_on", TODAY + timedelta(days=3))},
        {"sin_required": "no", **date_fields("la_aware_on", LAST_WEEK), **date_fields("sent_on", LAST_WEEK)},
    ],
)
def test_bad_notification_input_is_shown_on_the_form(client_member, screening, data):
    response = client_member.post(url(screening, "notification/"), {"expected_status": "screening", **data})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert Triage.objects.get().sin_required is None


def test_a_stale_notification_form_is_refused(client_member, screening, member):
    record_not_notifiable(screening, member, LAST_WEEK)
    services.triage_ready_for_decision(referral=screening, by=member)
    data = {"expected_status": "screening", "sin_required": "yes", **date_fields("la_aware_on", LAST_WEEK)}
    response = client_member.post(url(screening, "notification/"), data, follow=True)
    assert "Someone else changed this referral" in response.content.decode()
    assert Triage.objects.get().sin_required is False


def test_the_notification_page_is_for_staff_only(client, screening, reviewer, staff_client_for):
    assert staff_client_for(reviewer).get(url(screening, "notification/")).status_code == 403


# --- The rapid review ---------------------------------------------------------------------------


def test_the_rapid_review_starts_from_its_page(client_member, notified):
    assert client_member.get(url(notified, "rapid-review/start/")).status_code == 200
    data = {"expected_status": "screening", **date_fields("started_on", TODAY)}
    assert client_member.post(url(notified, "rapid-review/start/"), data).status_code == 302
    assert status_of(notified) == S.RAPID_REVIEW


def test_a_rapid_review_before_the_notification_is_refused_on_the_form(client_member, screening):
    data = {"expected_status": "screening", **date_fields("started_on", TODAY)}
    response = client_member.post(url(screening, "rapid-review/start/"), data)
    assert response.status_code == 200
    assert "A rapid review cannot start until the Panel has been notified" in response.content.decode()
    assert status_of(screening) == S.SCREENING


def test_the_rapid_review_record_shows_every_field(client_member, in_rapid_review):
    html = client_member.get(url(in_rapid_review, "rapid-review/")).content.decode()
    for name in rapid.RAPID_REVIEW_FIELDS:
        assert f'name="{name}' in html, name


def test_the_rapid_review_record_is_saved(client_member, in_rapid_review):
    data = {
        "expected_status": "rapid_review",
        **date_fields("started_on", TODAY),
        "key_practice_episodes": "Missed appointments.",
        "reg11_recurrent_themes": "on",
        "recommendation": "spr",
        "la_signed_off_by": "DCS",
        "icb_signed_off_by": "Director of Nursing",
        "police_signed_off_by": "Det Supt",
    }
    response = client_member.post(url(in_rapid_review, "rapid-review/"), data)
    assert response.status_code == 302
    record = RapidReview.objects.get()
    assert (record.key_practice_episodes, record.reg11_recurrent_themes, record.recommendation) == (
        "Missed appointments.",
        True,
        "spr",
    )


def test_a_panel_response_before_sending_is_refused_on_the_form(client_member, in_rapid_review):
    data = {
        "expected_status": "rapid_review",
        **date_fields("started_on", TODAY),
        "good_practice": "Typed and kept.",
        "panel_response": "agrees",
    }
    html = client_member.post(url(in_rapid_review, "rapid-review/"), data).content.decode()
    assert "after the rapid review has been sent to the Panel" in html
    assert "Typed and kept." in html
    assert RapidReview.objects.get().good_practice == ""


def test_the_rapid_review_page_before_it_starts_goes_back_with_a_message(client_member, screening):
    response = client_member.get(url(screening, "rapid-review/"), follow=True)
    assert "The rapid review has not started." in response.content.decode()


def test_sending_to_the_panel_lists_what_is_missing(client_member, in_rapid_review):
    html = client_member.get(url(in_rapid_review, "rapid-review/send/")).content.decode()
    assert "the police&#x27;s sign-off" in html or "the police's sign-off" in html
    data = {"expected_status": "rapid_review", **date_fields("sent_on", TODAY)}
    response = client_member.post(url(in_rapid_review, "rapid-review/send/"), data)
    assert response.status_code == 200
    assert "cannot be sent to the Panel yet" in response.content.decode()
    assert status_of(in_rapid_review) == S.RAPID_REVIEW


def test_a_signed_off_rapid_review_is_sent_to_the_panel(client_member, in_rapid_review, member):
    sign_off_rapid_review(in_rapid_review, member)
    data = {"expected_status": "rapid_review", **date_fields("sent_on", TODAY)}
    assert client_member.post(url(in_rapid_review, "rapid-review/send/"), data).status_code == 302
    assert status_of(in_rapid_review) == S.AWAITING_DECISION
    assert RapidReview.objects.get().sent_to_panel_on == TODAY


# --- Ready for decision, withdraw, merge -----------------------------------------------------


def test_a_case_below_the_threshold_is_confirmed_ready_for_a_decision(client_member, screening, member):
    record_not_notifiable(screening, member, LAST_WEEK)
    assert client_member.get(url(screening, "ready-for-decision/")).status_code == 200
    response = client_member.post(url(screening, "ready-for-decision/"), {"expected_status": "screening"})
    assert response.status_code == 302
    assert status_of(screening) == S.AWAITING_DECISION


def test_ready_for_decision_is_refused_for_a_case_to_notify(client_member, notified):
    response = client_member.post(url(notified, "ready-for-decision/"), {"expected_status": "screening"})
    assert "needs a rapid review" in response.content.decode()
    assert status_of(notified) == S.SCREENING


def test_a_coordinator_withdraws_after_confirming(staff_client_for, coordinator, screening):
    client = staff_client_for(coordinator)
    assert "You cannot undo this" in client.get(url(screening, "withdraw/")).content.decode()
    response = client.post(
        url(screening, "withdraw/"), {"expected_status": "screening", "reason": "Duplicate."}
    )
    assert response.status_code == 302
    assert status_of(screening) == S.WITHDRAWN


def test_withdrawing_without_a_reason_is_refused(staff_client_for, coordinator, screening):
    response = staff_client_for(coordinator).post(
        url(screening, "withdraw/"), {"expected_status": "screening"}
    )
    assert "Enter why the referral is being withdrawn" in response.content.decode()
    assert status_of(screening) == S.SCREENING


def test_a_member_cannot_withdraw_or_merge(client_member, screening):
    assert client_member.get(url(screening, "withdraw/")).status_code == 403
    assert client_member.post(url(screening, "merge/"), {}).status_code == 403


def test_a_coordinator_merges_into_another_referral(staff_client_for, coordinator, screening):
    other = submitted_referral_factory()
    data = {"expected_status": "screening", "into": other.reference.lower(), "reason": "Same child."}
    assert staff_client_for(coordinator).post(url(screening, "merge/"), data).status_code == 302
    assert status_of(screening) == S.MERGED


@pytest.mark.parametrize("into", ["SELF", "SPR-1999-0001", "'; drop table --"])
def test_merging_into_itself_or_an_unknown_referral_is_refused(
    staff_client_for, coordinator, screening, into
):
    into = screening.reference if into == "SELF" else into
    data = {"expected_status": "screening", "into": into, "reason": "x"}
    response = staff_client_for(coordinator).post(url(screening, "merge/"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert status_of(screening) == S.SCREENING


# --- Themes, conflicts, questions ----------------------------------------------------------------


def test_themes_are_ticked_on_the_triage_page(client_member, screening):
    theme = Theme.objects.create(name="Test theme", slug="test-theme")
    data = {"expected_status": "screening", "themes": [str(theme.pk)]}
    assert client_member.post(url(screening, "themes/"), data).status_code == 302
    assert list(Triage.objects.get().themes.all()) == [theme]
    assert "checked" in client_member.get(url(screening)).content.decode()


def test_an_unknown_theme_is_refused(client_member, screening):
    data = {"expected_status": "screening", "themes": ["999999", "x"]}
    response = client_member.post(url(screening, "themes/"), data)
    assert response.status_code == 200
    assert "Select themes from the list" in response.content.decode()


def test_a_member_declares_a_conflict(client_member, screening, member):
    data = {"expected_status": "screening", "note": "I know the family."}
    assert client_member.post(url(screening, "conflict/"), data).status_code == 302
    assert ConflictOfInterest.objects.get().member == member
    assert "you cannot record the decision" in client_member.get(url(screening)).content.decode()


def test_a_second_declaration_is_refused_on_the_form(client_member, screening, member):
    services.conflict_declare(referral=screening, by=member)
    response = client_member.post(url(screening, "conflict/"), {"expected_status": "screening"})
    assert "already declared" in response.content.decode()


def test_a_question_is_sent_to_the_referrer(client_member, screening):
    data = {"expected_status": "screening", "question": "Was the school told?"}
    assert client_member.post(url(screening, "information-requests/new/"), data).status_code == 302
    assert InformationRequest.objects.get().question == "Was the school told?"


def test_an_empty_question_is_refused(client_member, screening):
    response = client_member.post(
        url(screening, "information-requests/new/"), {"expected_status": "screening"}
    )
    assert "Enter the question for the referrer" in response.content.decode()
    assert not InformationRequest.objects.exists()


def test_no_question_is_asked_on_a_withdrawn_referral(client_member, member):
    withdrawn = submitted_referral_factory(status=S.WITHDRAWN)
    data = {"expected_status": "withdrawn", "question": "Anything?"}
    response = client_member.post(url(withdrawn, "information-requests/new/"), data)
    assert "cannot be done while the referral is withdrawn" in response.content.decode()
    assert not InformationRequest.objects.exists()
