"""What every page under a review case shares (the case's own forms, its documents, who took
part, its action plan): the case looked up for this user first, so a reviewer who is not
appointed to it gets 404 whatever they ask for; the form page; and the one shape of a form that
acts: bind it, run the service on a valid POST, and turn a domain error into a message."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors
from .transitions import ReviewCaseError

# Why a step of the case (or one of its contributions) was late: the form with the step above it.
LATE_REASON_TEMPLATE = "reviews/cases/late_reason.html"

# A service call made with the form's cleaned data; it returns the row it made or changed.
Act = Callable[[dict], object]


def on_case(*roles: str):
    """Look the case up for this user (404 if they may not see it), then require `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, reference, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*selectors.CASE_ROLES):
                raise PermissionDenied
            case = selectors.case_for(request.user, reference)
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, case, *args, **kwargs)

        return wrapped

    return decorator


def case_url(case, anchor: str = "") -> str:
    return reverse("reviews:case", args=[case.reference]) + (f"#{anchor}" if anchor else "")


def form_page(request, case, form, title: str, *, template: str = "form_page.html", **extra):
    context = {"form": form, "title": title, "caption": case.reference, "case": case, **extra}
    return render(request, template, context)


def acted(request, form, act: Act, *, error_field: str | None = None):
    """On a valid POST, run `act(form.cleaned_data)` and return what it returned. None when the
    form was not posted or not valid, or the service refused (ReviewCaseError): its message then
    goes on the form (on `error_field`, or above the fields) and nothing has changed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ReviewCaseError as error:
        form.add_error(error_field, str(error))
        return None


def act_then_case(request, case, form, act: Act, success: str, *, anchor: str = "", error_field=None):
    """`acted`, then back to the case page (at `anchor`) with `success`; None if nothing was
    done, for the caller to show the form again."""
    if acted(request, form, act, error_field=error_field) is None:
        return None
    messages.success(request, success)
    return redirect(case_url(case, anchor))


def act_and_report(request, case, form, act: Act, success: str):
    """For a form with little to keep (a note, a rating): on a valid POST run `act`, and go back
    to the case page with `success` or the domain error as the message. None if not posted or
    not valid."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act(form.cleaned_data)
    except ReviewCaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(case_url(case))
