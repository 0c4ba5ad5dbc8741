"""The Review Group's triage of a referral (domain.md §2, §7.1): the triage record with its statutory
clocks and the serious incident notification, the rapid review, requests for information and
conflicts of interest."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referrals.models import Referral

from .themes import Theme


class ClockState(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DONE = "done", "Done"


class Triage(models.Model):
    """One per submitted referral: themes, the serious incident notification and the clocks,
    held as indexed due dates so that the queue sorts and filters in SQL."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="triage")
    themes = models.ManyToManyField(Theme, blank=True, related_name="triages")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Serious incident notification (SIN): only the local authority notifies the Panel.
    sin_required = models.BooleanField(
        null=True, help_text="Does the case meet the criteria to notify the Panel?"
    )
    la_aware_on = models.DateField(null=True, blank=True, help_text="When the local authority became aware.")
    sin_due = models.DateField(null=True, blank=True, db_index=True)
    sin_sent_on = models.DateField(null=True, blank=True)
    panel_reference = models.CharField(max_length=50, blank=True)
    # Why the case is not notifiable (required with sin_required False: the clock stops on it),
    # and why a notification was sent after its due date (the Panel asks).
    sin_not_required_reason = models.TextField(blank=True)
    sin_late_reason = models.TextField(blank=True)
    lac_death_notified_on = models.DateField(
        null=True,
        blank=True,
        help_text="Looked-after child's death notified to the Secretary of State and Ofsted.",
    )

    # Rapid review clock (the record itself is RapidReview).
    rapid_review_due = models.DateField(null=True, blank=True, db_index=True)

    # The earliest open clock, for "most urgent first" in SQL; kept by the clock service.
    next_due = models.DateField(null=True, blank=True, db_index=True)
    # What reminders have been sent, so a reminder goes once per change of a clock's state.
    reminders_sent = models.JSONField(default=dict, blank=True)

    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Triage of {self.referral}"


class RapidReview(models.Model):
    """The rapid review record (domain.md §3 "Rapid review record fields")."""

    class Recommendation(models.TextChoices):
        SPR = "spr", "A local child safeguarding practice review"
        OTHER_LEARNING = "other_learning", "Other learning (learning review, near-miss inquiry, audit)"
        NONE = "none", "No further review"
        NATIONAL = "national", "A national review may be appropriate"

    class PanelResponse(models.TextChoices):
        AGREES = "agrees", "Agrees with the recommendation"
        DISAGREES = "disagrees", "Disagrees with the recommendation"
        NATIONAL_REVIEW = "national_review", "Will carry out a national review"

    triage = models.OneToOneField(Triage, on_delete=models.CASCADE, related_name="rapid_review")
    started_on = models.DateField()
    due = models.DateField(db_index=True)
    meeting_dates = models.CharField(max_length=200, blank=True)
    agencies_asked = models.TextField(blank=True)
    returns_received = models.TextField(blank=True)
    key_practice_episodes = models.TextField(blank=True)
    context_and_inequalities = models.TextField(blank=True)
    good_practice = models.TextField(blank=True)
    areas_for_improvement = models.TextField(blank=True)
    immediate_actions = models.TextField(blank=True)
    reg11_improvements = models.BooleanField(default=False, help_text="(a) highlights improvements needed")
    reg11_recurrent_themes = models.BooleanField(default=False, help_text="(b) highlights recurrent themes")
    reg11_agencies_working_together = models.BooleanField(
        default=False, help_text="(c) concerns about two or more agencies working together"
    )
    reg11_panel_suggested = models.BooleanField(
        default=False,
        help_text="(d) the Panel considered it and concluded a local review may be more appropriate",
    )
    reg11_notes = models.TextField(blank=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommendation_rationale = models.TextField(blank=True)
    la_signed_off_by = models.CharField(max_length=150, blank=True)
    icb_signed_off_by = models.CharField(max_length=150, blank=True)
    police_signed_off_by = models.CharField(max_length=150, blank=True)
    sent_to_panel_on = models.DateField(null=True, blank=True)
    sent_late_reason = models.TextField(blank=True, help_text="Why it was sent after its due date.")
    panel_response_on = models.DateField(null=True, blank=True)
    panel_response = models.CharField(max_length=20, choices=PanelResponse.choices, blank=True)
    panel_response_notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Rapid review of {self.triage.referral}"


class InformationRequest(models.Model):
    """The Review Group asks the referrer for more; the referrer answers in their portal."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="information_requests")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self):
        return f"Information request {self.pk} on {self.referral}"


class ConflictOfInterest(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "member"], name="one_conflict_per_member")]

    def __str__(self):
        return f"Conflict of interest on {self.referral}"


class ReferralLink(models.Model):
    """The Review Group's answer to a likely duplicate (issue 17 §3): two referrals whose
    children matched (name and date of birth, or home address) are either about the same child
    and related (each triage page lists the other), or not (the match dismissed). Either way the
    reason is kept. One row a pair, the lower id first, so the answer holds on both pages."""

    class Kind(models.TextChoices):
        RELATED = "related", "Related: about the same child"
        DISMISSED = "dismissed", "Not the same child"

    first = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    matched_on = models.CharField(max_length=200, help_text="What matched when the group answered.")
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="link_lower_id_first"
            ),
        ]
        indexes = [models.Index(fields=["second"], name="referral_link_second_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.first_id} and {self.second_id}"

    def other(self, referral_id: int) -> int:
        return self.second_id if referral_id == self.first_id else self.first_id
