from django.contrib import admin, messages

from cscp.accounts.roles import Role
from cscp.core.admin import ReadOnlyAdminMixin

from .models import OutgoingEmail
from .services import OutboxStateError, email_requeue


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the outbox changes only through its services."""

    list_display = ["id", "template", "to", "status", "attempts", "created_at", "sent_at", "next_attempt_at"]
    list_filter = ["status", "template"]
    search_fields = ["=id", "to", "template"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = ["resend"]
    fields = [
        "to", "recipient", "template", "status", "attempts", "last_error", "next_attempt_at",
        "created_at", "sent_at", "subject", "body_text",
    ]  # fmt: skip
    readonly_fields = fields

    def has_resend_permission(self, request):
        return request.user.is_superuser or request.user.has_role(Role.ADMIN)

    @admin.action(description="Send the selected failed emails again", permissions=["resend"])
    def resend(self, request, queryset):
        requeued = skipped = 0
        for message_id in queryset.values_list("id", flat=True):
            try:
                email_requeue(message_id=message_id)
                requeued += 1
            except OutboxStateError:
                skipped += 1
        self.message_user(request, f"{requeued} email(s) queued to send again.", messages.SUCCESS)
        if skipped:
            skipped_message = f"{skipped} email(s) skipped: only failed emails can be sent again."
            self.message_user(request, skipped_message, messages.WARNING)
