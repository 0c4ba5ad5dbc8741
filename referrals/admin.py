"""Read-only admin for referrals: for system administrators to look, never to change. State
changes go through the services, and the list shows no child or family details."""

from django.contrib import admin

from cscp.accounts.roles import Role
from cscp.core.admin import ReadOnlyAdminMixin

from .models import AgencyInvolved, Child, FamilyMember, Referral, ReferralDocument, ReferralEvent


def _is_admin(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.has_role(Role.ADMIN))


class AdminsOnlyReadOnlyMixin(ReadOnlyAdminMixin):
    """Viewable by system administrators only (not every Django staff flag); nobody adds,
    changes or deletes through the admin."""

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_module_permission(self, request):
        return _is_admin(request)


class ReadOnlyInlineMixin(AdminsOnlyReadOnlyMixin):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


class ChildInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = Child


class FamilyMemberInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = FamilyMember


class AgencyInvolvedInline(ReadOnlyInlineMixin, admin.StackedInline):
    model = AgencyInvolved


class ReferralDocumentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReferralDocument
    # The stored file name only; downloads go through the referral page, which logs them.
    exclude = ["file"]

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "file"]


class ReferralEventInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReferralEvent


@admin.register(Referral)
class ReferralAdmin(AdminsOnlyReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "submitted_at", "is_urgent", "referrer_agency", "created_at"]
    list_filter = ["status", "is_urgent"]
    list_select_related = ["referrer_agency"]
    search_fields = ["=reference", "=public_id"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-created_at"]
    inlines = [
        ChildInline,
        FamilyMemberInline,
        AgencyInvolvedInline,
        ReferralDocumentInline,
        ReferralEventInline,
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]
