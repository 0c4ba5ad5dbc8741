from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cscp.core.admin import ReadOnlyAdminMixin

from .models import Agency, AllowedDomain, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "agency", "is_active", "email_verified_at", "last_login"]
    list_filter = ["groups", "is_active", "is_staff", "agency"]
    search_fields = ["email", "full_name"]
    list_select_related = ["agency"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "job_title", "phone", "agency"]}),
        (
            "Status",
            {"fields": ["is_active", "deactivated_reason", "email_verified_at", "last_login", "date_joined"]},
        ),
        ("Roles", {"fields": ["groups", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "agency", "groups", "password1", "password2"],
            },
        ),
    ]
    filter_horizontal = ["groups"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_statutory_partner", "is_active"]
    list_filter = ["kind", "is_statutory_partner", "is_active"]
    search_fields = ["name"]


@admin.register(AllowedDomain)
class AllowedDomainAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: changes go through the coordinators' pages, which keep referrer accounts
    in line with the list."""

    list_display = ["domain", "include_subdomains", "agency", "created_at"]
    search_fields = ["domain"]
