from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from . import enrolment, two_factor
from .forms import RecoveryCodeForm, TokenForm
from .reauth import confirmed_again, second_factor_given
from .roles import Role
from .views import _bound

_NEW_CODES_KEY = "accounts_new_recovery_codes"


def staff_only(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff_role:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _next_url(request, default="home"):
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _code_accepted(request, form, device) -> bool:
    """True when a posted code verifies; otherwise the form carries the specific reason."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        two_factor.check_app_code(device, form.cleaned_data["otp_token"])
    except two_factor.CodeRejected as rejected:
        form.add_error("otp_token", str(rejected))
        return False
    return True


@staff_only
@require_http_methods(["GET"])
def setup(request):
    """Without an invitation there is no enrolment: a password alone must not set up the second
    factor (issue 18 §2). Enrolled staff go on to the code page or the overview."""
    if two_factor.confirmed_app_device(request.user) and not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={request.get_full_path()}")
    if two_factor.confirmed_app_device(request.user):
        return redirect("accounts:two_factor")
    return render(
        request,
        "accounts/two_factor_invitation_needed.html",
        {"enrolment_link_hours": settings.CSCP_ENROLMENT_LINK_HOURS},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def enrol(request, token):
    """The invitation's link: the QR code and key of the device it was sent for, and its code."""
    device = enrolment.invited_device(token, request.user)
    if device is None:
        return render(request, "accounts/two_factor_link_invalid.html", status=400)
    form = _bound(TokenForm, request)
    if _code_accepted(request, form, device):
        request.session[_NEW_CODES_KEY] = two_factor.app_device_confirm(device)
        second_factor_given(request, device)
        return redirect(f"{reverse('accounts:two_factor')}?next={reverse('home')}")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "title": "Set up two-factor authentication",
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_manual_entry(device),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def verify(request):
    return _code_page(request, "accounts/two_factor_verify.html", {"title": "Enter your security code"})


@staff_only
@require_http_methods(["GET", "POST"])
def confirm(request):
    """ "Confirm it's you": the second factor again before publishing, an export or a role change."""
    context = {"title": "Confirm it's you", "reauth_minutes": settings.CSCP_REAUTH_MINUTES}
    return _code_page(request, "accounts/two_factor_confirm.html", context)


def _code_page(request, template: str, context: dict):
    """A code from the enrolled app, then on to `next`."""
    device = two_factor.confirmed_app_device(request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = _bound(TokenForm, request)
    if _code_accepted(request, form, device):
        second_factor_given(request, device)
        confirmed_again(request)
        return redirect(_next_url(request))
    return render(request, template, {"form": form, **context})


@staff_only
@require_http_methods(["GET", "POST"])
def recovery(request):
    form = _bound(RecoveryCodeForm, request)
    if request.method == "POST" and form.is_valid():
        device = two_factor.recovery_code_device(request.user, form.cleaned_data["recovery_code"])
        if device is None:
            form.add_error(
                "recovery_code", "Enter a recovery code you have not used before. That code is not valid."
            )
        else:
            second_factor_given(request, device)
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(
                request, f"You used a recovery code. You have {left} left: set up your app again soon."
            )
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/two_factor_recovery.html",
        {"form": form, "title": "Use a recovery code", "caption": "Two-factor authentication"},
    )


@staff_only
@require_http_methods(["GET"])
def overview(request):
    codes = request.session.pop(_NEW_CODES_KEY, None)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "device": two_factor.confirmed_app_device(request.user),
            "new_codes": codes,
            "codes_left": two_factor.recovery_codes_left(request.user),
            "next": _next_url(request, ""),
            "may_reenrol_others": request.user.has_role(Role.COORDINATOR, Role.ADMIN),
        },
    )


@staff_only
@require_POST
def regenerate_codes(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor')}")
    request.session[_NEW_CODES_KEY] = two_factor.recovery_codes_issue(request.user)
    return redirect("accounts:two_factor")


@staff_only
@require_POST
def reset_app(request):
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor')}")
    # The current app was just used to get here, so the person may set up the next one now:
    # the invitation is made for them and followed at once rather than emailed.
    two_factor.app_device_reset(request.user)
    link = enrolment.enrolment_invite(user=request.user, by=request.user, reason="replaced")
    messages.info(request, "Your old authenticator app no longer works. Set up the new one now.")
    return redirect(link.removeprefix(settings.CSCP_SITE_URL))
