"""/referrals/drafts/<uuid>/check-your-answers/: every answer with a "Change" link, what is
still missing, and the Submit button (services.referral_submit)."""

from dataclasses import dataclass, field

from django.shortcuts import redirect, render
from django.urls import reverse

from ...models import Referral
from ...services import ReferralStateError, referral_submit
from .. import steps
from ..common import draft_view, step_url, with_return
from ..forms import active_agencies


@dataclass
class Section:
    step: steps.Step
    change_url: str
    problems: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    documents: list = field(default_factory=list)


@draft_view(once_submitted="referrals:submitted")
def check_answers(request, referral):
    error = ""
    if request.method == "POST":
        try:
            referral = referral_submit(referral=referral, by=request.user)
        except ReferralStateError as failure:
            current = Referral.objects.only("status", "reference").get(pk=referral.pk)
            if not current.is_draft:
                # Submitted by a request a moment ago (a double click): show its confirmation.
                return redirect("referrals:submitted", current.reference)
            error = str(failure)
        else:
            return redirect("referrals:submitted", referral.reference)
    steps.prefetch_answers(referral)
    agencies = active_agencies()
    sections = [_section(referral, step, agencies) for step in steps.STEPS]
    context = {
        "referral": referral,
        "sections": sections,
        "incomplete": [s for s in sections if s.problems],
        "error": error,
        "back_url": step_url(referral, steps.STEPS[-1]),
    }
    return render(request, "referrals/draft/check.html", context)


def _section(referral, step, agencies) -> Section:
    section = Section(step=step, change_url=step_url(referral, step, back_to_check=True))
    if isinstance(step, steps.FormStep):
        form = step.stored_form(referral, agencies)
        section.rows = form.summary_rows()
        section.problems = steps.form_problems(form)
    elif isinstance(step, steps.ItemsStep):
        items = list(step.items(referral))
        section.problems = step.list_problems(len(items))
        for number, item in enumerate(items, start=1):
            card = _card(referral, step, item, number, agencies)
            section.cards.append(card)
            section.problems += [f"{card['title']}: {problem}" for problem in card["problems"]]
    else:
        section.documents = list(referral.documents.all())
    return section


def _card(referral, step, item, number, agencies) -> dict:
    form = step.stored_form(referral, item, agencies)
    args = [referral.public_id, step.slug, item.pk]
    return {
        "title": step.item_title(item, number),
        "rows": form.summary_rows(),
        "problems": steps.form_problems(form),
        "change_url": with_return(reverse("referrals:item_change", args=args), True),
        "remove_url": with_return(reverse("referrals:item_remove", args=args), True),
    }
