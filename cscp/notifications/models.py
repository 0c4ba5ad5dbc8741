from django.conf import settings
from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """One email in the outbox, written in the same transaction as the event that causes it.

    queued → sending → sent, or back to queued with a later `next_attempt_at` after a failed
    attempt, and failed once the attempts run out. Emails carry a reference and a link, never a
    child's or family member's details (design.md §2), so the rendered bodies may be stored.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField(max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outgoing_emails",
    )
    template = models.CharField(max_length=100, help_text="The name of the templates/emails/ triplet.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)
    # When the sweeper should next look at the row. Queued: when it is due (now, or later
    # after a failure). Sending: when the claim lapses, so a row whose worker died is re-queued.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_email_due_idx")]
        verbose_name = "outgoing email"

    def __str__(self):
        return f"Email {self.pk} ({self.template}, {self.status})"
