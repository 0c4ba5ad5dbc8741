"""/referrals/drafts/<uuid>/<step>/: one page of the form. A page of questions saves what is
valid on every POST; a repeatable section's page lists its entries."""

from django.shortcuts import render

from ...documents.views import documents_page
from .. import steps
from ..common import after_save, draft_view, next_url, page_context, returning
from ..forms import active_agencies
from ..kept_answers import posted_answers


@draft_view
def step(request, referral, slug):
    step = steps.get(slug)
    if isinstance(step, steps.ItemsStep):
        return items_page(request, referral, step)
    if isinstance(step, steps.DocumentsStep):
        return documents_page(request, referral, step)
    return form_page(request, referral, step)


def form_page(request, referral, step):
    back_to_check = returning(request)
    answers = posted_answers(request)
    form = step.form(answers, instance=referral)
    if answers is not None:
        valid = form.is_valid()
        form.save()
        response = after_save(
            request, form, valid=valid, next_url=next_url(referral, step, back_to_check), answers=answers
        )
        if response:
            return response
    return render(
        request, "referrals/draft/step.html", page_context(referral, step, back_to_check, form=form)
    )


class ListForm:
    """The list page's only question is whether enough entries have been added."""

    def __init__(self, step, count):
        self.errors = step.list_problems(count)

    def only_missing_answers(self):
        return True


def items_page(request, referral, step):
    back_to_check = returning(request)
    steps.prefetch_answers(referral)
    agencies = active_agencies()
    items = [
        {
            "item": item,
            "title": step.item_title(item, number),
            "complete": not step.item_problems(referral, item, agencies),
        }
        for number, item in enumerate(step.items(referral), start=1)
    ]
    error = ""
    if request.method == "POST":
        form = ListForm(step, len(items))
        response = after_save(
            request, form, valid=not form.errors, next_url=next_url(referral, step, back_to_check)
        )
        if response:
            return response
        error = form.errors[0]
    context = page_context(referral, step, back_to_check, items=items, error=error)
    return render(request, "referrals/draft/items.html", context)
