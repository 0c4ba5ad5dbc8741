"""The triage page (/triage/<reference>/): who may open it, what it shows at each stage, the
access log, and a fixed number of queries however much the referral holds."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import Child, ReferralStatus
from reviews.models import InformationRequest
from reviews.triage import services
from reviews.triage.information_requests import information_answer, information_request
from tests.factories import ReferralDocumentFactory, ReferralEventFactory, submitted_referral_factory
from tests.reviews.conftest import record_not_notifiable

pytestmark = pytest.mark.django_db

S = ReferralStatus
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def referral(db):
    return submitted_referral_factory(
        aware_date=TODAY - timedelta(days=3), incident_description="Found at the canal."
    )


def url(referral, suffix=""):
    return f"/triage/{referral.reference}/{suffix}"


def test_a_member_sees_the_whole_referral_and_can_start_triage(staff_client_for, member, referral):
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert f'<h1 class="govuk-heading-l">{referral.reference}</h1>' in html
    assert "Found at the canal." in html
    assert "Start triage" in html
    assert "Timeline" in html


def test_each_view_is_logged(staff_client_for, coordinator, referral):
    staff_client_for(coordinator).get(url(referral))
    entry = LogEntry.objects.get_for_object(referral).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == coordinator


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_referrers_and_reviewers_are_refused(client, request, referral, role, staff_client_for):
    user = request.getfixturevalue(role)
    if role == "reviewer":
        client = staff_client_for(user)
    else:
        client.force_login(user)
    assert client.get(url(referral)).status_code == 403


def test_even_the_referrer_of_the_referral_is_refused(client, referral):
    client.force_login(referral.created_by)
    assert client.get(url(referral)).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client, referral):
    response = client.get(url(referral))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_reference_is_404(staff_client_for, member):
    assert staff_client_for(member).get("/triage/SPR-2026-9999/").status_code == 404


def test_the_page_refuses_a_post(staff_client_for, member, referral):
    assert staff_client_for(member).post(url(referral)).status_code == 405


def test_the_clocks_are_at_the_top_once_triage_starts(staff_client_for, member, referral):
    services.triage_start(referral=referral, by=member)
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "Panel notification" in html
    assert "working day" in html
    assert html.index("Panel notification") < html.index("What was submitted")


def test_the_next_step_follows_the_notification(staff_client_for, member, referral):
    services.triage_start(referral=referral, by=member)
    client = staff_client_for(member)
    assert "Record whether the case must be notified" in client.get(url(referral)).content.decode()
    services.sin_record(referral=referral, by=member, sin_required=True, la_aware_on=TODAY, sent_on=TODAY)
    assert "Start the rapid review" in client.get(url(referral)).content.decode()


def test_below_the_threshold_the_next_step_is_the_decision(staff_client_for, member, referral):
    services.triage_start(referral=referral, by=member)
    record_not_notifiable(referral, member, TODAY)
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "Ready for a decision" in html
    assert "No statutory clocks" in html


def test_only_coordinators_are_offered_withdraw_and_merge(staff_client_for, member, coordinator, referral):
    assert "Withdraw the referral" not in staff_client_for(member).get(url(referral)).content.decode()
    assert "Withdraw the referral" in staff_client_for(coordinator).get(url(referral)).content.decode()


def test_questions_and_answers_are_shown(staff_client_for, member, referral):
    services.triage_start(referral=referral, by=member)
    request = information_request(referral=referral, by=member, question="Was the GP told?")
    information_answer(request=request, by=referral.created_by, answer="Yes, on the same day.")
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "Was the GP told?" in html
    assert "Yes, on the same day." in html
    assert "The referrer answered a request for information" in html


def _fill(referral, member, extra):
    services.triage_start(referral=referral, by=member)
    _fill_more(referral, member, extra)


def _fill_more(referral, member, extra):
    for i in range(extra):
        ReferralDocumentFactory(referral=referral)
        ReferralEventFactory(referral=referral, action="referral.note")
        InformationRequest.objects.create(referral=referral, question=f"Question {i}", asked_by=member)
    if extra:
        services.conflict_declare(referral=referral, by=member)


def about_the_same_child(referral, n=1):
    """Other referrals whose child has this one's name and date of birth."""
    for _ in range(n):
        other = submitted_referral_factory()
        Child.objects.filter(referral__in=[referral, other]).update(full_name="Jade Brown")


def _queries_for_page(client, referral):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(referral)).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(staff_client_for, member, referral):
    client = staff_client_for(member)
    _fill(referral, member, 0)
    about_the_same_child(referral)  # one likely duplicate (and one similar referral) each time
    few = _queries_for_page(client, referral)
    _fill_more(referral, member, 4)
    about_the_same_child(referral, 2)
    many = _queries_for_page(client, referral)
    assert few == many
    # session, user, device, roles; the referral, its children, family, agencies, documents,
    # events; the access log entry; the triage (with its rapid review), its themes, the
    # requests, the conflicts, the active themes; the likely duplicates (the candidates, the
    # answers kept); the idle-timeout session save (3); and the decision panel's own reads
    # (the decision, similar referrals with what they are prefetched with, similar reviews,
    # conflicts).
    assert many <= 29
    assert "3 other referrals may be about the same child." in client.get(url(referral)).content.decode()


def test_before_triage_the_notification_clock_runs_from_the_referrals_aware_date(
    staff_client_for, member, referral
):
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "Panel notification (provisional)" in html


def test_a_withdrawal_request_is_shown_at_the_top(staff_client_for, member, referral):
    from referrals.withdrawal.services import referral_request_withdrawal

    services.triage_start(referral=referral, by=member)
    referral_request_withdrawal(
        referral=referral, by=referral.created_by, reason="Sent to the wrong partnership."
    )
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "The referrer asked for this referral to be withdrawn" in html
    assert html.index("Sent to the wrong partnership.") < html.index("Clocks")


def test_a_withdrawn_referrals_clocks_are_stopped_not_overdue(
    staff_client_for, coordinator, member, referral
):
    services.triage_start(referral=referral, by=member)
    services.triage_withdraw(referral=referral, by=coordinator, reason="Duplicate.")
    html = staff_client_for(member).get(url(referral)).content.decode()
    assert "The clocks stopped when the referral was withdrawn." in html
    assert 'govuk-tag--red">Overdue' not in html
    assert "What to do next" not in html
