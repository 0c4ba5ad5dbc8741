"""The documents of a review, kept in every version (issue 5 §3, domain.md §5)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .cases import ReviewCase


class DocumentKind(models.TextChoices):
    TERMS_OF_REFERENCE = "tor", "Terms of reference"
    AGENCY_REPORT = "agency_report", "Agency report"
    DRAFT = "draft", "Draft report"
    FINAL = "final", "Final report"
    EXEC_SUMMARY = "exec_summary", "Executive summary"
    IMPROVEMENTS_INFO = "improvements_info", "Improvements information"
    BRIEFING = "briefing", "Briefing"
    ACTION_PLAN = "action_plan", "Action plan"
    OTHER = "other", "Other"


class CaseDocument(models.Model):
    """A document of a review (a draft report, an agency report...) kept in every version.
    Private: served only through a view that checks the case is visible to the user."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    title = models.CharField(max_length=200)
    # Number of the newest version; kept by the upload service under the case lock.
    latest_version = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "title", "id"]
        indexes = [models.Index(fields=["case", "kind"], name="casedocument_case_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


def _case_document_path(version, filename):
    # Random name: the original name (which may identify a child) is kept only in the database.
    return f"reviews/{version.document.case_id}/{uuid.uuid4().hex}"


class CaseDocumentVersion(models.Model):
    document = models.ForeignKey(CaseDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=_case_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this version.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="casedocument_version_number")
        ]

    def __str__(self):
        return f"{self.document} v{self.number}"
