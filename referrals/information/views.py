"""The referrer answers the Review Group's requests for more information (issue 4, §5): one
question per page, answered once. Only the referral's own referrer gets here; anyone else,
staff included, gets 404 (staff read the answers on the triage page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from reviews.models import InformationRequest
from reviews.triage.information_requests import information_answer

from .. import selectors
from ..services import ReferralStateError
from .forms import AnswerForm


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, reference, request_id):
    referral = selectors.owned_referral(request.user, reference)
    question = InformationRequest.objects.filter(referral=referral, pk=request_id).first()
    if question is None:
        raise Http404("No such request")
    form = AnswerForm(request.POST if request.method == "POST" and question.answered_at is None else None)
    if request.method == "POST":
        if question.answered_at is not None:
            messages.error(request, "You have already answered this question.")
            return redirect("referrals:detail", referral.reference)
        if form.is_valid():
            try:
                information_answer(request=question, by=request.user, answer=form.cleaned_data["answer"])
            except ReferralStateError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Your answer has been sent to the Review Group.")
            return redirect("referrals:detail", referral.reference)
    context = {"referral": referral, "question": question, "form": form}
    return render(request, "referrals/information_answer.html", context)
