"""Recommendations and action plans (issue 5 §5, domain.md §5.4)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .cases import Rag, ReviewCase


class Recommendation(models.Model):
    """A numbered recommendation of a review, addressed to an agency, the partnership or a
    national body, with the addressee's response."""

    class AddressedTo(models.TextChoices):
        AGENCY = "agency", "An agency"
        PARTNERSHIP = "partnership", "The partnership"
        NATIONAL = "national", "A national body"

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    addressed_to = models.CharField(max_length=16, choices=AddressedTo.choices)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted = models.BooleanField(null=True, blank=True)
    response = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="recommendation_number_per_case")
        ]

    def __str__(self):
        return f"Recommendation {self.number} of {self.case}"


class ActionItem(models.Model):
    """An action in a recommendation's plan. Whether it is overdue is derived (open and past
    its due date), never stored."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        CARRIED_FORWARD = "carried_forward", "Carried forward"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner_agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True)
    due_on = models.DateField(db_index=True)
    rag = models.CharField(max_length=8, choices=Rag.choices, default=Rag.GREEN)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    evidence = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    carried_forward_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When coordinators were told it is overdue (once per action; cleared if its due date moves).
    reminded_overdue_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"Action {self.pk} on {self.recommendation}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state == self.State.OPEN and self.due_on < today


class ActionUpdate(models.Model):
    """A dated update on an action, with its RAG rating at the time."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    updated_on = models.DateField()
    note = models.TextField()
    rag = models.CharField(max_length=8, choices=Rag.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-updated_on", "-id"]

    def __str__(self):
        return f"Update on {self.action} ({self.updated_on})"
