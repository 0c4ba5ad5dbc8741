"""A referral at each step of triage, for the tests of the triage services and their pages.
The dates are relative to today: the local authority became aware last week and notified the
Panel yesterday."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews.triage import rapid_review as rapid
from reviews.triage import services
from tests.factories import submitted_referral_factory

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)
LAST_WEEK = TODAY - timedelta(days=7)


@pytest.fixture
def referral(db):
    return submitted_referral_factory(aware_date=LAST_WEEK)


@pytest.fixture
def screening(referral, member):
    services.triage_start(referral=referral, by=member)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def notified(screening, member):
    services.sin_record(
        referral=screening, by=member, sin_required=True, la_aware_on=LAST_WEEK, sent_on=YESTERDAY
    )
    return screening


@pytest.fixture
def in_rapid_review(notified, member):
    rapid.rapid_review_start(referral=notified, by=member, started_on=TODAY)
    notified.refresh_from_db()
    return notified


def sign_off_rapid_review(referral, by, recommendation="none"):
    """What a rapid review needs before it can go to the Panel: a recommendation and the three
    partners' sign-off."""
    return rapid.rapid_review_save(
        referral=referral,
        by=by,
        recommendation=recommendation,
        la_signed_off_by="a",
        icb_signed_off_by="b",
        police_signed_off_by="c",
    )


def store_next_due(triage):
    """Save a triage whose due dates a test set by hand, with its earliest open clock stored on
    it and on its referral, as every path that changes a triage stores it
    (clocks.triage_refresh_clocks): the queue, the dashboard and the reminders read it there."""
    from reviews.clocks import earliest_open_due
    from reviews.models import Triage

    triage.save()
    triage.next_due = earliest_open_due(Triage.objects.select_related("referral").get(pk=triage.pk))
    triage.save(update_fields=["next_due"])
    return triage


def record_not_notifiable(referral, by, aware_on, **extra):
    """The Review Group records the case as not notifiable, with the reason that needs."""
    from reviews.triage import services

    return services.sin_record(
        referral=referral,
        by=by,
        sin_required=False,
        not_required_reason="Below the threshold",
        la_aware_on=aware_on,
        **extra,
    )
