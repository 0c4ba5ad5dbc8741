"""The statutory steps that have a due date, whether each was done late, by how much, and why
(issue 16 §2). The Panel asks the reason for every late step, so the reason is kept with the step
(a field on the record the step belongs to) and shown and exported wherever the step is.

- Panel notification: due 5 working days after the local authority became aware (clocks.py);
  done when sent. Stops without being done when the case is recorded as not notifiable.
- Rapid review: due 15 working days after its start (clocks.py); done when sent to the Panel.
- Final report to the Panel and the Secretary of State: due 7 working days before the planned
  publication date (the latest day that still leaves 7 working days); done when it has gone to
  both. Moving the planned date earlier can make a report already sent late.
- Publication: due 6 calendar months after the decision (the case's target date); done on the
  day the case was first published. Counted in calendar days, as the months clock is.
- Agency contributions: each has its own due date; done when received.

Lateness is the working days (calendar days for publication) from the due date to the done
date; a step done on or before its due date is on time.
"""

from dataclasses import dataclass
from datetime import date

from cscp.calendar import day_count, days_late, long_date, working_days_between

from .cases.clocks import final_report_due, final_report_sent_on
from .models import AgencyContribution, RapidReview, ReviewCase, ReviewStatus, Triage

NOTIFICATION = "notification"
RAPID_REVIEW = "rapid_review"
FINAL_REPORT = "final_report"
PUBLICATION = "publication"
CONTRIBUTION = "contribution"

STEP_NAMES = {
    NOTIFICATION: "Panel notification",
    RAPID_REVIEW: "Rapid review sent to the Panel",
    FINAL_REPORT: "Final report sent to the Panel and the Secretary of State",
    PUBLICATION: "Publication within 6 months of the decision",
    CONTRIBUTION: "Agency contributions",
}

# What the reason form asks, for each step.
REASON_QUESTIONS = {
    NOTIFICATION: "Why was the notification sent to the Panel late?",
    RAPID_REVIEW: "Why was the rapid review sent to the Panel late?",
    FINAL_REPORT: "Why was the final report sent late?",
    PUBLICATION: "Why was the review published later than 6 months after the decision?",
    CONTRIBUTION: "Why did the contribution come late?",
}

# Publication has no due date to meet once a case will not be published.
NOT_PUBLISHING = (ReviewStatus.NOT_PUBLISHED,)


@dataclass(frozen=True)
class Step:
    key: str
    due: date
    done_on: date | None
    reason: str = ""
    calendar_days: bool = False  # the months clock: lateness in calendar days

    @property
    def name(self) -> str:
        return STEP_NAMES[self.key]

    def days_after_due(self, day: date) -> int:
        if self.calendar_days:
            return (day - self.due).days
        return working_days_between(self.due, day)

    @property
    def late_by(self) -> int:
        """How late it was done (0 when on time or not done yet)."""
        return days_late(self.due, self.done_on, calendar_days=self.calendar_days)

    @property
    def is_late(self) -> bool:
        return self.late_by > 0

    @property
    def needs_reason(self) -> bool:
        return self.is_late and not self.reason.strip()

    def open_past_due(self, today: date) -> bool:
        return self.done_on is None and self.days_after_due(today) > 0

    @property
    def lateness(self) -> str:
        """'3 working days late', '12 days late' (calendar days), or '' when on time."""
        if not self.is_late:
            return ""
        return f"{day_count(self.late_by, calendar_days=self.calendar_days)} late"


# How the reason's error message names what was done, for each step.
DONE_WORDS = {
    NOTIFICATION: ("the notification was sent late", "sent"),
    RAPID_REVIEW: ("the rapid review was sent late", "sent"),
    FINAL_REPORT: ("the final report was sent late", "sent"),
    PUBLICATION: ("the review was published late", "published"),
    CONTRIBUTION: ("the contribution came late", "received"),
}


def missing_reason(key: str, due: date | None, done_on: date | None, reason: str) -> str:
    """The error for a form that records a step done late with no reason ('' when it is on
    time or has one): checked before anything is saved, from the dates the form was given."""
    if due is None or done_on is None or reason.strip():
        return ""
    step = Step(key, due, done_on, calendar_days=key == PUBLICATION)
    if not step.is_late:
        return ""
    what, verb = DONE_WORDS[key]
    late_by = day_count(step.late_by, calendar_days=step.calendar_days)
    return f"Enter why {what}: it was {verb} {late_by} after it was due on {long_date(due)}"


# --- Each step, from the record it belongs to --------------------------------------------------


def notification_step(triage: Triage) -> Step | None:
    if triage.sin_required is False or triage.sin_due is None:
        return None
    return Step(NOTIFICATION, triage.sin_due, triage.sin_sent_on, triage.sin_late_reason)


def provisional_notification_step(referral) -> Step | None:
    """Before triage: the Panel notification due from the referrer's awareness date
    (Referral.next_due), not sent yet."""
    return Step(NOTIFICATION, referral.next_due, None) if referral.next_due else None


def rapid_review_step(triage: Triage, rapid_review: RapidReview | None) -> Step | None:
    if triage.sin_required is False or triage.rapid_review_due is None:
        return None
    if rapid_review is None:
        return Step(RAPID_REVIEW, triage.rapid_review_due, None)
    return Step(
        RAPID_REVIEW, triage.rapid_review_due, rapid_review.sent_to_panel_on, rapid_review.sent_late_reason
    )


def triage_steps(triage: Triage, rapid_review: RapidReview | None) -> dict[str, Step]:
    """The triage's steps that apply, by key."""
    steps = {NOTIFICATION: notification_step(triage), RAPID_REVIEW: rapid_review_step(triage, rapid_review)}
    return {key: step for key, step in steps.items() if step is not None}


def final_report_step(case: ReviewCase) -> Step | None:
    if case.planned_publication_on is None:
        return None
    due = final_report_due(case.planned_publication_on)
    return Step(FINAL_REPORT, due, final_report_sent_on(case), case.final_report_late_reason)


def publication_step(case: ReviewCase) -> Step | None:
    if case.published_on is None and (case.status in NOT_PUBLISHING or case.status == ReviewStatus.CLOSED):
        return None
    return Step(
        PUBLICATION,
        case.target_publication_on,
        case.published_on,
        case.publication_late_reason,
        calendar_days=True,
    )


def contribution_step(contribution: AgencyContribution) -> Step:
    return Step(CONTRIBUTION, contribution.due_on, contribution.received_on, contribution.late_reason)


def case_steps(case: ReviewCase) -> dict[str, Step]:
    """The case's own steps that apply, by key (its contributions each have theirs)."""
    steps = {FINAL_REPORT: final_report_step(case), PUBLICATION: publication_step(case)}
    return {key: step for key, step in steps.items() if step is not None}
