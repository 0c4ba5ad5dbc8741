"""The referrer's list, one referral, the confirmation after submitting, withdrawal and the
supporting documents of a submitted referral. The draft form lives in views_draft.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.audit.access import log_access
from reviews.decision.services import outcome_for_referrer

from . import selectors, services
from .forms_withdrawal import withdraw_form, withdrawal_request_form
from .models import ReferralStatus

PER_PAGE = 50


@require_safe
@role_required(Role.REFERRER)
def my_referrals(request):
    page = Paginator(selectors.referrals_for_owner(request.user), PER_PAGE).get_page(request.GET.get("page"))
    referrals = list(page.object_list)
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "drafts": [referral for referral in referrals if referral.is_draft],
        "submitted": [referral for referral in referrals if not referral.is_draft],
    }
    return render(request, "referrals/my_referrals.html", context)


@require_safe
@login_required
def detail(request, reference):
    referral = selectors.referral_for_viewer(request.user, reference, full=True)
    is_owner = referral.created_by_id == request.user.pk
    if not is_owner:
        log_access(request, referral)
    context = {
        "referral": referral,
        "is_owner": is_owner,
        "timeline": (selectors.timeline_for_referrer if is_owner else selectors.timeline_for_staff)(referral),
        # The outcome and the message written for the referrer, once decided. Never the
        # internal rationale. Staff see the whole decision on the triage page.
        "outcome": outcome_for_referrer(referral) if is_owner else None,
        "may_withdraw": is_owner and referral.status == ReferralStatus.SUBMITTED,
        "may_request_withdrawal": is_owner and _may_request_withdrawal(referral),
    }
    return render(request, "referrals/detail.html", context)


@require_safe
@login_required
def submitted(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    return render(request, "referrals/submitted.html", {"referral": referral})


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    if referral.status != ReferralStatus.SUBMITTED:
        return _withdrawal_unavailable(request, referral)
    form = withdraw_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            referral,
            lambda: services.referral_withdraw(
                referral=referral, by=request.user, reason=form.cleaned_data["reason"]
            ),
            f"You have withdrawn referral {referral.reference}.",
        )
    return render(request, "referrals/withdraw.html", {"referral": referral, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def request_withdrawal(request, reference):
    referral = selectors.owned_referral(request.user, reference)
    if referral.status == ReferralStatus.SUBMITTED:
        return redirect("referrals:withdraw", referral.reference)  # they can still withdraw it themselves
    if not _may_request_withdrawal(referral):
        return _withdrawal_unavailable(request, referral)
    form = withdrawal_request_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        return _act(
            request,
            referral,
            lambda: services.referral_request_withdrawal(
                referral=referral, by=request.user, reason=form.cleaned_data["reason"]
            ),
            f"You have asked the coordinators to withdraw referral {referral.reference}. They will contact you.",
        )
    return render(request, "referrals/request_withdrawal.html", {"referral": referral, "form": form})


@require_safe
@login_required
def document(request, reference, document_id):
    document = selectors.document_for_viewer(request.user, reference, document_id)
    if document.referral.created_by_id != request.user.pk:
        log_access(request, document)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    # Always a download, never rendered by the browser: an upload is never trusted as a page.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _may_request_withdrawal(referral) -> bool:
    return referral.status in services.WITHDRAWAL_REQUEST_STATES and referral.withdrawal_requested_at is None


def _withdrawal_unavailable(request, referral):
    """GET explains why (and offers the request where it is still possible); a POST, from a
    page opened before the status changed, gets the same explanation as a message."""
    if request.method == "POST":
        messages.error(request, "This referral can no longer be withdrawn from that page.")
        return redirect("referrals:detail", referral.reference)
    context = {"referral": referral, "may_request_withdrawal": _may_request_withdrawal(referral)}
    return render(request, "referrals/withdraw_unavailable.html", context)


def _act(request, referral, action, success_message):
    """Run a state change; a domain error (the status moved on meanwhile) becomes a message."""
    try:
        action()
    except services.ReferralStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success_message)
    return redirect("referrals:detail", referral.reference)
