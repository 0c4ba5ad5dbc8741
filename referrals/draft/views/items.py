"""One child, family member or agency: add, change, remove. Each is saved as soon as anything
valid has been typed, so that an error on the page never loses the rest."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import steps
from ..common import after_save, draft_view, page_context, returning, step_url, touch, with_return
from ..kept_answers import posted_answers


@draft_view
def item_add(request, referral, section):
    step = steps.items_step(section)
    return item_page(request, referral, step, step.model(referral=referral))


@draft_view
def item_change(request, referral, section, item_id):
    step = steps.items_step(section)
    return item_page(request, referral, step, get_object_or_404(step.items(referral), pk=item_id))


def item_page(request, referral, step, item):
    back_to_check = returning(request)
    list_url = step_url(referral, step, back_to_check)
    answers = posted_answers(request)
    form = step.form_class(answers, instance=item, referral=referral)
    is_new = item.pk is None
    if answers is not None:
        valid = form.is_valid()
        # A new entry is stored once it is valid, when the referrer asks to come back to it
        # later, or when what they typed was kept over a sign-in (it would be lost otherwise):
        # an add with an error is shown again with what was typed and stores nothing, so no
        # "Incomplete" entry is left behind and trying again adds no second one.
        keeps_partial = not is_new or "later" in answers or request.method != "POST"
        if valid or (keeps_partial and form.has_answers()):
            form.save()
            touch(referral)
        response = after_save(request, form, valid=valid, next_url=list_url, answers=answers)
        if response:
            return response
        if is_new and item.pk:
            # Kept what was valid: the next POST changes this entry rather than adding another.
            form.helper.form_action = with_return(_change_url(referral, step, item), back_to_check)
    title = f"Add {_article(step.noun)} {step.noun}" if is_new else f"Change the {step.noun}’s details"
    context = page_context(referral, step, back_to_check, form=form, title=title, back_url=list_url)
    return render(request, "referrals/draft/step.html", context)


@draft_view
def item_remove(request, referral, section, item_id):
    step = steps.items_step(section)
    item = get_object_or_404(step.items(referral), pk=item_id)
    back_to_check = returning(request)
    list_url = step_url(referral, step, back_to_check)
    title = step.item_title(item, list(step.items(referral)).index(item) + 1)
    if request.method == "POST":
        item.delete()
        touch(referral)
        messages.success(request, f"{title} has been removed.")
        return redirect(list_url)
    context = page_context(
        referral, step, back_to_check, title=f"Are you sure you want to remove {title}?", back_url=list_url
    )
    return render(request, "referrals/draft/remove.html", {**context, "cancel_url": list_url})


def _change_url(referral, step, item) -> str:
    return reverse("referrals:item_change", args=[referral.public_id, step.slug, item.pk])


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"
