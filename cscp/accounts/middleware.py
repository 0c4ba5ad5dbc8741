import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

RENEWED_AT = "_renewed_at"
SIGNED_IN_AT = "_signed_in_at"

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


def signed_in_now(session) -> None:
    """Starts the absolute lifetime: called at sign-in."""
    session[SIGNED_IN_AT] = int(time.time())


class SessionRenewalMiddleware:
    """Keeps a session alive while it is used: a request marks it renewed (so Django writes it,
    with a new expiry, and sends the cookie again) once the last renewal is
    CSCP_SESSION_RENEW_SECONDS old. Between renewals a page reads the session but does not
    write it back. A visitor with no session gets none.

    However busy, a signed-in session ends CSCP_SESSION_ABSOLUTE_HOURS after sign-in (ASVS
    V3.3.2): signed out, and sent to sign in again with a message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.session_key is not None and not session.is_empty():
            now = int(time.time())
            if request.user.is_authenticated and _too_old(session, now):
                return _sign_out_for_age(request)
            if now - session.get(RENEWED_AT, 0) >= settings.CSCP_SESSION_RENEW_SECONDS:
                session[RENEWED_AT] = now
        return self.get_response(request)


def _too_old(session, now: int) -> bool:
    # A session signed in before the lifetime was recorded counts from its first request since.
    signed_in_at = session.setdefault(SIGNED_IN_AT, now)
    return now - signed_in_at >= settings.CSCP_SESSION_ABSOLUTE_HOURS * 3600


def _sign_out_for_age(request):
    hours = settings.CSCP_SESSION_ABSOLUTE_HOURS
    logout(request)
    messages.info(
        request, f"You have been signed in for {hours} hours, so you were signed out. Sign in again."
    )
    return redirect_to_login(request.get_full_path())
