"""The coordinators' changes to a publication before it is published and while it is live
(issue 6 §1-§4): starting one from a review case or on its own, its details, sections and
uploaded report. One service per change, each in a transaction with the publication row locked,
a row on its timeline, `public_cache.bump()` whenever the public can see the change, and renders
asked for whenever the content changes (enqueued with `transaction.on_commit`)."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from cscp.accounts.models import User
from reviews.models import Methodology, ReviewCase, ReviewStatus, ReviewType

from ..models import Publication, PublicationSection
from ..public import cache as public_cache
from ..rendering.services import request_renders
from ..services import PublicationError, check_publisher, lock_publication, publication_event

P = Publication.Status
S = ReviewStatus

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

# The messages the user sees.
ONE_PER_CASE = "This review already has a publication"
NOT_PDF = "The report must be a PDF"


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
    from ..guard import terms

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
        request_renders(publication)
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
        request_renders(publication)
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
        request_renders(publication)
    if publication.status == P.LIVE:
        public_cache.bump()


def _check_live_edit(publication: Publication, pdfs: dict | None = None) -> None:
    """A live publication's fields are public at once: refuse a change that puts a protected
    term in them (the transaction is rolled back)."""
    if publication.status != P.LIVE:
        return
    from ..guard import checks

    try:
        hits = checks.check_publication(publication, pdfs=pdfs or {})
    except checks.GuardError as error:
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
        locked = lock_publication(publication)
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
        locked = lock_publication(publication)
        _editable(locked)
        last = locked.sections.aggregate(last=Max("position"))["last"] or 0
        section = PublicationSection.objects.create(
            publication=locked, position=last + 1, heading=heading, body=body
        )
        _edited(locked, by, "publication.section_added", f"Section {section.position}")
    return section


def _lock_section(section: PublicationSection, by: User) -> tuple[Publication, PublicationSection]:
    check_publisher(by)
    locked = lock_publication(section.publication)
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
    """The full report as an uploaded PDF (checked by referrals.documents.checks.check_upload;
    refused if it cannot be opened and rebuilt, uploads/sanitise.py); its reading by layout and
    OCR is queued (uploads/services.py); its own name is kept (the guard checks it) but the
    stored file has a random name."""
    from referrals.documents.checks import check_upload

    check_publisher(by)
    try:
        checked = check_upload(upload)
    except ValidationError as error:
        raise PublicationError(error.messages[0]) from None
    if checked.content_type != "application/pdf":
        raise PublicationError(NOT_PDF)
    from ..guard import checks
    from ..uploads import sanitise
    from ..uploads.services import reading_request, rebuild_for

    upload.seek(0)
    try:
        # What the public would get (the rebuilt copy) must be readable, so it can be checked;
        # a scan is read by OCR in the worker, its pages flagged for a second look.
        rebuilt = rebuild_for(publication, upload.read())
        checks.read_pdf(rebuilt.content)
    except (sanitise.SanitiseError, checks.GuardError) as error:
        raise PublicationError(str(error)) from None
    with transaction.atomic():
        locked = lock_publication(publication)
        _editable(locked)
        upload.seek(0)
        locked.report_upload.save("report.pdf", upload, save=False)
        locked.report_upload_name = checked.name[:200]
        locked.report_source = Publication.ReportSource.UPLOAD
        locked.save(update_fields=["report_upload", "report_upload_name", "report_source"])
        upload.seek(0)
        reading_request(locked, by, digest=hashlib.sha256(upload.read()).hexdigest(), pages=rebuilt.pages)
        if locked.status == P.LIVE:
            _check_live_edit(locked, pdfs={"report": rebuilt.content})
        removed = f"; removed for the public: {rebuilt.removed_sentence()}" if rebuilt.removed else ""
        _edited(locked, by, "publication.report_uploaded", f"{checked.size:,} bytes{removed}")
    locked.removed_for_public = rebuilt.removed_sentence()  # for the coordinator's message
    return locked
