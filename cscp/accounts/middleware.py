from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Paths a staff member may reach before proving the second factor.
_OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/static/", "/healthz")


class StaffSecondFactorMiddleware:
    """Staff (member, coordinator, reviewer, admin) must pass a TOTP second factor before any
    other page. Unenrolled staff are sent to enrolment, enrolled ones to the code page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            target = (
                "accounts:two_factor_verify" if _has_device(request.user) else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_verify(self, request) -> bool:
        user = request.user
        return (
            settings.CSCP_REQUIRE_2FA
            and user.is_authenticated
            and user.is_staff_role
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        )


def _has_device(user) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
