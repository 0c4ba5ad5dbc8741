"""Issue 16 §1-2 on the triage page: "not notifiable" needs its reason and stops the clock; a
notification or rapid review sent after its due date asks why, keeps the reason with the step and
shows how late it was; a late step with no reason kept offers its own page to record it."""

import pytest

from referrals.models import ReferralEvent
from referrals.services import ReferralStateError
from reviews.clocks import notification_due
from reviews.models import Triage
from reviews.triage import rapid_review as rapid
from reviews.triage import services
from reviews.triage.demo import working_days_ago
from tests.factories import submitted_referral_factory
from tests.reviews.conftest import TODAY, sign_off_rapid_review

pytestmark = pytest.mark.django_db

AWARE = working_days_ago(40, TODAY)
DUE = notification_due(AWARE)  # 35 working days ago
SENT = working_days_ago(32, TODAY)  # 3 working days after it was due


def url(referral, suffix=""):
    return f"/triage/{referral.reference}/{suffix}"


def date_fields(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture
def screening(member):
    referral = submitted_referral_factory(incident_date=AWARE, aware_date=AWARE)
    services.triage_start(referral=referral, by=member)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def client_member(staff_client_for, member):
    return staff_client_for(member)


def notification(**fields):
    return {
        "expected_status": "screening",
        "sin_required": "yes",
        **date_fields("la_aware_on", AWARE),
        **fields,
    }


# --- Not notifiable ------------------------------------------------------------------------------


def test_not_notifiable_needs_its_reason_and_keeps_what_was_typed(client_member, screening):
    data = {"expected_status": "screening", "sin_required": "no", **date_fields("la_aware_on", AWARE)}
    response = client_member.post(url(screening, "notification/"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter why the case is not notifiable" in html
    assert f'value="{AWARE.day}"' in html
    assert Triage.objects.get().sin_required is None


def test_not_notifiable_with_its_reason_stops_the_clock(client_member, screening):
    screening.refresh_from_db()
    assert screening.next_due == DUE
    data = {
        "expected_status": "screening",
        "sin_required": "no",
        "not_required_reason": "No abuse or neglect is suspected.",
        **date_fields("la_aware_on", AWARE),
    }
    response = client_member.post(url(screening, "notification/"), data, follow=True)
    triage = Triage.objects.get()
    assert triage.sin_not_required_reason == "No abuse or neglect is suspected."
    assert (triage.sin_due, triage.next_due) == (None, None)
    screening.refresh_from_db()
    assert screening.next_due is None
    assert "No abuse or neglect is suspected." in response.content.decode()


def test_the_service_refuses_not_notifiable_without_a_reason(screening, member):
    with pytest.raises(ReferralStateError, match="not notifiable"):
        services.sin_record(referral=screening, by=member, sin_required=False, la_aware_on=AWARE)


# --- The notification sent late -------------------------------------------------------------------


def test_a_late_notification_asks_why_and_keeps_everything_typed(client_member, screening):
    response = client_member.post(
        url(screening, "notification/"),
        notification(**date_fields("sent_on", SENT), panel_reference="CSPR-9"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter why the notification was sent late: it was sent 3 working days after it was due on" in html
    assert "CSPR-9" in html
    assert Triage.objects.get().sin_sent_on is None


def test_a_late_notification_with_its_reason_is_shown_late_with_it(client_member, screening):
    data = notification(**date_fields("sent_on", SENT), late_reason="Police disclosure came late.")
    response = client_member.post(url(screening, "notification/"), data, follow=True)
    html = response.content.decode()
    triage = Triage.objects.get()
    assert (triage.sin_sent_on, triage.sin_late_reason) == (SENT, "Police disclosure came late.")
    assert "Done late" in html
    assert "3 working days late" in html
    assert "Police disclosure came late." in html


def test_a_notification_on_time_needs_no_reason(client_member, screening):
    on_time = working_days_ago(36, TODAY)
    response = client_member.post(
        url(screening, "notification/"), notification(**date_fields("sent_on", on_time))
    )
    assert response.status_code == 302
    assert Triage.objects.get().sin_late_reason == ""


# --- The reason recorded afterwards ----------------------------------------------------------------


@pytest.fixture
def notified_late(screening, member):
    """Sent late through the service, which (unlike the form) does not insist on the reason: as
    when an earlier awareness date is recorded after the notification was sent."""
    services.sin_record(referral=screening, by=member, sin_required=True, la_aware_on=AWARE, sent_on=SENT)
    return screening


def test_a_late_step_with_no_reason_says_so_and_links_to_record_it(client_member, notified_late):
    html = client_member.get(url(notified_late, "")).content.decode()
    assert "Reason not recorded" in html
    assert url(notified_late, "late/notification/") in html


def test_the_reason_is_recorded_on_its_own_page(client_member, notified_late):
    page = client_member.get(url(notified_late, "late/notification/"))
    assert "Why was the notification sent to the Panel late?" in page.content.decode()
    data = {"expected_status": "screening", "reason": "The awareness date was corrected."}
    response = client_member.post(url(notified_late, "late/notification/"), data, follow=True)
    assert Triage.objects.get().sin_late_reason == "The awareness date was corrected."
    assert "Reason not recorded" not in response.content.decode()
    event = ReferralEvent.objects.filter(action="triage.late_reason.notification").get()
    assert event.note == "The awareness date was corrected."


def test_an_empty_reason_is_refused(client_member, notified_late):
    response = client_member.post(url(notified_late, "late/notification/"), {"expected_status": "screening"})
    assert response.status_code == 200
    assert "Enter why it was late" in response.content.decode()


def test_no_reason_page_for_a_step_on_time_or_unknown(client_member, screening, member):
    services.sin_record(
        referral=screening,
        by=member,
        sin_required=True,
        la_aware_on=AWARE,
        sent_on=working_days_ago(36, TODAY),
    )
    assert client_member.get(url(screening, "late/notification/")).status_code == 404
    assert client_member.get(url(screening, "late/rapid_review/")).status_code == 404
    assert client_member.get(url(screening, "late/anything/")).status_code == 404


def test_the_service_refuses_a_reason_for_a_step_on_time(screening, member):
    services.sin_record(referral=screening, by=member, sin_required=True, la_aware_on=AWARE, sent_on=DUE)
    with pytest.raises(ReferralStateError, match="not done late"):
        services.late_reason_record(referral=screening, by=member, step="notification", reason="x")


def test_referrers_and_reviewers_cannot_record_a_reason(client, notified_late, reviewer, staff_client_for):
    client.force_login(notified_late.created_by)
    data = {"expected_status": "screening", "reason": "x"}
    assert client.post(url(notified_late, "late/notification/"), data).status_code == 403
    assert staff_client_for(reviewer).post(url(notified_late, "late/notification/"), data).status_code == 403
    assert Triage.objects.get().sin_late_reason == ""


# --- The rapid review sent late --------------------------------------------------------------------


@pytest.fixture
def rapid_review_late(notified_late, member):
    """Started on the day the notification went, 15 working days to send it: late by now."""
    rapid.rapid_review_start(referral=notified_late, by=member, started_on=SENT)
    services.late_reason_record(referral=notified_late, by=member, step="notification", reason="Police delay")
    sign_off_rapid_review(notified_late, member, recommendation="spr")
    notified_late.refresh_from_db()
    return notified_late


def test_a_rapid_review_sent_late_asks_why(client_member, rapid_review_late):
    triage = Triage.objects.get()
    assert triage.rapid_review_due < TODAY
    data = {"expected_status": "rapid_review", **date_fields("sent_on", TODAY)}
    response = client_member.post(url(rapid_review_late, "rapid-review/send/"), data)
    assert "Enter why the rapid review was sent late" in response.content.decode()
    data["late_reason"] = "A partner's sign-off took a week."
    client_member.post(url(rapid_review_late, "rapid-review/send/"), data)
    triage.rapid_review.refresh_from_db()
    assert triage.rapid_review.sent_late_reason == "A partner's sign-off took a week."
    html = client_member.get(url(rapid_review_late, "")).content.decode()
    assert "A partner&#x27;s sign-off took a week." in html


# --- A reason names nobody: it goes to the Panel and into the CSVs ---------------------------


def named(referral, name="Jade Brown"):
    from referrals.models import Child

    Child.objects.filter(referral=referral).update(full_name=name)
    return referral


def test_a_not_notifiable_reason_naming_the_child_is_refused_and_kept(client_member, screening):
    named(screening)
    data = {
        "expected_status": "screening",
        "sin_required": "no",
        "not_required_reason": "Jade's injuries were accidental",
        **date_fields("la_aware_on", AWARE),
    }
    body = client_member.post(url(screening, "notification/"), data).content.decode()
    assert "The reason names the child: ‘Jade’" in body
    assert "Jade&#x27;s injuries were accidental" in body
    assert Triage.objects.get().sin_required is None


def test_a_late_reason_naming_the_child_is_refused_on_its_own_page(client_member, notified_late):
    named(notified_late)
    response = client_member.post(
        url(notified_late, "late/notification/"), {"reason": "Jade Brown was in hospital"}
    )
    assert "The reason names the child" in response.content.decode()
    assert Triage.objects.get().sin_late_reason == ""
