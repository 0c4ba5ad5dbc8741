"""Read-only admin for the Review Group's records: system administrators may look; every change
goes through the services (reviews/triage/services.py and friends), so their guards and events hold."""

from django.contrib import admin

from referrals.admin import AdminsOnlyReadOnlyMixin, ReadOnlyInlineMixin

from .models import RapidReview, Triage


class RapidReviewInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = RapidReview


@admin.register(Triage)
class TriageAdmin(AdminsOnlyReadOnlyMixin, admin.ModelAdmin):
    list_display = ["referral", "sin_required", "sin_due", "sin_sent_on", "rapid_review_due", "next_due"]
    list_filter = ["sin_required"]
    list_select_related = ["referral"]
    search_fields = ["=referral__reference", "=panel_reference"]
    ordering = ["next_due"]
    inlines = [RapidReviewInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + ["themes"]


@admin.register(RapidReview)
class RapidReviewAdmin(AdminsOnlyReadOnlyMixin, admin.ModelAdmin):
    list_display = ["triage", "started_on", "due", "recommendation", "sent_to_panel_on", "panel_response"]
    list_filter = ["recommendation", "panel_response"]
    list_select_related = ["triage__referral"]
    search_fields = ["=triage__referral__reference"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]
