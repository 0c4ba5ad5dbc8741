"""The triage services: each change on the happy path, each guard, and a form made for a
status that has since changed. A refused change leaves everything as it was."""

from datetime import date, timedelta

import pytest

from referrals.models import ReferralEvent, ReferralStatus
from referrals.services import ReferralStateError
from reviews.models import ConflictOfInterest, RapidReview, Theme, Triage
from reviews.triage import rapid_review as rapid
from reviews.triage import services
from tests.factories import submitted_referral_factory
from tests.reviews.conftest import LAST_WEEK, TODAY, YESTERDAY, record_not_notifiable

pytestmark = pytest.mark.django_db

S = ReferralStatus


def actions(referral):
    return list(ReferralEvent.objects.filter(referral=referral).values_list("action", flat=True))


SIGNED_OFF = {
    "recommendation": RapidReview.Recommendation.SPR,
    "la_signed_off_by": "Director of Children's Services",
    "icb_signed_off_by": "Director of Nursing",
    "police_signed_off_by": "Detective Superintendent",
}


# --- Starting triage ---------------------------------------------------------------------------


def test_starting_triage_moves_to_screening_with_the_aware_date_prefilled(referral, member):
    triage = services.triage_start(referral=referral, by=member, expected=S.SUBMITTED)
    referral.refresh_from_db()
    assert referral.status == S.SCREENING
    assert triage.la_aware_on == LAST_WEEK
    assert triage.sin_due is not None and triage.next_due == triage.sin_due
    assert actions(referral)[-1] == "triage.started"


def test_triage_cannot_start_twice(screening, member):
    with pytest.raises(ReferralStateError):
        services.triage_start(referral=screening, by=member)


def test_a_referrer_cannot_start_triage(referral):
    with pytest.raises(ReferralStateError, match="Only Review Group members"):
        services.triage_start(referral=referral, by=referral.created_by)
    assert not Triage.objects.exists()


def test_a_stale_form_is_refused(screening, member):
    with pytest.raises(ReferralStateError, match="Someone else changed this referral"):
        record_not_notifiable(screening, member, LAST_WEEK, expected=S.SUBMITTED)
    assert Triage.objects.get().sin_required is None


# --- The serious incident notification --------------------------------------------------------


def test_recording_the_notification_sets_the_clocks_and_writes_an_event(screening, member):
    triage = services.sin_record(
        referral=screening,
        by=member,
        sin_required=True,
        la_aware_on=LAST_WEEK,
        sent_on=YESTERDAY,
        panel_reference="CSPRP-123",
        expected=S.SCREENING,
    )
    triage.refresh_from_db()
    assert (triage.sin_sent_on, triage.panel_reference) == (YESTERDAY, "CSPRP-123")
    assert triage.rapid_review_due is not None
    assert triage.next_due == triage.rapid_review_due  # the notification clock is done
    assert actions(screening)[-1] == "triage.sin_recorded"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"la_aware_on": TODAY + timedelta(days=1)}, "must be today or in the past"),
        ({"sent_on": TODAY + timedelta(days=1)}, "must be today or in the past"),
        ({"lac_death_notified_on": TODAY + timedelta(days=1)}, "must be today or in the past"),
        ({"la_aware_on": YESTERDAY, "sent_on": LAST_WEEK}, "cannot have been sent before"),
        ({"la_aware_on": None}, "Enter the date the local authority became aware"),
    ],
)
def test_notification_dates_out_of_order_are_refused(screening, member, fields, message):
    values = {"sin_required": True, "la_aware_on": LAST_WEEK, "sent_on": None, **fields}
    with pytest.raises(ReferralStateError, match=message):
        services.sin_record(referral=screening, by=member, **values)
    assert Triage.objects.get().sin_required is None


def test_the_notification_cannot_be_recorded_before_triage_starts(referral, member):
    with pytest.raises(ReferralStateError):
        record_not_notifiable(referral, member, LAST_WEEK)


def test_the_sent_date_cannot_be_removed_once_the_rapid_review_started(in_rapid_review, member):
    with pytest.raises(ReferralStateError, match="rapid review has started"):
        record_not_notifiable(in_rapid_review, member, LAST_WEEK)


# --- The rapid review --------------------------------------------------------------------------


def test_a_rapid_review_starts_once_the_panel_is_notified(notified, member):
    rapid_review = rapid.rapid_review_start(
        referral=notified, by=member, started_on=TODAY, expected=S.SCREENING
    )
    notified.refresh_from_db()
    assert notified.status == S.RAPID_REVIEW
    assert rapid_review.due == Triage.objects.get().rapid_review_due
    assert actions(notified)[-1] == "triage.rapid_review_started"


def test_a_rapid_review_cannot_start_until_the_panel_has_been_notified(screening, member):
    with pytest.raises(
        ReferralStateError, match="A rapid review cannot start until the Panel has been notified"
    ):
        rapid.rapid_review_start(referral=screening, by=member, started_on=TODAY)
    screening.refresh_from_db()
    assert screening.status == S.SCREENING
    assert not RapidReview.objects.exists()


def test_a_rapid_review_cannot_start_before_the_notification_was_sent(notified, member):
    with pytest.raises(ReferralStateError, match="before the notification was sent"):
        rapid.rapid_review_start(referral=notified, by=member, started_on=LAST_WEEK)


def test_saving_the_rapid_review_record_keeps_every_field(in_rapid_review, member):
    rapid.rapid_review_save(
        referral=in_rapid_review,
        by=member,
        key_practice_episodes="Missed health appointments.",
        reg11_recurrent_themes=True,
        expected=S.RAPID_REVIEW,
        **SIGNED_OFF,
    )
    rapid_review = RapidReview.objects.get()
    assert rapid_review.key_practice_episodes == "Missed health appointments."
    assert rapid_review.reg11_recurrent_themes is True
    assert rapid_review.police_signed_off_by == "Detective Superintendent"
    assert actions(in_rapid_review)[-1] == "triage.rapid_review_saved"


def test_the_panels_response_waits_until_the_rapid_review_is_sent(in_rapid_review, member):
    with pytest.raises(ReferralStateError, match="after the rapid review is sent"):
        rapid.rapid_review_save(referral=in_rapid_review, by=member, panel_response="agrees")
    assert RapidReview.objects.get().panel_response == ""


def test_the_rapid_review_record_cannot_be_saved_before_it_starts(screening, member):
    with pytest.raises(ReferralStateError):
        rapid.rapid_review_save(referral=screening, by=member, good_practice="x")


def test_sending_to_the_panel_needs_the_three_partners_and_the_recommendation(in_rapid_review, member):
    with pytest.raises(ReferralStateError) as error:
        rapid.rapid_review_send_to_panel(referral=in_rapid_review, by=member, sent_on=TODAY)
    assert "the recommendation" in str(error.value)
    assert "the integrated care board's sign-off" in str(error.value)
    in_rapid_review.refresh_from_db()
    assert in_rapid_review.status == S.RAPID_REVIEW


def test_a_signed_off_rapid_review_is_sent_to_the_panel(in_rapid_review, member):
    rapid.rapid_review_save(referral=in_rapid_review, by=member, **SIGNED_OFF)
    rapid.rapid_review_send_to_panel(
        referral=in_rapid_review, by=member, sent_on=TODAY, expected=S.RAPID_REVIEW
    )
    in_rapid_review.refresh_from_db()
    triage = Triage.objects.get()
    assert in_rapid_review.status == S.AWAITING_DECISION
    assert triage.rapid_review.sent_to_panel_on == TODAY
    assert triage.next_due is None  # both clocks done
    assert actions(in_rapid_review)[-1] == "triage.rapid_review_completed"


def test_a_rapid_review_cannot_be_sent_before_it_started(notified, member):
    with pytest.raises(ReferralStateError):
        rapid.rapid_review_send_to_panel(referral=notified, by=member, sent_on=TODAY)


def test_the_sent_date_cannot_be_before_the_start(in_rapid_review, member):
    rapid.rapid_review_save(referral=in_rapid_review, by=member, **SIGNED_OFF)
    with pytest.raises(ReferralStateError, match="before it started"):
        rapid.rapid_review_send_to_panel(referral=in_rapid_review, by=member, sent_on=YESTERDAY)


# --- The local track ------------------------------------------------------------------------


def test_a_case_below_the_threshold_goes_straight_to_a_decision(screening, member):
    record_not_notifiable(screening, member, LAST_WEEK)
    services.triage_ready_for_decision(referral=screening, by=member, expected=S.SCREENING)
    screening.refresh_from_db()
    assert screening.status == S.AWAITING_DECISION


def test_a_case_to_notify_needs_a_rapid_review_before_the_decision(notified, member):
    with pytest.raises(ReferralStateError, match="needs a rapid review"):
        services.triage_ready_for_decision(referral=notified, by=member)


def test_a_case_not_yet_assessed_for_a_notification_cannot_go_for_a_decision(screening, member):
    with pytest.raises(ReferralStateError, match="Record whether"):
        services.triage_ready_for_decision(referral=screening, by=member)


# --- Withdrawing and merging ------------------------------------------------------------------


def test_a_coordinator_withdraws_an_open_referral_and_its_clocks_stop(screening, coordinator):
    services.triage_withdraw(referral=screening, by=coordinator, reason="Sent twice.", expected=S.SCREENING)
    screening.refresh_from_db()
    assert screening.status == S.WITHDRAWN
    assert screening.withdrawal_reason == "Sent twice."
    assert Triage.objects.get().next_due is None
    event = ReferralEvent.objects.filter(referral=screening).last()
    assert (event.action, event.note) == ("triage.withdrawn", "Sent twice.")


def test_a_member_cannot_withdraw(screening, member):
    with pytest.raises(ReferralStateError, match="Only a coordinator"):
        services.triage_withdraw(referral=screening, by=member, reason="No.")


def test_withdrawing_needs_a_reason(screening, coordinator):
    with pytest.raises(ReferralStateError, match="reason"):
        services.triage_withdraw(referral=screening, by=coordinator, reason=" ")


def test_a_decided_referral_cannot_be_withdrawn(coordinator):
    decided = submitted_referral_factory(status=S.DECIDED)
    with pytest.raises(ReferralStateError):
        services.triage_withdraw(referral=decided, by=coordinator, reason="Late.")


def test_a_coordinator_merges_a_referral_into_another(screening, coordinator):
    other = submitted_referral_factory()
    services.triage_merge(
        referral=screening, by=coordinator, into=other, reason="Same child.", expected=S.SCREENING
    )
    screening.refresh_from_db()
    assert screening.status == S.MERGED
    assert (
        ReferralEvent.objects.filter(referral=screening).last().note
        == f"Merged into {other.reference}: Same child."
    )
    assert ReferralEvent.objects.filter(referral=other, action="triage.merged_in").exists()


def test_a_referral_cannot_be_merged_into_itself(screening, coordinator):
    with pytest.raises(ReferralStateError, match="itself"):
        services.triage_merge(referral=screening, by=coordinator, into=screening, reason="x")


def test_a_referral_cannot_be_merged_into_a_withdrawn_one(screening, coordinator):
    withdrawn = submitted_referral_factory(status=S.WITHDRAWN)
    with pytest.raises(ReferralStateError, match="not open or decided"):
        services.triage_merge(referral=screening, by=coordinator, into=withdrawn, reason="x")
    screening.refresh_from_db()
    assert screening.status == S.SCREENING


def test_a_member_cannot_merge(screening, member):
    with pytest.raises(ReferralStateError, match="Only a coordinator"):
        services.triage_merge(referral=screening, by=member, into=submitted_referral_factory(), reason="x")


# --- Themes and conflicts ---------------------------------------------------------------------


def test_themes_are_tagged_and_noted(screening, member):
    neglect, _ = Theme.objects.get_or_create(slug="neglect-x", defaults={"name": "Neglect (test)"})
    services.themes_tag(referral=screening, by=member, themes=[neglect], expected=S.SCREENING)
    assert list(Triage.objects.get().themes.all()) == [neglect]
    assert ReferralEvent.objects.filter(referral=screening).last().note == "Themes: Neglect (test)"


def test_a_retired_theme_cannot_be_tagged(screening, member):
    retired = Theme.objects.create(name="Retired", slug="retired", is_active=False)
    with pytest.raises(ReferralStateError):
        services.themes_tag(referral=screening, by=member, themes=[retired])


def test_themes_wait_until_triage_starts(referral, member):
    with pytest.raises(ReferralStateError):
        services.themes_tag(referral=referral, by=member, themes=[])


def test_a_member_declares_a_conflict_of_interest_once(screening, member):
    services.conflict_declare(referral=screening, by=member, note="I supervised the social worker.")
    with pytest.raises(ReferralStateError, match="already declared"):
        services.conflict_declare(referral=screening, by=member)
    assert ConflictOfInterest.objects.get().note == "I supervised the social worker."
    assert actions(screening).count("triage.conflict_declared") == 1


def test_a_referrer_cannot_declare_a_conflict(screening):
    with pytest.raises(ReferralStateError):
        services.conflict_declare(referral=screening, by=screening.created_by)


def test_no_conflict_is_declared_on_a_withdrawn_referral(member):
    withdrawn = submitted_referral_factory(status=S.WITHDRAWN)
    with pytest.raises(ReferralStateError):
        services.conflict_declare(referral=withdrawn, by=member)


def test_the_earliest_clock_is_stored_for_sorting(screening, member):
    triage = Triage.objects.get()
    assert triage.next_due == triage.sin_due
    assert triage.sin_due > LAST_WEEK
    assert isinstance(triage.next_due, date)


def test_the_sent_date_cannot_move_after_the_rapid_review_started(notified, member):
    rapid.rapid_review_start(referral=notified, by=member, started_on=YESTERDAY)
    with pytest.raises(ReferralStateError, match="after the rapid review started"):
        services.sin_record(
            referral=notified, by=member, sin_required=True, la_aware_on=LAST_WEEK, sent_on=TODAY
        )
    assert Triage.objects.get().sin_sent_on == YESTERDAY


def test_the_panels_response_can_be_recorded_after_the_decision(in_rapid_review, member):
    rapid.rapid_review_save(referral=in_rapid_review, by=member, **SIGNED_OFF)
    rapid.rapid_review_send_to_panel(referral=in_rapid_review, by=member, sent_on=TODAY)
    in_rapid_review.status = S.DECIDED
    in_rapid_review.save()
    rapid.rapid_review_save(
        referral=in_rapid_review, by=member, panel_response="agrees", panel_response_on=TODAY
    )
    assert RapidReview.objects.get().panel_response == "agrees"


def test_the_referrals_clock_follows_triage_from_provisional_to_stopped(member):
    """Issue 16 §1: the provisional Panel notification (the referrer's awareness date) is
    replaced by the local authority's date when triage records it, and stops when the
    notification is sent or the case is recorded as not notifiable."""
    from cscp.calendar import add_working_days
    from referrals.models import Referral

    referral = submitted_referral_factory(aware_date=LAST_WEEK)

    def next_due():
        return Referral.objects.get(pk=referral.pk).next_due

    assert next_due() == add_working_days(LAST_WEEK, 5)
    services.triage_start(referral=referral, by=member)
    assert next_due() == add_working_days(LAST_WEEK, 5)

    services.sin_record(referral=referral, by=member, sin_required=True, la_aware_on=YESTERDAY)
    assert next_due() == add_working_days(YESTERDAY, 5)

    services.sin_record(referral=referral, by=member, sin_required=True, la_aware_on=YESTERDAY, sent_on=TODAY)
    triage = Triage.objects.get(referral=referral)
    assert next_due() == triage.rapid_review_due  # the notification is done: the rapid review's runs

    other = submitted_referral_factory(aware_date=LAST_WEEK)
    services.triage_start(referral=other, by=member)
    record_not_notifiable(other, member, LAST_WEEK)
    assert Referral.objects.get(pk=other.pk).next_due is None
