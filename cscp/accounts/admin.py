from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cscp.core.admin import ReadOnlyAdminMixin

from . import enrolment
from .models import Agency, AllowedDomain, User
from .reauth import recent_second_factor
from .two_factor import confirmed_app_device


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
    actions = ["send_new_enrolment_link"]

    def changeform_view(self, request, *args, **kwargs):
        # A change of roles (or of anything on an account) asks for a recent second factor.
        view = super().changeform_view
        if request.method == "POST":
            view = recent_second_factor(view)
        return view(request, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        """A staff role newly granted (or a staff account created) emails the enrolment
        invitation: the second factor is set up only from it (issue 18 §2)."""
        was_staff = change and _is_staff(form.instance, fresh=False)
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not was_staff and _is_staff(user, fresh=True) and not confirmed_app_device(user):
            enrolment.enrolment_invite_send(user=user, by=request.user)
            self.message_user(request, f"An enrolment link was sent to {user.email}.")

    @admin.action(description="Send a new enrolment link (removes their authenticator app)")
    def send_new_enrolment_link(self, request, queryset):
        sent = 0
        for user in queryset:
            if enrolment.may_reenrol(request.user, user):
                enrolment.enrolment_reset(user=user, by=request.user)
                sent += 1
        self.message_user(request, f"{sent} enrolment link(s) sent; staff accounts only, never your own.")


def _is_staff(user, *, fresh: bool) -> bool:
    """Whether the account holds a staff role: as saved before this change, or as it is now."""
    if not fresh:
        return User.objects.get(pk=user.pk).is_staff_role
    user.__dict__.pop("roles", None)  # a cached_property; the groups were just saved
    return user.is_staff_role


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
