"""The review case a decision opens (domain.md §5, §7.2): its type, states, events, reviewers,
progress checks and the counter its reference comes from."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referrals.models import Referral

from .themes import Theme


class ReviewType(models.TextChoices):
    SPR = "spr", "Safeguarding Practice Review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    NEAR_MISS_INQUIRY = "near_miss_inquiry", "Near-miss inquiry"
    THEMATIC = "thematic", "Thematic review"


class ReviewStatus(models.TextChoices):
    """domain.md §7.2; the transitions between them come with review case tracking."""

    COMMISSIONED = "commissioned", "Commissioned"
    SCOPING = "scoping", "Scoping"
    IN_PROGRESS = "in_progress", "In progress"
    DRAFT_REVIEW = "draft_review", "Draft review"
    FINAL_APPROVED = "final_approved", "Final approved"
    PRE_PUBLICATION = "pre_publication", "Pre-publication"
    PUBLISHED = "published", "Published"
    NOT_PUBLISHED = "not_published", "Not published"
    PUBLICATION_DEFERRED = "publication_deferred", "Publication deferred"
    ACTION_MONITORING = "action_monitoring", "Action monitoring"
    CLOSED = "closed", "Closed"
    ON_HOLD = "on_hold", "On hold"


class Methodology(models.TextChoices):
    SYSTEMS = "systems", "Systems approach"
    SILP = "silp", "Significant Incident Learning Process (SILP)"
    APPRECIATIVE = "appreciative", "Appreciative inquiry"
    OTHER = "other", "Other"


class Rag(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class ReviewCase(models.Model):
    """A review the Review Group has commissioned. Opened by a decision in the same
    transaction; a thematic review links several referrals."""

    reference = models.CharField(max_length=20, unique=True)
    review_type = models.CharField(max_length=24, choices=ReviewType.choices)
    status = models.CharField(
        max_length=24, choices=ReviewStatus.choices, default=ReviewStatus.COMMISSIONED, db_index=True
    )
    referrals = models.ManyToManyField(Referral, related_name="review_cases", blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="review_cases")
    title = models.CharField(
        max_length=200, blank=True, help_text="Internal working title; never a child's name."
    )
    # The name the published report will use ('Child Q'), as agreed with the family.
    pseudonym = models.CharField(max_length=100, blank=True)
    commissioned_on = models.DateField()
    target_publication_on = models.DateField(db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    # Review case tracking (issue 5): the case's details, as the coordinator records them.
    methodology = models.CharField(max_length=24, choices=Methodology.choices, blank=True)
    methodology_other = models.CharField(max_length=200, blank=True)
    scope_from = models.DateField(null=True, blank=True)
    scope_to = models.DateField(null=True, blank=True)
    terms_of_reference = models.TextField(blank=True)
    panel_informed_on = models.DateField(null=True, blank=True)
    ofsted_informed_on = models.DateField(null=True, blank=True)
    dfe_informed_on = models.DateField(null=True, blank=True)
    final_report_sent_panel_on = models.DateField(null=True, blank=True)
    final_report_sent_sos_on = models.DateField(null=True, blank=True)
    final_report_sent_ofsted_on = models.DateField(null=True, blank=True)
    # The date the partnership plans to publish: the final report is due with the Panel and
    # the Secretary of State 7 working days before it (reviews/lateness.py).
    planned_publication_on = models.DateField(null=True, blank=True)
    final_report_late_reason = models.TextField(blank=True)
    # The day the case was first published (set by the move to published); the 6-month target's
    # done date.
    published_on = models.DateField(null=True, blank=True, db_index=True)
    publication_late_reason = models.TextField(blank=True)
    # The later of the Panel and Secretary of State dates + 7 working days; kept by the service.
    earliest_publication_on = models.DateField(null=True, blank=True, db_index=True)
    not_published_reason = models.TextField(blank=True)
    deferred_reason = models.TextField(blank=True)
    on_hold_reason = models.TextField(blank=True)
    on_hold_from_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    # From the target clock and the latest progress check; stored so the list filters in SQL.
    rag = models.CharField(max_length=8, choices=Rag.choices, default=Rag.GREEN, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-commissioned_on", "-id"]

    def __str__(self):
        return self.reference


class ReviewCaseEvent(models.Model):
    """One move of a review case between states: the case timeline and its audit trail."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=60)
    from_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ReviewStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} on {self.case}"

    @property
    def description(self) -> str:
        """'Reviewer appointed' for review.reviewer_appointed, for the timeline."""
        return self.action.removeprefix("review.").replace("_", " ").capitalize()


class ReviewerAppointment(models.Model):
    """An independent reviewer (a user with the reviewer role) appointed to a case."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="appointments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_appointments"
    )
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["appointed_on", "id"]
        indexes = [models.Index(fields=["reviewer", "ended_on"], name="appointment_reviewer_idx")]

    def __str__(self):
        return f"{self.reviewer} on {self.case}"


class ProgressCheck(models.Model):
    """A regular check on a case's progress, with its RAG rating."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="progress_checks")
    checked_on = models.DateField()
    rag = models.CharField(max_length=8, choices=Rag.choices)
    notes = models.TextField(blank=True)
    info_requested_in_writing_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"Progress check on {self.case} ({self.checked_on})"


class ReviewReferenceCounter(models.Model):
    """The last review case number issued in a year (REV-<year>-<nnn>); locked while the next
    is allocated."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"
