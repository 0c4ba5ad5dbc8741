import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

RENEWED_AT = "_renewed_at"

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


class SessionRenewalMiddleware:
    """Keeps a session alive while it is used: a request marks it renewed (so Django writes it,
    with a new expiry, and sends the cookie again) once the last renewal is
    CSCP_SESSION_RENEW_SECONDS old. Between renewals a page reads the session but does not
    write it back. A visitor with no session gets none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= settings.CSCP_SESSION_RENEW_SECONDS:
                session[RENEWED_AT] = now
        return self.get_response(request)
