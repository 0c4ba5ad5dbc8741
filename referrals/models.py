"""A referral for consideration for a Safeguarding Practice Review (domain.md §3) and the
people and agencies it names. Child and family details are special-category data: they are
shown only to the referrer and to staff who may see the referral, and never leave the service
in an email, a log line, a URL or a task argument."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from cscp.accounts.models import Agency


class ReferralStatus(models.TextChoices):
    """domain.md §7.1, simplified. Submission and withdrawal belong to the intake; the states
    between are moved by the Review Group's triage."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    SCREENING = "screening", "Screening"
    RAPID_REVIEW = "rapid_review", "Rapid review"
    AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    MERGED = "merged", "Merged into another referral"


# The states in which a referral's statutory clocks run (reviews/clocks.py).
CLOCK_RUNNING_STATES = frozenset(
    {
        ReferralStatus.SUBMITTED,
        ReferralStatus.SCREENING,
        ReferralStatus.RAPID_REVIEW,
        ReferralStatus.AWAITING_DECISION,
    }
)


class Criterion(models.TextChoices):
    DEATH = (
        "death",
        "A child has died and abuse or neglect is known or suspected (including suspected suicide)",
    )
    SERIOUS_HARM = (
        "serious_harm",
        "A child has been seriously harmed and abuse or neglect is known or suspected",
    )
    LAC_DEATH = "lac_death", "A looked-after child has died"
    CARE_LEAVER_DEATH = "care_leaver_death", "A care leaver aged 24 or under has died"
    OUTSIDE_ENGLAND = (
        "outside_england",
        "A child normally resident in the area has died or been seriously harmed outside England",
    )
    AGENCIES_WORKING_TOGETHER = (
        "agencies_working_together",
        "There are concerns about how agencies worked together",
    )
    GOOD_PRACTICE = "good_practice", "The case shows good practice to learn from"
    POOR_PRACTICE = "poor_practice", "The case shows poor practice to learn from"
    NEAR_MISS = "near_miss", "A near miss: serious harm or death was averted"


class ParallelProcess(models.TextChoices):
    POLICE_INVESTIGATION = "police_investigation", "Police investigation"
    PROSECUTION = "prosecution", "Criminal prosecution"
    INQUEST = "inquest", "Coroner's inquest"
    CDOP = "cdop", "Child death review (CDOP)"
    DHR = "dhr", "Domestic homicide review (DHR)"
    SAR = "sar", "Safeguarding adults review (SAR)"
    SINGLE_AGENCY = "single_agency", "Single-agency review or serious incident investigation"


class RequestedReviewType(models.TextChoices):
    SPR = "spr", "Safeguarding Practice Review (full SPR)"
    LEARNING_REVIEW = "learning_review", "Learning review"
    NEAR_MISS_INQUIRY = "near_miss_inquiry", "Near-miss inquiry"
    NOT_SURE = "not_sure", "Not sure"


class AbuseOrNeglect(models.TextChoices):
    KNOWN = "known", "Known"
    SUSPECTED = "suspected", "Suspected"
    NOT_KNOWN_OR_SUSPECTED = "no", "Neither known nor suspected"


class CareStatus(models.TextChoices):
    NEITHER = "neither", "Neither"
    LOOKED_AFTER = "looked_after", "A looked-after child"
    CARE_LEAVER = "care_leaver", "A care leaver"


class YesNo(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class ReferralQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(created_by=user)

    def drafts(self):
        return self.filter(status=ReferralStatus.DRAFT)

    def submitted(self):
        return self.exclude(status=ReferralStatus.DRAFT)


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=24, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # B. The referrer and their agency (a snapshot: people move jobs).
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_job_title = models.CharField(max_length=150, blank=True)
    referrer_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)

    # C. The agency safeguarding lead consulted.
    lead_name = models.CharField(max_length=150, blank=True)
    lead_job_title = models.CharField(max_length=150, blank=True)
    lead_contact = models.CharField(max_length=200, blank=True)
    lead_agreed = models.CharField(max_length=8, choices=YesNo.choices, blank=True)
    lead_not_agreed_reason = models.TextField(blank=True)

    # G. What happened.
    incident_date = models.DateField(null=True, blank=True)
    aware_date = models.DateField(null=True, blank=True, help_text="When the referrer's agency became aware.")
    incident_description = models.TextField(blank=True)
    criteria = models.JSONField(default=list, blank=True)
    abuse_or_neglect = models.CharField(max_length=12, choices=AbuseOrNeglect.choices, blank=True)
    care_status = models.CharField(max_length=16, choices=CareStatus.choices, blank=True)
    reasons_criteria_met = models.TextField(blank=True)
    learning_anticipated = models.TextField(blank=True)
    requested_review_type = models.CharField(max_length=24, choices=RequestedReviewType.choices, blank=True)

    # Immediate concerns and action already taken, for this or other children.
    immediate_concerns = models.CharField(max_length=8, choices=YesNo.choices, blank=True)
    immediate_concerns_details = models.TextField(blank=True)
    actions_taken = models.TextField(blank=True)

    # H. Parallel processes, whether the family knows, media interest.
    parallel_processes = models.JSONField(default=list, blank=True)
    parallel_processes_details = models.TextField(blank=True)
    family_informed = models.CharField(max_length=8, choices=YesNo.choices, blank=True)
    family_informed_date = models.DateField(null=True, blank=True)
    family_informed_by = models.CharField(max_length=200, blank=True)
    family_not_informed_reason = models.TextField(blank=True)
    media_interest = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    media_interest_details = models.TextField(blank=True)

    # I. Declaration.
    declaration_confirmed = models.BooleanField(default=False)

    # Submission and withdrawal (set by services only).
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_urgent = models.BooleanField(default=False, help_text="A death, immediate concerns or media interest.")
    # The earliest statutory clock still running on this referral, from the moment it arrives
    # (reviews/clocks.py keeps it): before triage, the provisional Panel notification due date
    # (the referrer's awareness date + 5 working days); then triage's earliest open clock. The
    # queue sorts and filters on it, and the export shows it.
    next_due = models.DateField(null=True, blank=True)
    # Before triage: which reminder of the provisional clock the coordinators have had
    # (reviews/triage/reminders.py; triage takes it over when it starts).
    clock_reminders_sent = models.JSONField(default=dict, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    withdrawal_requested_at = models.DateTimeField(null=True, blank=True)
    withdrawal_request_reason = models.TextField(blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "status"], name="referral_owner_status_idx"),
            models.Index(fields=["status", "submitted_at"], name="referral_status_submitted_idx"),
            # The triage queue filters on state and urgency together.
            models.Index(fields=["status", "is_urgent"], name="referral_status_urgent_idx"),
            # "Overdue only" and "most urgent first".
            models.Index(fields=["status", "next_due"], name="referral_status_next_due_idx"),
        ]

    def __str__(self):
        return self.reference or f"Draft referral {self.public_id}"

    def save(self, *args, **kwargs):
        # A referral decided, closed, withdrawn or merged has no clock running, whichever path
        # moved it (Referral.next_due is what the queue sorts and filters on).
        if self.next_due is not None and self.status not in CLOCK_RUNNING_STATES:
            self.next_due = None
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "next_due" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "next_due"]
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == ReferralStatus.DRAFT


class Child(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NOT_KNOWN = "not_known", "Not known"

    class LegalStatus(models.TextChoices):
        NONE = "none", "None known"
        CHILD_IN_NEED = "child_in_need", "Child in need"
        CHILD_PROTECTION_PLAN = "cp_plan", "Child protection plan"
        LOOKED_AFTER = "looked_after", "Looked after"
        CARE_LEAVER = "care_leaver", "Care leaver"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    full_name = models.CharField(max_length=150, help_text="Name or initials")
    other_names = models.CharField(max_length=200, blank=True)
    is_unborn = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_due_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    home_address = models.TextField(blank=True)
    school_or_setting = models.CharField(max_length=200, blank=True)
    legal_status = models.CharField(max_length=16, choices=LegalStatus.choices, blank=True)
    date_of_death = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "children"
        # The staff search by date of birth (reviews/search/); its name indexes are PostgreSQL's
        # own, made by migration 0005.
        indexes = [models.Index(fields=["date_of_birth"], name="child_date_of_birth_idx")]

    def __str__(self):
        return f"Child {self.pk} of {self.referral}"


class FamilyMember(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="family_members")
    full_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=100, help_text="Relationship to the child or children")
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True)
    household_member = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)
    alleged_perpetrator = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Family member {self.pk} of {self.referral}"


class AgencyInvolved(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="agencies_involved")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency_name = models.CharField(max_length=200, blank=True, help_text="When the agency is not on the list")
    contact_name = models.CharField(max_length=150, blank=True)
    contact_details = models.CharField(max_length=200, blank=True)
    involvement = models.TextField(blank=True)
    still_involved = models.CharField(max_length=8, choices=YesNoUnknown.choices, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "agencies involved"

    def __str__(self):
        return self.agency.name if self.agency_id else self.agency_name

    @property
    def name(self) -> str:
        return self.agency.name if self.agency_id else self.agency_name


def _document_path(document, filename):
    # Random name: the original name (which may identify a child) is kept only in the database.
    return f"referrals/{document.referral.public_id}/{uuid.uuid4().hex}"


class ReferralDocument(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return f"Document {self.pk} of {self.referral}"


class ReferralEvent(models.Model):
    """One row per state change (style.md 3): the audit trail and the timeline."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=50)
    from_status = models.CharField(max_length=24, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ReferralStatus.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} on {self.referral}"


class ReferenceCounter(models.Model):
    """The last reference number issued in a year; locked while the next is allocated."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"
