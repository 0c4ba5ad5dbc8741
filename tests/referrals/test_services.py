"""The referral services: submission, its guards, its event rows and the emails it queues.
Withdrawal: withdrawal/test_services.py."""

import datetime

import pytest
from django.utils import timezone

from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from referrals.models import ReferenceCounter, ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError, referral_submit
from tests.factories import (
    ChildFactory,
    ReferralFactory,
    UserFactory,
    complete_referral_factory,
)

pytestmark = pytest.mark.django_db

S = ReferralStatus
YEAR = timezone.localdate().year


def submit(referral):
    return referral_submit(referral=referral, by=referral.created_by)


def emails(template):
    return sorted(OutgoingEmail.objects.filter(template=template).values_list("to", flat=True))


# --- Submission --------------------------------------------------------------------------


def test_submitting_gives_the_first_reference_of_the_year_then_the_next(coordinators):
    first = submit(complete_referral_factory())
    second = submit(complete_referral_factory())

    assert first.reference == f"SPR-{YEAR}-0001"
    assert second.reference == f"SPR-{YEAR}-0002"
    assert ReferenceCounter.objects.get(year=YEAR).last_number == 2


def test_submitting_records_who_when_and_the_new_status(coordinators):
    draft = complete_referral_factory()
    before = timezone.now()

    referral = submit(draft)

    referral.refresh_from_db()
    assert referral.status == S.SUBMITTED
    assert referral.submitted_by == draft.created_by
    assert before <= referral.submitted_at <= timezone.now()
    event = ReferralEvent.objects.get(referral=referral, action="referral.submitted")
    assert (event.from_status, event.to_status, event.actor) == (S.DRAFT, S.SUBMITTED, draft.created_by)


def test_submitting_queues_an_acknowledgement_and_an_alert_to_each_active_coordinator(coordinators):
    referral = submit(complete_referral_factory())

    assert emails("referrals-submitted") == [referral.created_by.email]
    assert emails("referrals-new-alert") == sorted(c.email for c in coordinators)
    assert OutgoingEmail.objects.count() == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"criteria": ["death"]},
        {"criteria": ["lac_death"]},
        {"criteria": ["care_leaver_death"]},
        {"immediate_concerns": "yes", "immediate_concerns_details": "A sibling is at home."},
        {"media_interest": "yes", "media_interest_details": "A local newspaper called."},
    ],
    ids=["death", "looked-after child death", "care leaver death", "immediate concerns", "media interest"],
)
def test_a_referral_is_urgent_when_it_reports_a_death_immediate_concerns_or_media_interest(
    coordinators, fields
):
    referral = submit(complete_referral_factory(**fields))

    assert referral.is_urgent
    assert (
        OutgoingEmail.objects.filter(template="referrals-new-alert", subject__startswith="URGENT: ").count()
        == 2
    )


def test_a_child_with_a_date_of_death_makes_a_referral_urgent(coordinators):
    draft = complete_referral_factory(children=0)
    ChildFactory(referral=draft, date_of_death=timezone.localdate() - datetime.timedelta(days=2))

    assert submit(draft).is_urgent


@pytest.mark.parametrize("media_interest", ["no", "unknown"])
def test_a_referral_is_not_urgent_otherwise(coordinators, media_interest):
    referral = submit(complete_referral_factory(media_interest=media_interest))

    assert not referral.is_urgent
    subjects = OutgoingEmail.objects.filter(template="referrals-new-alert").values_list("subject", flat=True)
    assert all(not subject.startswith("URGENT") for subject in subjects)


def test_only_the_referrer_can_submit_their_draft(coordinators):
    draft = complete_referral_factory()
    someone_else = UserFactory(roles=[Role.REFERRER])

    with pytest.raises(ReferralStateError, match="Only the person who made this referral"):
        referral_submit(referral=draft, by=someone_else)

    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.reference is None
    assert not OutgoingEmail.objects.exists()


def test_a_referral_cannot_be_submitted_twice(coordinators):
    referral = submit(complete_referral_factory())

    with pytest.raises(ReferralStateError, match="already been submitted"):
        submit(referral)

    assert ReferenceCounter.objects.get(year=YEAR).last_number == 1
    assert OutgoingEmail.objects.count() == 3


def test_an_incomplete_draft_cannot_be_submitted_and_uses_no_number(coordinators):
    draft = ReferralFactory()  # only the referrer's details

    with pytest.raises(ReferralStateError, match="Complete every section"):
        submit(draft)

    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.reference is None
    assert not ReferenceCounter.objects.filter(year=YEAR, last_number__gt=0).exists()
    assert not OutgoingEmail.objects.exists()


def test_numbering_restarts_at_0001_in_a_new_year(coordinators, monkeypatch):
    ReferenceCounter.objects.create(year=YEAR - 1, last_number=41)
    assert submit(complete_referral_factory()).reference == f"SPR-{YEAR}-0001"

    new_year = datetime.datetime(YEAR + 1, 1, 1, 0, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: new_year)
    referral = submit(complete_referral_factory())

    assert referral.reference == f"SPR-{YEAR + 1}-0001"
    assert referral.submitted_at == new_year
    assert ReferenceCounter.objects.get(year=YEAR).last_number == 1


def test_a_submitted_referral_runs_its_panel_notification_clock_from_the_referrers_awareness(referrer):
    """Issue 16 §1: provisional until triage records the local authority's date; a referral
    that stops running (withdrawn here) has no clock left, whichever path moved it."""
    from cscp.calendar import add_working_days
    from referrals.models import Referral, ReferralStatus
    from tests.factories import submitted_referral_factory

    referral = submitted_referral_factory(created_by=referrer)
    assert referral.next_due == add_working_days(referral.aware_date, 5)

    referral.status = ReferralStatus.WITHDRAWN
    referral.save(update_fields=["status"])
    assert Referral.objects.get(pk=referral.pk).next_due is None


def test_the_alert_for_a_referral_that_arrives_overdue_says_so(coordinators):
    """Issue 16 §1: aware 19 days ago, the Panel notification was due about two weeks ago."""
    overdue = submit(complete_referral_factory(aware_date=timezone.localdate() - datetime.timedelta(days=19)))
    on_time = submit(complete_referral_factory(aware_date=timezone.localdate()))

    alerts = OutgoingEmail.objects.filter(template="referrals-new-alert")
    late = alerts.filter(subject__contains=overdue.reference).first()
    assert late.subject.endswith(f"New referral {overdue.reference}: Panel notification overdue")
    for body in (late.body_text, late.body_html):
        assert "The Panel notification is overdue already: due " in body
        assert "working days overdue (counted from the referrer" in body
    fine = alerts.filter(subject__contains=on_time.reference).first()
    assert fine.subject.endswith(f"New referral {on_time.reference}")
    assert "Panel notification is" not in fine.body_text + fine.body_html
