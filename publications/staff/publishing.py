"""Publishing (issue 6 §1-§4, domain.md §7.3: draft → scheduled → live → withdrawn): the confirm
step by a second coordinator, refused, with nothing changed, while anything would make the
published report wrong or unsafe (publish_checks); scheduled publications going live through
`publish_due`, which runs the same checks again (all but the two-person rule); withdrawing, and
its PDFs discarded. Each change locks the publication row, records a row on its timeline and
bumps the public cache when the public can see it."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.calendar import long_date
from reviews.cases.clocks import PRE_PUBLICATION_WORKING_DAYS, add_months
from reviews.cases.transitions import ReviewCaseError, review_mark_published
from reviews.models import ReviewStatus

from ..models import Publication, Render
from ..public import cache as public_cache
from ..rendering import selectors as render_selectors
from ..services import PublicationError, check_publisher, lock_publication, publication_event

P = Publication.Status
S = ReviewStatus

MIN_PUBLIC_MONTHS = 12

# The messages the user sees.
LAST_EDITOR = "A second coordinator must publish: you made the last change"
VERSION_CHANGED = (
    "It changed while you were looking: someone edited the publication after this page was shown. "
    "Check it again before publishing."
)
RENDERS_NOT_READY = "The PDFs are still being prepared - wait a minute and try again"
EARLIEST = (
    "Cannot publish before {day}, {days} working days after the report went to the Panel and the "
    "Secretary of State"
)
NO_EARLIEST = (
    "Cannot publish yet: record on the review case when the final report was sent to the Panel and "
    "to the Secretary of State (publication is allowed 7 working days after the later of the two)"
)
FAMILY_NOT_TOLD = "Record the date the family was told of publication, or why they were not told"


# --- The checks before publishing -------------------------------------------------------------


@dataclass
class Check:
    """One thing that must be right before publishing: `message` says what is wrong."""

    key: str
    label: str
    ok: bool
    message: str = ""
    hits: list = field(default_factory=list)
    # The guard's: each hit with its "not identifying" mark, or None (guard/exceptions.py).
    rows: list = field(default_factory=list)
    accepted: list = field(default_factory=list)  # (hit, mark) confirmed by two coordinators


def _check_renders(publication: Publication) -> Check:
    ready = not render_selectors.renders_pending(publication) and render_selectors.renders_ready(publication)
    return Check("renders", "PDFs made from the current content", ready, "" if ready else RENDERS_NOT_READY)


def _check_report(publication: Publication) -> Check:
    ok = True
    message = ""
    if publication.mode == Publication.Mode.FULL:
        if publication.report_source == Publication.ReportSource.UPLOAD:
            ok = bool(publication.report_upload)
            message = "Upload the full report as a PDF, or choose another way to publish"
        else:
            ok = publication.sections.exists()
            message = "Write the full report's sections, or upload it as a PDF"
    elif not publication.mode_reason.strip():
        ok, message = False, "Enter why the full report is not published"
    return Check("report", "The report", ok, "" if ok else message)


def _check_dates(publication: Publication, on: date) -> Check:
    case = publication.case
    label = "Earliest publication date"
    if case is None:
        return Check("earliest", label, True)
    if case.earliest_publication_on is None:
        return Check("earliest", label, False, NO_EARLIEST)
    if on < case.earliest_publication_on:
        message = EARLIEST.format(
            day=long_date(case.earliest_publication_on), days=PRE_PUBLICATION_WORKING_DAYS
        )
        return Check("earliest", label, False, message)
    return Check("earliest", label, True)


def _check_case(publication: Publication) -> Check:
    case = publication.case
    label = "The review case"
    if case is None or case.status == S.PRE_PUBLICATION:
        return Check("case", label, True)
    if case.status == S.NOT_PUBLISHED and publication.mode != Publication.Mode.FULL:
        return Check("case", label, True)
    return Check(
        "case",
        label,
        False,
        f"The review case is {case.get_status_display().lower()}: move it to pre-publication first",
    )


def _check_family(publication: Publication) -> Check:
    ok = bool(publication.family_told_on or publication.family_not_told_reason.strip())
    return Check("family", "The family told of publication", ok, "" if ok else FAMILY_NOT_TOLD)


def _check_upload_read(publication: Publication) -> Check:
    """An uploaded report read page by page in the worker, each flagged page cleared by a
    second coordinator (uploads/services.py)."""
    from ..uploads import services as uploads

    message = uploads.refusal(publication)
    return Check("upload", "The uploaded report read page by page", not message, message)


def anonymisation_check(publication: Publication) -> Check:
    from ..guard import checks, exceptions

    label = "Anonymisation check"
    try:
        hits = checks.check(publication)
    except checks.GuardError as error:
        return Check("guard", label, False, str(error))
    judged = exceptions.judge(publication, hits)
    rows = [(hit, judged.mark_of(hit)) for hit in hits]
    if judged.blocking:
        blocking = judged.blocking
        count = "1 protected term" if len(blocking) == 1 else f"{len(blocking)} protected terms"
        places = ", ".join(dict.fromkeys(hit.location for hit in blocking))
        message = f"Remove every protected term before publishing: {count} found ({places})"
        return Check("guard", label, False, message, hits, rows, judged.accepted)
    return Check("guard", label, True, "", hits, rows, judged.accepted)


def publish_checks(
    publication: Publication, on: date | None = None, *, guard_check: bool = True
) -> list[Check]:
    """Every check but the two-person rule and the version, in the order they are reported
    (the report first: without one, its PDF is never ready). The guard runs last (it reads the
    PDFs), and only once the PDFs are ready."""
    on = on or timezone.localdate()
    renders = _check_renders(publication)
    checks = [_check_report(publication)]
    read = None
    if publication.report_source == Publication.ReportSource.UPLOAD and publication.report_upload:
        read = _check_upload_read(publication)
        checks.append(read)
    checks += [renders, _check_dates(publication, on), _check_case(publication), _check_family(publication)]
    if guard_check:
        from ..uploads import services as uploads

        if read is not None and not uploads.read_through(publication):
            checks.append(
                Check("guard", "Anonymisation check", False, "Runs once the uploaded report has been read")
            )
        elif renders.ok:
            checks.append(anonymisation_check(publication))
        else:
            checks.append(Check("guard", "Anonymisation check", False, "Runs once the PDFs are ready"))
    return checks


def first_problem(checks: list[Check]) -> Check | None:
    return next((check for check in checks if not check.ok), None)


# --- Publishing -------------------------------------------------------------------------------


def _go_live(publication: Publication, by: User, now: datetime) -> None:
    """Make the (locked, checked) publication live; moves its case to published."""
    from_status = publication.status
    today = timezone.localdate(now)
    publication.status = P.LIVE
    publication.published_at = now
    publication.year = publication.year or today.year
    publication.min_public_until = add_months(today, MIN_PUBLIC_MONTHS)
    publication.published_by = by
    publication.scheduled_for = None
    publication.save(
        update_fields=["status", "published_at", "year", "min_public_until", "published_by", "scheduled_for"]
    )
    case = publication.case
    if case is not None and case.status == S.PRE_PUBLICATION:
        try:
            review_mark_published(case=case, by=by, note=f"Publication {publication.pk} published")
        except ReviewCaseError as error:
            raise PublicationError(str(error)) from error
    publication_event(publication, "publication.published", by, from_status=from_status)
    public_cache.bump()


def publication_publish(
    publication: Publication, by: User, expected_version: int, when: datetime | None = None
) -> Publication:
    """The confirm step: live now (when is None or past) or scheduled for `when`. Refused, with
    the reason and nothing changed, unless every check passes."""
    check_publisher(by)
    now = timezone.now()
    with transaction.atomic():
        locked = lock_publication(publication)
        if locked.status != P.DRAFT:
            raise PublicationError(
                f"This publication is {locked.get_status_display().lower()}: only a draft can be published."
            )
        if locked.last_edited_by_id == by.pk:
            raise PublicationError(LAST_EDITOR)
        if locked.content_version != expected_version:
            raise PublicationError(VERSION_CHANGED)
        future = when is not None and when > now
        on = timezone.localdate(when) if future else timezone.localdate(now)
        if problem := first_problem(publish_checks(locked, on)):
            raise PublicationError(problem.message)
        if future:
            locked.status, locked.scheduled_for, locked.published_by = P.SCHEDULED, when, by
            locked.save(update_fields=["status", "scheduled_for", "published_by"])
            note = f"For {date_format(timezone.localtime(when), 'j F Y, H:i')}"
            publication_event(locked, "publication.scheduled", by, note, from_status=P.DRAFT)
        else:
            _go_live(locked, by, now)
    return locked


publication_schedule = publication_publish


def publication_unschedule(publication: Publication, by: User) -> Publication:
    check_publisher(by)
    with transaction.atomic():
        locked = lock_publication(publication)
        if locked.status != P.SCHEDULED:
            raise PublicationError("This publication is not scheduled.")
        locked.status, locked.scheduled_for, locked.published_by = P.DRAFT, None, None
        locked.save(update_fields=["status", "scheduled_for", "published_by"])
        publication_event(locked, "publication.unscheduled", by, from_status=P.SCHEDULED)
    return locked


DUE_FAILED = "publication.publish_failed"
DUE_FAILED_TEMPLATE = "publications-publish-failed"


def publish_due(now: datetime | None = None) -> int:
    """Make the scheduled publications whose time has passed live, after every check again but
    the two-person rule. One that fails stays scheduled and the coordinators are emailed, once
    per failure. Returns how many went live."""
    now = now or timezone.now()
    due = Publication.objects.filter(status=P.SCHEDULED, scheduled_for__lte=now).values_list("pk", flat=True)
    return sum(_publish_one_due(pk, now) for pk in list(due))


def _publish_one_due(pk: int, now: datetime) -> int:
    with transaction.atomic():
        locked = (
            Publication.objects.select_for_update(of=("self",))
            .select_related("case", "published_by")
            .filter(pk=pk)
            .first()
        )
        if locked is None or locked.status != P.SCHEDULED or locked.scheduled_for > now:
            return 0  # another run published it, or it was unscheduled meanwhile
        problem = first_problem(publish_checks(locked, timezone.localdate(now)))
        if problem is None:
            try:
                with transaction.atomic():
                    _go_live(locked, locked.published_by, now)
                return 1
            except PublicationError as error:
                locked.refresh_from_db()
                problem = Check("case", "The review case", False, str(error))
        _record_due_failure(locked, problem)
    return 0


def _record_due_failure(publication: Publication, problem: Check) -> None:
    scheduled = publication.events.filter(action="publication.scheduled").order_by("-at", "-id").first()
    since = scheduled.at if scheduled else publication.scheduled_for
    note = f"Not published at its scheduled time: {problem.message}"
    if publication.events.filter(action=DUE_FAILED, at__gte=since, note=note).exists():
        return  # the coordinators already know
    publication_event(publication, DUE_FAILED, None, note)
    context = {
        "publication_id": publication.pk,
        "problem": problem.label,
        "url": settings.CSCP_SITE_URL + reverse("publications:detail", args=[publication.pk]),
    }
    from cscp.notifications.services import email_enqueue

    for coordinator in User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct():
        email_enqueue(
            to=coordinator.email, template=DUE_FAILED_TEMPLATE, context=context, recipient=coordinator
        )


# --- Withdrawing ------------------------------------------------------------------------------


def publication_withdraw(
    publication: Publication, by: User, reason: str, court_order: bool = False
) -> Publication:
    """Take a live publication down: its page says so, without content, and its PDFs are no
    longer served. Within 12 months of publishing only for a court order or another legal reason."""
    check_publisher(by)
    reason = (reason or "").strip()
    if not reason:
        raise PublicationError("Enter the reason for withdrawing the publication")
    with transaction.atomic():
        locked = lock_publication(publication)
        if locked.status != P.LIVE:
            raise PublicationError("Only a published publication can be withdrawn.")
        today = timezone.localdate()
        if locked.min_public_until and today < locked.min_public_until and not court_order:
            raise PublicationError(
                "A publication must stay public for 12 months, until "
                f"{long_date(locked.min_public_until)}, unless a court order or another legal reason "
                "requires it to be withdrawn"
            )
        locked.status = P.WITHDRAWN
        locked.withdrawn_at, locked.withdrawn_by = timezone.now(), by
        locked.withdrawal_reason = f"Court order or legal reason: {reason}" if court_order else reason
        locked.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        note = "For a court order or legal reason" if court_order else "After the minimum public period"
        publication_event(locked, "publication.withdrawn", by, note, from_status=P.LIVE)
        public_cache.bump()
        transaction.on_commit(lambda: discard_pdfs(locked.pk))
    return locked


def discard_pdfs(publication_id: int) -> int:
    """Delete a withdrawn publication's rendered PDFs from storage (a court order may require
    that they are gone, not merely unlinked). The render rows stay, without files, as the record
    of what was made. Returns how many files were deleted."""
    deleted = 0
    for render in Render.objects.filter(publication_id=publication_id).exclude(file=""):
        render.file.storage.delete(render.file.name)
        Render.objects.filter(pk=render.pk).update(file="")
        deleted += 1
    return deleted
