"""The Review Group's decision on a referral and who was told of it (domain.md §4.2, §4.3)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from referrals.models import Referral

from .cases import ReviewCase, ReviewType


class DecisionOutcome(models.TextChoices):
    SPR = "spr", "Full Safeguarding Practice Review"
    LEARNING_REVIEW = "learning_review", "Learning review"
    NEAR_MISS_INQUIRY = "near_miss_inquiry", "Near-miss inquiry"
    NO_REVIEW = "no_review", "No review"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred to another process"
    LINKED_TO_REVIEW = "linked_to_review", "Linked to an existing review"


# The outcomes that open a review case, and its type.
OUTCOME_REVIEW_TYPES = {
    DecisionOutcome.SPR: ReviewType.SPR,
    DecisionOutcome.LEARNING_REVIEW: ReviewType.LEARNING_REVIEW,
    DecisionOutcome.NEAR_MISS_INQUIRY: ReviewType.NEAR_MISS_INQUIRY,
}


class Decision(models.Model):
    """The Review Group's decision on a referral (domain.md §4.2). The rationale is internal;
    the referrer sees only the outcome and the message written for them."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=24, choices=DecisionOutcome.choices)
    referred_to = models.CharField(
        max_length=200, blank=True, help_text="Which process, when referred elsewhere."
    )
    linked_review = models.ForeignKey(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="linked_decisions"
    )
    review_case = models.OneToOneField(
        ReviewCase, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    rationale = models.TextField()
    message_to_referrer = models.TextField()
    criteria_assessment = models.JSONField(default=dict, blank=True)
    similar_referrals = models.ManyToManyField(Referral, blank=True, related_name="+")
    similar_reviews = models.ManyToManyField(ReviewCase, blank=True, related_name="+")
    decided_on = models.DateField()
    members_present = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    la_agreed_by = models.CharField(max_length=150, help_text="Local authority partner or delegate")
    icb_agreed_by = models.CharField(max_length=150, help_text="Integrated care board partner or delegate")
    police_agreed_by = models.CharField(max_length=150, help_text="Police partner or delegate")
    dissent = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["outcome", "decided_on"], name="decision_outcome_date_idx"),
            # The dashboard counts a year's decisions by outcome from this index alone.
            models.Index(fields=["decided_on", "outcome"], name="decision_date_outcome_idx"),
        ]

    def __str__(self):
        return f"Decision on {self.referral}"


class Communication(models.Model):
    """Who was told of the decision, how and when, or why not (domain.md §4.3)."""

    class Recipient(models.TextChoices):
        FAMILY = "family", "The family"
        PANEL = "panel", "The national Panel"
        REFERRER = "referrer", "The referrer"
        OFSTED = "ofsted", "Ofsted"
        DFE = "dfe", "Department for Education"
        AGENCY = "agency", "An agency"
        OTHER = "other", "Someone else"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Telephone"
        MEETING = "meeting", "In person"
        PORTAL = "portal", "This service"
        NOTIFICATION_SYSTEM = "notification_system", "Child Safeguarding Online Notification System"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="communications")
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    channel = models.CharField(max_length=24, choices=Channel.choices, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    by_whom = models.CharField(max_length=150, blank=True)
    not_sent_reason = models.TextField(blank=True, help_text="Why they were not told, where they were not.")
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return f"Communication to {self.get_recipient_display()} on {self.referral}"
