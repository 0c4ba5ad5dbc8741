"""/referrals/new/: what a referrer will need, the referrer's drafts, and "Start now"."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from ...models import Referral
from ...services import referral_delete_draft, referral_start
from .. import steps
from ..common import draft_view, step_url


@role_required(Role.REFERRER)
@require_http_methods(["GET", "POST"])
def start(request):
    if request.method == "POST":
        referral = referral_start(by=request.user)
        return redirect(step_url(referral, steps.FIRST))
    drafts = (
        Referral.objects.owned_by(request.user)
        .drafts()
        .only("public_id", "created_at", "updated_at", "status")
        .order_by("-updated_at", "-id")
    )
    return render(request, "referrals/draft/start.html", {"drafts": drafts})


@draft_view
def resume(request, referral):
    """Continue a draft: the first page still to complete, or the check page."""
    steps.prefetch_answers(referral)
    missing = steps.incomplete_steps(referral)
    if missing:
        return redirect(step_url(referral, missing[0]))
    return redirect("referrals:check_answers", referral.public_id)


@draft_view
def delete(request, referral):
    if request.method == "POST":
        referral_delete_draft(referral=referral, by=request.user)
        messages.success(request, "Your draft referral has been deleted.")
        return redirect("referrals:list")
    return render(request, "referrals/draft/delete.html", {"referral": referral})
