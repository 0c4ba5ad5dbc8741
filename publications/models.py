"""Publications (domain.md §5, §7.3): what the public may read about a review, kept apart from
the case it came from. Only the fields of Publication marked public, its sections and its
rendered PDFs ever reach the public site, and only once published and not withdrawn.

The anonymisation guard (publications/guard/checks.py) checks every public field, the slug, the
file names, the PDF metadata and text against the protected terms before anything is published."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reviews.models import ReviewCase, ReviewType, Theme


class AgeBand(models.TextChoices):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_14 = "10_14", "10 to 14"
    AGE_15_17 = "15_17", "15 to 17"
    AGE_18_25 = "18_25", "18 to 25 (care leavers)"
    SEVERAL = "several", "Several age groups"


def _upload_path(publication, filename):
    # Random name: the uploaded file's own name may identify someone (it is checked by the guard).
    return f"publications/uploads/{uuid.uuid4().hex}.pdf"


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """What the public site may show: live (published and not withdrawn)."""
        return self.filter(status=Publication.Status.LIVE)


class Publication(models.Model):
    """One published output: a review's report (one per review case), or a standalone item for
    a thematic review or national learning. Public fields are marked as such below."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Review report"
        THEMATIC = "thematic", "Thematic review"
        NATIONAL = "national", "National learning"

    class Mode(models.TextChoices):
        FULL = "full", "Full report"
        SUMMARY = "summary", "Summary only"
        IMPROVEMENTS = "improvements", "Improvements information only"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class ReportSource(models.TextChoices):
        SECTIONS = "sections", "Written here, in sections"
        UPLOAD = "upload", "An uploaded PDF"

    case = models.OneToOneField(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="publication"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REVIEW)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)

    # --- Public fields. ---
    title = models.CharField(max_length=200, help_text="With the agreed pseudonym, e.g. 'Emily' & 'Jack'.")
    pseudonym = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    review_type = models.CharField(max_length=24, choices=ReviewType.choices, blank=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.FULL)
    mode_reason = models.TextField(blank=True, help_text="Why the full report is not published.")
    summary = models.TextField(blank=True)
    learning = models.TextField(blank=True, help_text="Learning includes (one point per line).")
    recommendations = models.TextField(blank=True, help_text="Recommendations (one per line).")
    methodology = models.CharField(max_length=120, blank=True, help_text="The review model, e.g. SILP.")
    themes = models.ManyToManyField(Theme, blank=True, related_name="publications")
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Year of publication.")
    published_at = models.DateTimeField(null=True, blank=True)

    # --- Private: how the report is made, the workflow and its dates. ---
    report_source = models.CharField(
        max_length=12, choices=ReportSource.choices, default=ReportSource.SECTIONS
    )
    report_upload = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    report_upload_name = models.CharField(max_length=200, blank=True)
    # Bumped by every change of what the PDFs are made from; renders record which version they show.
    content_version = models.PositiveIntegerField(default=1)
    family_told_on = models.DateField(null=True, blank=True)
    family_not_told_reason = models.TextField(blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    min_public_until = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    last_edited_at = models.DateTimeField(default=timezone.now)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="publication_status_date_idx"),
            models.Index(fields=["status", "year"], name="publication_status_year_idx"),
        ]

    def __str__(self):
        return self.title

    def refresh_from_db(self, *args, **kwargs):
        # The reading of its upload is kept on the object for a request (uploads/services.py).
        self.__dict__.pop("_current_reading", None)
        super().refresh_from_db(*args, **kwargs)


class PublicationSection(models.Model):
    """A section of a report written here (introduction, key practice episodes, findings...)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.heading


class ProtectedTerm(models.Model):
    """Something that identifies the child or family and must never be published: filled from
    the referral (names, dates of birth, addresses, schools) and added to by hand. Held by the
    review case, or by a standalone publication that has no case."""

    class Source(models.TextChoices):
        CHILD_NAME = "child_name", "Child's name"
        FAMILY_NAME = "family_name", "Family member's name"
        DATE_OF_BIRTH = "date_of_birth", "Date of birth"
        KEY_DATE = "key_date", "Date of death or due date"
        ADDRESS = "address", "Address"
        SCHOOL = "school", "School or setting"
        MANUAL = "manual", "Added by hand"

    class Kind(models.TextChoices):
        """What a term is, which decides the ways it is looked for (guard/variants.py)."""

        NAME = "name", "A person's name"
        DATE = "date", "A date"
        ADDRESS = "address", "An address or postcode"
        SCHOOL = "school", "A school or setting"
        OTHER = "other", "Something else"

    case = models.ForeignKey(
        ReviewCase, null=True, blank=True, on_delete=models.CASCADE, related_name="protected_terms"
    )
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.CASCADE, related_name="protected_terms"
    )
    term = models.CharField(max_length=300)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    # Chosen by the coordinator for a term typed by hand; the others' kind follows their source.
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.OTHER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "term"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, publication__isnull=True)
                | Q(case__isnull=True, publication__isnull=False),
                name="protected_term_has_one_holder",
            ),
            models.UniqueConstraint(fields=["case", "term"], name="protected_term_unique_per_case"),
            models.UniqueConstraint(
                fields=["publication", "term"], name="protected_term_unique_per_publication"
            ),
        ]

    def __str__(self):
        return f"Protected term {self.pk}"  # never the term itself: it identifies someone


class RegisterEntry(models.Model):
    """One distinctive term of a referral in the partnership register (issue 14 §2), which every
    publication is checked against, with or without a case: a full name (first and last
    together), another name of two words or more, an address line, a postcode, a school. Kept in
    step with the referral (guard/register.py). Looked for by its variants' keyed hashes only, so
    an erased entry, its text gone, is still caught."""

    class Source(models.TextChoices):
        CHILD_NAME = "child_name", "Child's name"
        OTHER_NAME = "other_name", "Child's other name"
        FAMILY_NAME = "family_name", "Family member's name"
        PROFESSIONAL_NAME = "professional", "Professional named in the referral"
        ADDRESS = "address", "Address"
        SCHOOL = "school", "School or setting"
        DATE_OF_BIRTH = "date_of_birth", "Date of birth"
        KEY_DATE = "key_date", "Date of death, due date, incident or awareness date"

    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    term = models.CharField(max_length=300, blank=True)  # blank once erased
    # A date entry (no variants): it counts only written near a registered name of its referral.
    on = models.DateField(null=True, blank=True, db_index=True)
    # The referral it came from, kept when the referral's link is erased: which names a date
    # goes with (never shown; an id, not personal data).
    origin = models.PositiveBigIntegerField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["referral_id", "id"]
        verbose_name_plural = "register entries"

    def __str__(self):
        return f"Register entry {self.pk}"  # never the term: it identifies someone


class RegisterVariant(models.Model):
    """One way an entry is written, as a keyed hash of its folded words (never the words)."""

    entry = models.ForeignKey(RegisterEntry, on_delete=models.CASCADE, related_name="variants")
    digest = models.BinaryField(max_length=16, db_index=True)
    words = models.PositiveSmallIntegerField()

    def __str__(self):
        return f"Variant of register entry {self.entry_id}"


class GuardException(models.Model):
    """A hit of the anonymisation guard that two coordinators agreed does not identify anyone
    (issue 14 §4): "Will" in "you will see", a family's surname that is also a town's. It covers
    that one term with the five words either side of it, folded as the guard reads them, and
    nothing else: change any of those words and the hit is back. Neither the term nor its words
    are stored, only keyed hashes of them. It counts once a second coordinator confirms it."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    what = models.CharField(max_length=80)  # what was hit ("term:" or "register:" and a keyed hash)
    window = models.CharField(max_length=64)  # keyed hash of the term and the words around it
    location = models.CharField(max_length=120)  # where it was marked ("Summary")
    reason = models.TextField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["marked_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="guard_exception_item_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "what", "window"], name="guard_exception_unique_hit"
            )
        ]

    def __str__(self):
        return f"Guard exception {self.pk}"


class LiveCheck(models.Model):
    """The last re-check of one item the public can read (a live report, published key messages
    or link, an active theme) by the anonymisation guard (issue 14 §5): nightly, and soon after
    the terms change. Nothing is withdrawn automatically: coordinators are emailed once for each
    new hit and the dashboard lists what has hits."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    checked_at = models.DateTimeField(default=timezone.now)
    blocking = models.PositiveIntegerField(default=0)  # hits no confirmed mark covers
    problem = models.CharField(max_length=300, blank=True)  # why it could not be checked
    # The keys of the hits the coordinators were told about (keyed hashes, never words).
    alerted = models.JSONField(default=list, blank=True)
    # The guard's matching it was checked with (checks.MATCHER_VERSION): a newer one re-checks.
    matcher_version = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-blocking", "content_type_id", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="live_check_one_per_item")
        ]
        indexes = [models.Index(fields=["blocking"], name="live_check_blocking_idx")]

    def __str__(self):
        return f"Live check of {self.content_type_id}:{self.object_id}"


def _render_path(render, filename):
    # Random name: the file is served only through a view that checks the publication is live.
    return f"publications/renders/{render.publication_id}/{uuid.uuid4().hex}.pdf"


class Render(models.Model):
    """One rendering of a publication's PDF by the worker. The newest finished render of each
    kind is the one served, so the previous PDF stays available until the new one is ready."""

    class Kind(models.TextChoices):
        REPORT = "report", "Full report"
        BRIEFING = "briefing", "One-page briefing"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="renders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    content_version = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=_render_path, max_length=200, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["publication", "kind", "state"], name="render_current_idx"),
            models.Index(fields=["state", "started_at"], name="render_sweep_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} render {self.pk} of publication {self.publication_id}"


class UploadReading(models.Model):
    """An uploaded report read as a reader sees it (issue 15 §2-3, uploads/reading.py): by
    layout and by OCR, page by page, in the worker on its own queue. One per uploaded file;
    publishing waits until the current file's reading is done and every flagged page cleared."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be checked"
        RUNNING = "running", "Being checked"
        DONE = "done", "Checked"
        FAILED = "failed", "Could not be checked"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="readings")
    upload_hash = models.CharField(max_length=64)  # sha256 of the uploaded file that was read
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    tags = models.TextField(blank=True)  # the structure tree's /Alt, /ActualText and /E
    error = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # When this file was last uploaded (an upload of the same file again reuses its reading):
    # the latest requested is the publication's current reading.
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "upload_hash"], name="reading_one_per_file")
        ]
        indexes = [models.Index(fields=["state", "started_at"], name="reading_sweep_idx")]

    def __str__(self):
        return f"Reading {self.pk} of publication {self.publication_id}"


class ReadPage(models.Model):
    """One page of an uploaded report as read: its text by layout and by OCR, what a reader
    cannot see on it, and the flags a second coordinator must clear."""

    reading = models.ForeignKey(UploadReading, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    ocr_text = models.TextField(blank=True)
    hidden = models.JSONField(default=dict, blank=True)  # reason -> the text a reader cannot see
    image_share = models.FloatField(default=0)
    flags = models.JSONField(default=list, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["reading", "number"]
        constraints = [models.UniqueConstraint(fields=["reading", "number"], name="read_page_once")]

    def __str__(self):
        return f"Page {self.number} of reading {self.reading_id}"

    @property
    def needs_clearing(self) -> bool:
        return bool(self.flags) and self.cleared_at is None


class PublicationEvent(models.Model):
    """Who did what to a publication, when: its timeline and audit trail."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=60)
    from_status = models.CharField(max_length=12, choices=Publication.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Publication.Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} on publication {self.publication_id}"


class ApprovedText(models.Model):
    """Public text that is not a report (key messages, national learning links), published as a
    report is (issue 14 §1): the coordinators edit a draft (the fields in DRAFT_FIELDS); the
    public reads only the copy a second coordinator approved, after the anonymisation guard, into
    the live_ fields. A change to a published item waits, as a draft, for that approval: the
    published copy stays as it was until then."""

    DRAFT_FIELDS: tuple[str, ...] = ()

    is_published = models.BooleanField(default=False)
    # Bumped by every change of the draft; the approval names the version it saw.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def has_changes_waiting(self) -> bool:
        """Published, and the draft differs from what the public reads."""
        return self.is_published and any(
            getattr(self, field) != getattr(self, f"live_{field}") for field in self.DRAFT_FIELDS
        )


class KeyMessages(ApprovedText):
    """A year's key messages from the partnership's reviews, written by coordinators for /learning/."""

    DRAFT_FIELDS = ("title", "body")

    year = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="One message per paragraph.")
    live_title = models.CharField(max_length=200, blank=True)
    live_body = models.TextField(blank=True)
    publications = models.ManyToManyField(Publication, blank=True, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name_plural = "key messages"

    def __str__(self):
        return f"Key messages {self.year}"


class NationalLearningLink(ApprovedText):
    """A link to national learning (the Panel's reviews, the NSPCC repository) on /learning/."""

    DRAFT_FIELDS = ("title", "url", "description")

    title = models.CharField(max_length=200)
    url = models.URLField()
    description = models.CharField(max_length=300, blank=True)
    live_title = models.CharField(max_length=200, blank=True)
    live_url = models.URLField(blank=True)
    live_description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class PublicSiteVersion(models.Model):
    """A counter bumped, in the same transaction, by everything that changes what the public
    site shows (publishing, editing a live publication, withdrawing, key messages). Cached public
    pages are keyed by it, so every process (web workers, the Celery worker publishing on
    schedule) sees a change at once, whatever cache backend each one has."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Public site version {self.version}"
