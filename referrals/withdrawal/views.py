"""/referrals/<reference>/withdraw/ and /request-withdrawal/: the referrer withdraws a referral
nobody has started to triage, or asks the coordinators to withdraw one being triaged. Only the
referral's own referrer gets here (selectors.owned_referral)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import selectors
from ..models import ReferralStatus
from ..services import ReferralStateError
from . import services
from .forms import withdraw_form, withdrawal_request_form


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    if referral.status != ReferralStatus.SUBMITTED:
        return _withdrawal_unavailable(request, referral)
    return _reason_page(
        request,
        referral,
        withdraw_form,
        lambda reason: services.referral_withdraw(referral=referral, by=request.user, reason=reason),
        f"You have withdrawn referral {referral.reference}.",
        "referrals/withdraw.html",
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_withdrawal(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    if referral.status == ReferralStatus.SUBMITTED:
        return redirect("referrals:withdraw", referral.reference)  # they can still withdraw it themselves
    if not services.may_request_withdrawal(referral):
        return _withdrawal_unavailable(request, referral)
    return _reason_page(
        request,
        referral,
        withdrawal_request_form,
        lambda reason: services.referral_request_withdrawal(
            referral=referral, by=request.user, reason=reason
        ),
        f"You have asked the coordinators to withdraw referral {referral.reference}. They will contact you.",
        "referrals/request_withdrawal.html",
    )


def _reason_page(request, referral, make_form, act, success_message, template):
    """GET asks why; a POST with a reason runs `act(reason)`, and a domain error (the status
    moved on meanwhile) becomes a message. A POST without one shows the page again."""
    form = make_form(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return render(request, template, {"referral": referral, "form": form})
    try:
        act(form.cleaned_data["reason"])
    except ReferralStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success_message)
    return redirect("referrals:detail", referral.reference)


def _withdrawal_unavailable(request, referral):
    """GET explains why (and offers the request where it is still possible); a POST, from a
    page opened before the status changed, gets the same explanation as a message."""
    if request.method == "POST":
        messages.error(request, "This referral can no longer be withdrawn from that page.")
        return redirect("referrals:detail", referral.reference)
    context = {"referral": referral, "may_request_withdrawal": services.may_request_withdrawal(referral)}
    return render(request, "referrals/withdraw_unavailable.html", context)
