"""The rapid review (domain.md §3 "Rapid review record fields", §7.1): starting it once the Panel
has been notified, completing its record, sending it to the Panel and recording the Panel's
response. Status changes go through transitions.referral_move, the record's fields through
services.referral_changing (the same lock, stale-form check and event row)."""

from datetime import date

from cscp.accounts.models import User
from referrals.models import Referral, ReferralStatus
from referrals.services import ReferralStateError

from ..clocks import triage_refresh_clocks
from ..models import RapidReview, Triage
from ..transitions import referral_move
from .services import _not_future, _triage, referral_changing

S = ReferralStatus

# The rapid review record may be completed until, and the Panel's response after, sending
# (the Panel answers in about 10 days, possibly after the Review Group has decided).
RAPID_REVIEW_STATES = frozenset({S.RAPID_REVIEW, S.AWAITING_DECISION, S.DECIDED})
NOT_NOTIFIED = "A rapid review cannot start until the Panel has been notified"

# The rapid review fields a user records on its form page (dates and sending have services).
RAPID_REVIEW_FIELDS = (
    "started_on",
    "meeting_dates",
    "agencies_asked",
    "returns_received",
    "key_practice_episodes",
    "context_and_inequalities",
    "good_practice",
    "areas_for_improvement",
    "immediate_actions",
    "reg11_improvements",
    "reg11_recurrent_themes",
    "reg11_agencies_working_together",
    "reg11_panel_suggested",
    "reg11_notes",
    "recommendation",
    "recommendation_rationale",
    "la_signed_off_by",
    "icb_signed_off_by",
    "police_signed_off_by",
    "panel_response_on",
    "panel_response",
    "panel_response_notes",
)


def rapid_review_start(
    *, referral: Referral, by: User, started_on: date, expected: str | None = None
) -> RapidReview:
    """screening -> rapid review. A rapid review follows a notification (domain.md §7.1): it
    cannot start before the Panel has been notified."""

    def guard(locked: Referral) -> None:
        triage = _triage(locked)
        if not (triage.sin_required and triage.sin_sent_on):
            raise ReferralStateError(NOT_NOTIFIED + ": record the date the notification was sent first.")
        _not_future(started_on, "The rapid review's start date")
        if started_on < triage.sin_sent_on:
            raise ReferralStateError(
                "The rapid review cannot start before the notification was sent to the Panel."
            )

    def change(locked: Referral) -> None:
        triage = _triage(locked)
        triage.referral = locked
        RapidReview.objects.create(triage=triage, started_on=started_on, due=started_on)
        triage_refresh_clocks(triage)  # sets the record's due date from the clock

    locked = referral_move(
        referral=referral, to=S.RAPID_REVIEW, by=by, expected=expected, guard=guard, change=change
    )
    return RapidReview.objects.get(triage__referral=locked)


def rapid_review_send_to_panel(
    *, referral: Referral, by: User, sent_on: date, late_reason: str = "", expected: str | None = None
) -> RapidReview:
    """rapid review -> awaiting decision: the record, signed off by the three safeguarding
    partners (domain.md §1.8) with its recommendation, is sent to the Panel (with why it was
    late, if it was)."""

    def guard(locked: Referral) -> None:
        # screening -> awaiting decision is a legal move (the local track), so check here.
        rapid_review = RapidReview.objects.filter(triage__referral=locked).first()
        if locked.status != S.RAPID_REVIEW or rapid_review is None:
            raise ReferralStateError("A rapid review cannot be sent to the Panel before it has started.")
        missing = rapid_review_missing(rapid_review)
        if missing:
            raise ReferralStateError(
                "The rapid review cannot be sent to the Panel yet. Record " + _and_list(missing) + "."
            )
        _not_future(sent_on, "The date sent to the Panel")
        if sent_on < rapid_review.started_on:
            raise ReferralStateError("The rapid review cannot be sent to the Panel before it started.")

    def change(locked: Referral) -> None:
        triage = _triage(locked)
        triage.referral = locked
        triage.rapid_review.sent_to_panel_on = sent_on
        triage.rapid_review.sent_late_reason = late_reason.strip()
        triage.rapid_review.save(update_fields=["sent_to_panel_on", "sent_late_reason", "updated_at"])
        triage_refresh_clocks(triage)

    locked = referral_move(
        referral=referral, to=S.AWAITING_DECISION, by=by, expected=expected, guard=guard, change=change
    )
    return RapidReview.objects.get(triage__referral=locked)


def rapid_review_missing(rapid_review: RapidReview) -> list[str]:
    """What must be recorded before the rapid review can go to the Panel."""
    required = {
        "recommendation": "the recommendation",
        "la_signed_off_by": "the local authority's sign-off",
        "icb_signed_off_by": "the integrated care board's sign-off",
        "police_signed_off_by": "the police's sign-off",
    }
    return [words for name, words in required.items() if not getattr(rapid_review, name)]


def rapid_review_save(*, referral: Referral, by: User, expected: str | None = None, **fields) -> RapidReview:
    """Save the rapid review record's fields (RAPID_REVIEW_FIELDS); the Panel's response only
    once it has been sent."""
    unknown = set(fields) - set(RAPID_REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"Not rapid review fields: {', '.join(sorted(unknown))}")
    with referral_changing(
        referral, by, "triage.rapid_review_saved", RAPID_REVIEW_STATES, expected
    ) as locked:
        triage = _triage(locked)
        rapid_review = triage.rapid_review
        for name, value in fields.items():
            setattr(rapid_review, name, value)
        _rapid_review_dates_in_order(rapid_review, triage)
        rapid_review.save(update_fields=[*fields, "updated_at"])
        triage.referral = locked
        triage_refresh_clocks(triage)
    return rapid_review


def _rapid_review_dates_in_order(rapid_review: RapidReview, triage: Triage) -> None:
    _not_future(rapid_review.started_on, "The rapid review's start date")
    _not_future(rapid_review.panel_response_on, "The date of the Panel's response")
    if triage.sin_sent_on and rapid_review.started_on < triage.sin_sent_on:
        raise ReferralStateError(
            "The rapid review cannot start before the notification was sent to the Panel."
        )
    answered = rapid_review.panel_response or rapid_review.panel_response_on
    if answered and not rapid_review.sent_to_panel_on:
        raise ReferralStateError("Record the Panel's response after the rapid review is sent to the Panel.")
    if rapid_review.panel_response_on and rapid_review.panel_response_on < rapid_review.sent_to_panel_on:
        raise ReferralStateError("The Panel cannot have responded before the rapid review was sent to it.")


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
