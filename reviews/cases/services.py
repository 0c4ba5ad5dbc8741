"""The coordinator's changes to a review case besides its state (its moves are in
transitions.py): opening it, appointing a reviewer, recording the case's details, recording a
progress check. Each keeps the stored clocks in step and leaves a row on the case timeline.

Opening a case (domain.md §7.2): the decision that calls for a review opens it in its own
transaction, so a case never exists without the decision behind it."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from referrals.models import Referral

from ..lateness import FINAL_REPORT, PUBLICATION, case_steps
from ..models import (
    ProgressCheck,
    ReviewCase,
    ReviewCaseEvent,
    ReviewerAppointment,
    ReviewReferenceCounter,
    ReviewStatus,
    Theme,
)
from .clocks import TARGET_MONTHS, add_months, review_case_refresh
from .transitions import MOVERS, ReviewCaseError

# What the details form may change (review_case_update_details).
DETAIL_FIELDS = (
    "pseudonym",
    "methodology",
    "methodology_other",
    "scope_from",
    "scope_to",
    "terms_of_reference",
    "panel_informed_on",
    "ofsted_informed_on",
    "dfe_informed_on",
    "final_report_sent_panel_on",
    "final_report_sent_sos_on",
    "final_report_sent_ofsted_on",
    "planned_publication_on",
    "final_report_late_reason",
)


def next_review_reference(on: date) -> str:
    """REV-<year>-<nnn>: the next number of the year of `on`, under a row lock so that two
    decisions recorded at once get distinct numbers. Call it inside the deciding transaction."""
    # Make sure the year's row exists without racing another decision to create it.
    ReviewReferenceCounter.objects.bulk_create([ReviewReferenceCounter(year=on.year)], ignore_conflicts=True)
    counter = ReviewReferenceCounter.objects.select_for_update().get(year=on.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"REV-{on.year}-{counter.last_number:03d}"


def review_case_open(
    *,
    referral: Referral,
    review_type: str,
    commissioned_on: date,
    by: User,
    themes: Iterable[Theme] = (),
) -> ReviewCase:
    """A commissioned review case for `referral`, due for publication six months after the
    decision. The caller holds the transaction (decision_record)."""
    case = ReviewCase.objects.create(
        reference=next_review_reference(commissioned_on),
        review_type=review_type,
        status=ReviewStatus.COMMISSIONED,
        commissioned_on=commissioned_on,
        target_publication_on=add_months(commissioned_on, TARGET_MONTHS),
        created_by=by,
    )
    case.referrals.add(referral)
    if themes:
        case.themes.set(themes)
    return case


def check_coordinator(by: User) -> None:
    if not by.has_role(*MOVERS):
        raise ReviewCaseError("Only coordinators can change a review case.")


def case_event(case: ReviewCase, action: str, by: User, note: str = "") -> None:
    ReviewCaseEvent.objects.create(
        case=case, action=action, from_status=case.status, to_status=case.status, actor=by, note=note
    )


def review_case_appoint(
    *, case: ReviewCase, reviewer: User, appointed_on: date, by: User
) -> ReviewerAppointment:
    check_coordinator(by)
    if not reviewer.has_role(Role.REVIEWER):
        raise ReviewCaseError("Choose someone with the independent reviewer role.")
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if locked.appointments.filter(reviewer=reviewer, ended_on__isnull=True).exists():
            raise ReviewCaseError(
                f"{reviewer.full_name or reviewer.email} is already appointed to this case."
            )
        appointment = ReviewerAppointment.objects.create(
            case=locked, reviewer=reviewer, appointed_on=appointed_on
        )
        case_event(locked, "review.reviewer_appointed", by, reviewer.full_name or reviewer.email)
    return appointment


def review_case_update_details(*, case: ReviewCase, by: User, **details) -> ReviewCase:
    check_coordinator(by)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not case details: {sorted(unknown)}")
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        for name, value in details.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*details, "updated_at"])
        review_case_refresh(locked)
        case_event(locked, "review.details_updated", by)
    return locked


# The case's own late steps and the field each keeps its reason in (contributions: contributions.py).
LATE_REASON_FIELDS = {FINAL_REPORT: "final_report_late_reason", PUBLICATION: "publication_late_reason"}


def case_late_reason_record(*, case: ReviewCase, by: User, step: str, reason: str) -> ReviewCase:
    """Keep why the final report or the publication was late, with the step (lateness.py), in
    any stage: the Panel may ask after the case has closed. Refused for a step not done late."""
    check_coordinator(by)
    if not reason.strip():
        raise ReviewCaseError("Enter why it was late")
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        found = case_steps(locked).get(step)
        if found is None or not found.is_late or step not in LATE_REASON_FIELDS:
            raise ReviewCaseError("That step was not done late, so there is no reason to record.")
        setattr(locked, LATE_REASON_FIELDS[step], reason.strip())
        locked.save(update_fields=[LATE_REASON_FIELDS[step], "updated_at"])
        case_event(locked, "review.late_reason_recorded", by, f"{found.name}: {reason.strip()}")
    return locked


def progress_check_record(
    *,
    case: ReviewCase,
    by: User,
    checked_on: date,
    rag: str,
    notes: str = "",
    info_requested_in_writing_on: date | None = None,
) -> ProgressCheck:
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        # The coordinators, and the independent reviewer appointed to the case (README: roles).
        appointed = (
            by.has_role(Role.REVIEWER)
            and locked.appointments.filter(reviewer=by, ended_on__isnull=True).exists()
        )
        if not (by.has_role(*MOVERS) or appointed):
            raise ReviewCaseError("Only coordinators and the case's reviewer can record a progress check.")
        check = ProgressCheck.objects.create(
            case=locked, checked_on=checked_on, rag=rag, notes=notes,
            info_requested_in_writing_on=info_requested_in_writing_on, recorded_by=by,
        )  # fmt: skip
        review_case_refresh(locked)
        case_event(locked, "review.progress_checked", by, f"{check.get_rag_display()}: {notes}".strip(": "))
    return check
