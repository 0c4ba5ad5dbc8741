"""The coordinators' changes to publications (issue 6 §1-§4, domain.md §7.3): one service per
change, coordinators only, each in a transaction with the publication row locked, a row on its
timeline (PublicationEvent), `public_cache.bump()` whenever the public can see the change, and
further work (renders, emails) enqueued with `transaction.on_commit`.

Publishing is a confirm step by a second coordinator: it is refused, and nothing changes, while
anything would make the published report wrong or unsafe (publish_checks). Scheduled publications
go live through `publish_due`, which runs the same checks again (all but the two-person rule).

Event notes never hold a protected term or any free text a coordinator typed about the child:
only labels, numbers and locations."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from reviews.cases.clocks import PRE_PUBLICATION_WORKING_DAYS, add_months
from reviews.cases.transitions import ReviewCaseError, review_mark_published
from reviews.models import Methodology, ReviewCase, ReviewStatus, ReviewType

from . import public_cache
from .models import KeyMessages, ProtectedTerm, Publication, PublicationEvent, PublicationSection, Render

P = Publication.Status
S = ReviewStatus

PUBLISHERS = (Role.COORDINATOR,)

# A review case can have its publication prepared from final approval (improvements information
# is published for a case whose full report is not).
STARTABLE = (S.FINAL_APPROVED, S.PRE_PUBLICATION, S.PUBLICATION_DEFERRED, S.NOT_PUBLISHED)

# What publication_update may change. Content fields are what the public reads and the PDFs are
# made from: changing one bumps content_version and asks for new renders.
CONTENT_FIELDS = (
    "title",
    "pseudonym",
    "slug",
    "mode",
    "mode_reason",
    "summary",
    "learning",
    "recommendations",
    "methodology",
    "age_band",
    "year",
    "themes",
    "report_source",
)
# When and whether the family was told: private, checked before publishing, not in any PDF.
FAMILY_FIELDS = ("family_told_on", "family_not_told_reason")
UPDATE_FIELDS = CONTENT_FIELDS + FAMILY_FIELDS

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 120
# Paths under /reports/ that are pages of their own, so no report may have them as its address.
RESERVED_SLUGS = frozenset({"feed"})
MIN_PUBLIC_MONTHS = 12

# The messages the user sees.
ONE_PER_CASE = "This review already has a publication"
LAST_EDITOR = "A second coordinator must publish: you made the last change"
VERSION_CHANGED = (
    "It changed while you were looking: someone edited the publication after this page was shown. "
    "Check it again before publishing."
)
RENDERS_NOT_READY = "The PDFs are still being prepared - wait a minute and try again"
NOT_PDF = "The report must be a PDF"
EARLIEST = (
    "Cannot publish before {day}, {days} working days after the report went to the Panel and the "
    "Secretary of State"
)
NO_EARLIEST = (
    "Cannot publish yet: record on the review case when the final report was sent to the Panel and "
    "to the Secretary of State (publication is allowed 7 working days after the later of the two)"
)
FAMILY_NOT_TOLD = "Record the date the family was told of publication, or why they were not told"
AUTOMATIC_TERM = (
    "This term comes from the referral and cannot be removed here: it would come back from the "
    "referral. Correct the referral instead."
)


class PublicationError(Exception):
    """A change to a publication that is not allowed now; the message is for the user."""


def check_publisher(by: User) -> None:
    if not by.has_role(*PUBLISHERS):
        raise PublicationError("Only coordinators can change a publication.")


def long_date(day: date) -> str:
    return date_format(day, "j F Y")


def publication_event(
    publication: Publication, action: str, by: User | None, note: str = "", from_status: str = ""
) -> PublicationEvent:
    return PublicationEvent.objects.create(
        publication=publication,
        action=action,
        from_status=from_status or publication.status,
        to_status=publication.status,
        actor=by,
        note=note,
    )


def _lock(publication: Publication) -> Publication:
    """The publication, locked; call inside a transaction."""
    return Publication.objects.select_for_update(of=("self",)).select_related("case").get(pk=publication.pk)


def _rendering():
    from . import rendering

    return rendering


def _unique_slug(base: str, exclude_pk: int | None = None) -> str:
    base = (slugify(base) or "untitled-review")[: SLUG_MAX - 4].strip("-") or "untitled-review"
    taken = RESERVED_SLUGS | set(
        Publication.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _methodology_label(case: ReviewCase) -> str:
    if case.methodology == Methodology.OTHER:
        return case.methodology_other[:120]
    return case.get_methodology_display()[:120] if case.methodology else ""


# --- Starting a publication -------------------------------------------------------------------


def publication_start(case: ReviewCase, by: User) -> Publication:
    """The publication of a review case, prepared from the case: one per case."""
    from . import terms

    check_publisher(by)
    with transaction.atomic():
        locked = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if Publication.objects.filter(case=locked).exists():
            raise PublicationError(ONE_PER_CASE)
        if locked.status not in STARTABLE:
            raise PublicationError(
                "A publication can be prepared once the final report is approved: this review is "
                f"{locked.get_status_display().lower()}."
            )
        pseudonym = locked.pseudonym.strip()
        thematic = locked.review_type == ReviewType.THEMATIC
        publication = Publication.objects.create(
            case=locked,
            kind=Publication.Kind.THEMATIC if thematic else Publication.Kind.REVIEW,
            title=pseudonym or "Untitled review",
            pseudonym=pseudonym,
            slug=_unique_slug(pseudonym or "untitled-review"),
            review_type=locked.review_type,
            mode=Publication.Mode.IMPROVEMENTS if locked.status == S.NOT_PUBLISHED else Publication.Mode.FULL,
            methodology=_methodology_label(locked),
            created_by=by,
            last_edited_by=by,
        )
        publication.themes.set(locked.themes.all())
        publication_event(publication, "publication.started", by, f"From review {locked.reference}")
        terms.sync_from_referrals(locked)
        _rendering().request_renders(publication)
    return publication


def publication_new_standalone(kind: str, title: str, by: User) -> Publication:
    """A thematic review or national learning item with no review case."""
    check_publisher(by)
    if kind not in (Publication.Kind.THEMATIC, Publication.Kind.NATIONAL):
        raise PublicationError("Choose a thematic review or national learning")
    title = (title or "").strip()
    if not title:
        raise PublicationError("Enter the title")
    with transaction.atomic():
        publication = Publication.objects.create(
            kind=kind,
            title=title[:200],
            slug=_unique_slug(title),
            review_type=ReviewType.THEMATIC if kind == Publication.Kind.THEMATIC else "",
            created_by=by,
            last_edited_by=by,
        )
        publication_event(publication, "publication.started", by, publication.get_kind_display())
        _rendering().request_renders(publication)
    return publication


# --- Editing ----------------------------------------------------------------------------------


def _editable(publication: Publication) -> None:
    if publication.status == P.WITHDRAWN:
        raise PublicationError("A withdrawn publication cannot be changed.")


def _edited(publication: Publication, by: User, action: str, note: str = "", content: bool = True) -> None:
    """After a change to `publication` (locked): a new content version and renders for it, the
    event, and the public cache if the public can see it. A scheduled publication goes back to
    draft: what was confirmed is no longer what would be published."""
    from_status = publication.status
    fields = []
    if content:
        # The two-person rule is about the content: who last changed it may not publish it.
        publication.last_edited_by, publication.last_edited_at = by, timezone.now()
        publication.content_version += 1
        fields += ["last_edited_by", "last_edited_at", "content_version"]
        if publication.status == P.SCHEDULED:
            publication.status, publication.scheduled_for = P.DRAFT, None
            fields += ["status", "scheduled_for"]
            note = f"{note}; schedule cancelled: publish again to confirm the change".lstrip("; ")
    if fields:
        publication.save(update_fields=fields)
    publication_event(publication, action, by, note, from_status=from_status)
    if content:
        _check_live_edit(publication)
        _rendering().request_renders(publication)
    if publication.status == P.LIVE:
        public_cache.bump()


def _check_live_edit(publication: Publication, pdfs: dict | None = None) -> None:
    """A live publication's fields are public at once: refuse a change that puts a protected
    term in them (the transaction is rolled back)."""
    if publication.status != P.LIVE:
        return
    from . import guard

    try:
        hits = guard.check_publication(publication, pdfs=pdfs or {})
    except guard.GuardError as error:
        raise PublicationError(str(error)) from error
    if hits:
        places = ", ".join(sorted({hit.location for hit in hits}))
        raise PublicationError(
            f"This publication is live, so the change was not saved: it would publish a protected "
            f"term ({places})."
        )


def validate_slug(slug: str, publication: Publication | None = None) -> str:
    slug = (slug or "").strip()
    if not slug:
        raise PublicationError("Enter the web address")
    if len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        raise PublicationError(
            f"The web address must be lowercase words, numbers and hyphens only, {SLUG_MAX} characters or less"
        )
    if slug in RESERVED_SLUGS:
        raise PublicationError(f"The web address cannot be “{slug}”: the site uses it. Choose another")
    taken = Publication.objects.filter(slug=slug)
    if publication is not None:
        taken = taken.exclude(pk=publication.pk)
    if taken.exists():
        raise PublicationError("That web address is already used by another publication")
    return slug


def publication_update(publication: Publication, by: User, **fields) -> Publication:
    """Change the publication's fields (UPDATE_FIELDS; themes: an iterable of Theme)."""
    check_publisher(by)
    unknown = set(fields) - set(UPDATE_FIELDS)
    if unknown:
        raise ValueError(f"Not publication fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock(publication)
        _editable(locked)
        if "slug" in fields:
            fields["slug"] = validate_slug(fields["slug"], locked)
        if "title" in fields and not (fields["title"] or "").strip():
            raise PublicationError("Enter the title")
        themes = fields.pop("themes", None)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
        if changed:
            locked.save(update_fields=changed)
        if themes is not None:
            before = set(locked.themes.values_list("pk", flat=True))
            if before != {theme.pk for theme in themes}:
                locked.themes.set(themes)
                changed.append("themes")
        if changed:
            content = any(name in CONTENT_FIELDS for name in changed)
            labels = ", ".join(Publication._meta.get_field(name).verbose_name for name in changed)
            _edited(locked, by, "publication.updated", f"Changed: {labels}", content=content)
    return locked


def section_add(publication: Publication, by: User, heading: str, body: str) -> PublicationSection:
    check_publisher(by)
    with transaction.atomic():
        locked = _lock(publication)
        _editable(locked)
        last = locked.sections.aggregate(last=Max("position"))["last"] or 0
        section = PublicationSection.objects.create(
            publication=locked, position=last + 1, heading=heading, body=body
        )
        _edited(locked, by, "publication.section_added", f"Section {section.position}")
    return section


def _lock_section(section: PublicationSection, by: User) -> tuple[Publication, PublicationSection]:
    check_publisher(by)
    locked = _lock(section.publication)
    _editable(locked)
    try:
        return locked, PublicationSection.objects.select_for_update().get(pk=section.pk, publication=locked)
    except PublicationSection.DoesNotExist:
        raise PublicationError("That section has been removed.") from None


def section_change(section: PublicationSection, by: User, heading: str, body: str) -> PublicationSection:
    with transaction.atomic():
        publication, locked = _lock_section(section, by)
        locked.heading, locked.body = heading, body
        locked.save(update_fields=["heading", "body"])
        _edited(publication, by, "publication.section_changed", f"Section {locked.position}")
    return locked


def section_remove(section: PublicationSection, by: User) -> None:
    with transaction.atomic():
        publication, locked = _lock_section(section, by)
        position = locked.position
        locked.delete()
        for number, remaining in enumerate(publication.sections.order_by("position", "id"), start=1):
            if remaining.position != number:
                remaining.position = number
                remaining.save(update_fields=["position"])
        _edited(publication, by, "publication.section_removed", f"Section {position}")


def section_move(section: PublicationSection, by: User, direction: str) -> None:
    """Swap the section with the one before ("up") or after ("down") it."""
    if direction not in ("up", "down"):
        raise PublicationError("Move a section up or down")
    with transaction.atomic():
        publication, locked = _lock_section(section, by)
        ordered = list(publication.sections.order_by("position", "id"))
        index = next(i for i, s in enumerate(ordered) if s.pk == locked.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            raise PublicationError(f"That section is already {'first' if direction == 'up' else 'last'}.")
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for number, item in enumerate(ordered, start=1):
            if item.position != number:
                item.position = number
                item.save(update_fields=["position"])
        _edited(publication, by, "publication.section_moved", f"Section {index + 1} moved {direction}")


def report_upload(publication: Publication, by: User, upload) -> Publication:
    """The full report as an uploaded PDF (checked by referrals.uploads.check_upload; refused if
    it has no text the guard can read); its own name is kept (the guard checks it) but the
    stored file has a random name."""
    from referrals.uploads import check_upload

    check_publisher(by)
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise PublicationError(error.messages[0]) from None
    if checked.content_type != "application/pdf":
        raise PublicationError(NOT_PDF)
    from . import guard

    upload.seek(0)
    try:
        guard.read_pdf(upload.read())  # a PDF whose text cannot be read cannot be checked
    except guard.GuardError as error:
        raise PublicationError(str(error)) from None
    with transaction.atomic():
        locked = _lock(publication)
        _editable(locked)
        upload.seek(0)
        locked.report_upload.save("report.pdf", upload, save=False)
        locked.report_upload_name = checked.name[:200]
        locked.report_source = Publication.ReportSource.UPLOAD
        locked.save(update_fields=["report_upload", "report_upload_name", "report_source"])
        if locked.status == P.LIVE:
            upload.seek(0)
            _check_live_edit(locked, pdfs={"report": upload.read()})
        _edited(locked, by, "publication.report_uploaded", f"{checked.size:,} bytes")
    return locked


# --- Protected terms --------------------------------------------------------------------------


def _publication_of(holder) -> Publication | None:
    if isinstance(holder, Publication):
        return holder
    return Publication.objects.filter(case=holder).first()


def term_add(holder, term: str, by: User) -> ProtectedTerm:
    """A term added by hand; holder: the review case, or a standalone publication."""
    check_publisher(by)
    term = " ".join((term or "").split())
    if not term:
        raise PublicationError("Enter the name, date, place or other detail to protect")
    if len(term) > 300:
        raise PublicationError("The term must be 300 characters or less")
    holder_field = "publication" if isinstance(holder, Publication) else "case"
    with transaction.atomic():
        existing = ProtectedTerm.objects.filter(**{holder_field: holder, "term__iexact": term})
        if existing.exists():
            raise PublicationError("That term is already protected")
        created = ProtectedTerm.objects.create(
            **{holder_field: holder}, term=term, source=ProtectedTerm.Source.MANUAL, added_by=by
        )
        if publication := _publication_of(holder):
            publication_event(publication, "publication.term_added", by, f"Protected term {created.pk}")
    return created


def term_remove(term: ProtectedTerm, by: User) -> None:
    check_publisher(by)
    if term.source != ProtectedTerm.Source.MANUAL:
        raise PublicationError(AUTOMATIC_TERM)
    with transaction.atomic():
        publication = _publication_of(term.publication or term.case)
        pk = term.pk
        term.delete()
        if publication:
            publication_event(publication, "publication.term_removed", by, f"Protected term {pk}")


# --- The checks before publishing -------------------------------------------------------------


@dataclass
class Check:
    """One thing that must be right before publishing: `message` says what is wrong."""

    key: str
    label: str
    ok: bool
    message: str = ""
    hits: list = field(default_factory=list)


def _check_renders(publication: Publication) -> Check:
    rendering = _rendering()
    ready = not rendering.renders_pending(publication) and rendering.renders_ready(publication)
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


def _check_guard(publication: Publication) -> Check:
    from . import guard

    label = "Anonymisation check"
    try:
        hits = guard.check_publication(publication)
    except guard.GuardError as error:
        return Check("guard", label, False, str(error))
    if hits:
        count = "1 protected term" if len(hits) == 1 else f"{len(hits)} protected terms"
        places = ", ".join(dict.fromkeys(hit.location for hit in hits))
        message = f"Remove every protected term before publishing: {count} found ({places})"
        return Check("guard", label, False, message, hits)
    return Check("guard", label, True)


def publish_checks(
    publication: Publication, on: date | None = None, *, guard_check: bool = True
) -> list[Check]:
    """Every check but the two-person rule and the version, in the order they are reported
    (the report first: without one, its PDF is never ready). The guard runs last (it reads the
    PDFs), and only once the PDFs are ready."""
    on = on or timezone.localdate()
    checks = [
        _check_report(publication),
        _check_renders(publication),
        _check_dates(publication, on),
        _check_case(publication),
        _check_family(publication),
    ]
    if guard_check:
        if checks[1].ok:
            checks.append(_check_guard(publication))
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
        locked = _lock(publication)
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
        locked = _lock(publication)
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
        locked = _lock(publication)
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


# --- Key messages -----------------------------------------------------------------------------


def key_messages_save(year: int, title: str, body: str, publications, by: User) -> KeyMessages:
    check_publisher(by)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise PublicationError("Enter the title")
    if not body:
        raise PublicationError("Enter the key messages")
    publications = list(publications)
    live = Publication.objects.public().filter(pk__in=[publication.pk for publication in publications])
    if live.count() != len({publication.pk for publication in publications}):
        raise PublicationError("Choose published reports only")
    with transaction.atomic():
        messages, _ = KeyMessages.objects.select_for_update().get_or_create(
            year=year, defaults={"title": title, "body": body, "updated_by": by}
        )
        messages.title, messages.body, messages.updated_by, messages.updated_at = (
            title,
            body,
            by,
            timezone.now(),
        )
        messages.save()
        messages.publications.set(publications)
        if messages.is_published:
            public_cache.bump()
    return messages


def _key_messages_set(messages: KeyMessages, by: User, published: bool) -> KeyMessages:
    check_publisher(by)
    with transaction.atomic():
        locked = KeyMessages.objects.select_for_update().get(pk=messages.pk)
        if locked.is_published != published:
            locked.is_published, locked.updated_by, locked.updated_at = published, by, timezone.now()
            locked.save(update_fields=["is_published", "updated_by", "updated_at"])
            public_cache.bump()
    return locked


def key_messages_publish(messages: KeyMessages, by: User) -> KeyMessages:
    return _key_messages_set(messages, by, True)


def key_messages_unpublish(messages: KeyMessages, by: User) -> KeyMessages:
    return _key_messages_set(messages, by, False)
