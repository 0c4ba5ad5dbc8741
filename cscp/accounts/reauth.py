"""Re-authentication (issue 18 §2): publishing, exports and role changes ask for the second
factor again when it was last given more than CSCP_REAUTH_MINUTES before.

The time is recorded in the session whenever the second factor is given (sign-in code, recovery
code, enrolment, the "Confirm it's you" page). Off when CSCP_REQUIRE_2FA is (the demo)."""

import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login

SECOND_FACTOR_AT = "cscp_second_factor_at"
_ASKED_AGAIN = "cscp_reauth_after_post"


def second_factor_given(request, device) -> None:
    """django-otp's login, plus the time it happened."""
    otp_login(request, device)
    request.session[SECOND_FACTOR_AT] = int(time.time())


def second_factor_is_recent(request) -> bool:
    given_at = request.session.get(SECOND_FACTOR_AT, 0)
    return time.time() - given_at <= settings.CSCP_REAUTH_MINUTES * 60


def confirmed_again(request) -> None:
    """After the "Confirm it's you" page: a form posted before it was not acted on; say so."""
    if request.session.pop(_ASKED_AGAIN, False):
        messages.info(request, "Thank you. Nothing was changed yet: submit the form again.")


def recent_second_factor(view):
    """Before `view`, a staff user whose second factor is older than the limit confirms it.

    A GET (an export) comes straight back after the code; a POST cannot be replayed safely, so
    it goes back to the same URL by GET, the page with the button, with a message."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if (
            not settings.CSCP_REQUIRE_2FA
            or not user.is_authenticated
            or not user.is_staff_role
            or second_factor_is_recent(request)
        ):
            return view(request, *args, **kwargs)
        replay = request.method in ("GET", "HEAD")
        request.session[_ASKED_AGAIN] = not replay
        target = request.get_full_path() if replay else request.path
        return redirect(f"{reverse('accounts:two_factor_confirm')}?{urlencode({'next': target})}")

    return wrapped
