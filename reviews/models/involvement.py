"""The work of a review with others (issue 5 §3, domain.md §5): agency contributions,
practitioner events and the family's involvement."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .cases import ReviewCase
from .documents import CaseDocument


class AgencyContribution(models.Model):
    """What the review asked an agency for (a chronology, an agency report) and when it came
    back. Overdue is derived (not received and past its due date), never stored."""

    class Kind(models.TextChoices):
        CHRONOLOGY = "chronology", "Chronology"
        AGENCY_REPORT = "agency_report", "Agency report"
        RECORDS = "records", "Access to records"
        OTHER = "other", "Other information"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    contact = models.CharField(max_length=150, blank=True, help_text="Who at the agency is providing it.")
    requested_on = models.DateField()
    due_on = models.DateField(db_index=True)
    received_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        CaseDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    notes = models.TextField(blank=True)
    late_reason = models.TextField(blank=True, help_text="Why it came after its due date.")
    # When coordinators were told it is overdue (once; cleared if its due date moves).
    reminded_overdue_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.agency} for {self.case}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.received_on is None and self.due_on < today


class PractitionerEvent(models.Model):
    """A learning event, conversation or workshop with the practitioners involved: held on its
    date, or planned for it while that is still to come (issue 17 §5)."""

    class Kind(models.TextChoices):
        LEARNING_EVENT = "learning_event", "Practitioner learning event"
        CONVERSATION = "conversation", "Practitioner conversation"
        WORKSHOP = "workshop", "Reflective workshop"
        FEEDBACK = "feedback", "Feedback session on the findings"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="practitioner_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    held_on = models.DateField()
    agencies = models.ManyToManyField("accounts.Agency", blank=True, related_name="+")
    attendees = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.case} ({self.held_on})"

    @property
    def is_planned(self) -> bool:
        """Still to come: shown as planned until its day."""
        return self.held_on > timezone.localdate()


class FamilyEngagement(models.Model):
    """One family member's involvement in the review, recorded by relationship ('Mother'),
    never by name: invited, their answer, contributed, draft shared, pseudonym agreed, told
    before publication (or why not)."""

    class Response(models.TextChoices):
        ACCEPTED = "accepted", "Agreed to take part"
        DECLINED = "declined", "Declined"
        NO_RESPONSE = "no_response", "No response"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="family_engagements")
    relationship = models.CharField(max_length=100, help_text="Relationship to the child, not a name.")
    invited_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=16, choices=Response.choices, blank=True)
    contributed_on = models.DateField(null=True, blank=True)
    draft_shared_on = models.DateField(null=True, blank=True)
    pseudonym_agreed_on = models.DateField(null=True, blank=True)
    told_of_publication_on = models.DateField(null=True, blank=True)
    not_told_reason = models.TextField(blank=True)
    support_offered = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.relationship} on {self.case}"
