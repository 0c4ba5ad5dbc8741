"""What every page of a draft shares: who may open it, where its links go, and what happens
once a page's answers are saved."""

from functools import partial, wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role

from ..models import Referral
from . import steps
from .kept_answers import keep_answers_when_signed_out

SAVED = "Your draft has been saved. You can come back to it at any time from My referrals."


def draft_view(view=None, *, once_submitted="referrals:detail"):
    """Referrers only (anyone else gets 403, a signed-out visitor goes to sign in), and only
    their own draft: someone else's is a 404, whoever asks, and a draft that has been submitted
    is no longer editable, so it redirects to the referral's own page (a POST goes to
    `once_submitted` instead: the check page sends a second click on "Submit", however late, to
    the confirmation the first one got)."""
    if view is None:
        return partial(draft_view, once_submitted=once_submitted)

    @require_http_methods(["GET", "POST"])
    @keep_answers_when_signed_out
    @role_required(Role.REFERRER)
    @wraps(view)
    def wrapped(request, public_id, *args, **kwargs):
        referral = get_object_or_404(Referral.objects.owned_by(request.user), public_id=public_id)
        if not referral.is_draft:
            then = once_submitted if request.method == "POST" else "referrals:detail"
            return redirect(then, referral.reference)
        return view(request, referral, *args, **kwargs)

    return wrapped


def returning(request) -> bool:
    """Came from a "Change" link on the check-your-answers page, so goes back there."""
    return request.GET.get("return") == "check"


def with_return(url: str, back_to_check: bool) -> str:
    return f"{url}?return=check" if back_to_check else url


def step_url(referral, step, back_to_check=False) -> str:
    return with_return(reverse("referrals:step", args=[referral.public_id, step.slug]), back_to_check)


def check_url(referral) -> str:
    return reverse("referrals:check_answers", args=[referral.public_id])


def next_url(referral, step, back_to_check) -> str:
    following = steps.following(step)
    return check_url(referral) if back_to_check or following is None else step_url(referral, following)


def back_url(referral, step, back_to_check) -> str:
    preceding = steps.preceding(step)
    if back_to_check:
        return check_url(referral)
    return step_url(referral, preceding) if preceding else reverse("referrals:start")


def page_context(referral, step, back_to_check, **context) -> dict:
    return {
        "referral": referral,
        "step": step,
        "caption": "Referral",
        "title": step.title,
        "back_url": back_url(referral, step, back_to_check),
        "back_to_check": back_to_check,
        **context,
    }


def after_save(request, form, *, valid: bool, next_url: str, answers=None):
    """Where a POST goes once what could be kept is saved: back to My referrals on "Save and
    come back later" (unless something typed is wrong, which they must see first), on to the
    next page when this one is complete, or nowhere (None): the page is shown again with its
    errors and the typed values."""
    answers = request.POST if answers is None else answers
    if "later" in answers and form.only_missing_answers():
        messages.success(request, SAVED)
        return redirect("referrals:list")
    if valid:
        return redirect(next_url)
    return None


def touch(referral) -> None:
    """A child, family member, agency or document changed: the draft was saved now."""
    Referral.objects.filter(pk=referral.pk).update(updated_at=timezone.now())
