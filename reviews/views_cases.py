"""/reviews/ and /reviews/<pk>/ (issue 5): the case list, the case page, and the coordinator's
forms on a case. Thin views: GET shows, POST acts through the services, a domain error becomes
a message. Every page under a case looks the case up for this user first, so a reviewer who
is not appointed to it gets 404 whatever they ask for."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.audit.access import log_access

from . import casework_cache
from . import selectors_cases as selectors
from .action_plans import PLAN_SHOWN, plan_editable
from .case_clocks import target_clock
from .case_services import (
    DETAIL_FIELDS,
    progress_check_record,
    review_case_appoint,
    review_case_update_details,
)
from .case_transitions import ReviewCaseError, allowed, move_label, next_moves, review_move
from .forms_cases import AppointForm, DetailsForm, MoveForm, ProgressForm
from .models import ReviewStatus

PER_PAGE = 50


def on_case(*roles: str):
    """Look the case up for this user (404 if they may not see it), then require `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*selectors.CASE_ROLES):
                raise PermissionDenied
            case = selectors.case_for(request.user, pk)
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, case, *args, **kwargs)

        return wrapped

    return decorator


@require_safe
@role_required(*selectors.CASE_ROLES)
def case_list(request):
    user = request.user
    today = timezone.localdate()
    may_export = user.has_role(Role.COORDINATOR)
    # Who sees which cases: members and coordinators every case (coordinators with the CSV
    # link), a reviewer only the cases they are appointed to.
    if user.has_role(*selectors.SEE_ALL):
        scope = "all-export" if may_export else "all"
    else:
        scope = f"reviewer-{user.pk}"
    return casework_cache.render_page(
        request,
        name="review-cases",
        title="Review cases",
        today=today,
        scope=scope,
        template="reviews/cases/_list_content.html",
        make_context=lambda: case_list_context(request.GET, user, today, may_export),
    )


def case_list_context(params, user, today, may_export: bool) -> dict:
    filterset = selectors.ReviewCaseFilter(params, queryset=selectors.visible_cases(user))
    page = Paginator(selectors.case_list_rows(filterset.qs), PER_PAGE).get_page(params.get("page"))
    return {
        "filterset": filterset,
        "errors": filterset.form.errors,
        "filter_key": filterset.form_fragment_key(),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": [(case, target_clock(case, today)) for case in page.object_list],
        "filtered": filterset.applied(),
        "may_export": may_export,
    }


@require_safe
@on_case(*selectors.CASE_ROLES)
def case_detail(request, case):
    log_access(request, case)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    context = {
        "case": case,
        "clock": target_clock(case),
        "moves": [(to, move_label(case, to)) for to in next_moves(case)] if is_coordinator else [],
        "may_change": is_coordinator,
        "may_record_progress": is_coordinator or request.user.has_role(Role.REVIEWER),
        "may_open_referrals": request.user.has_role(*selectors.SEE_ALL),
        "plan_shown": case.status in PLAN_SHOWN,
        **publication_links(case, request.user),
        "may_change_plan": is_coordinator and plan_editable(case),
        "today": timezone.localdate(),
        **selectors.case_page_rows(case),
    }
    return render(request, "reviews/cases/case.html", context)


def publication_links(case, user) -> dict:
    """The case's publication, and whether this user may prepare one now (coordinators, once
    the final report is approved). The publications app depends on reviews, so it is imported
    here rather than at the top."""
    from publications.staff.services import STARTABLE

    publication = getattr(case, "publication", None)
    return {
        "publication": publication,
        "may_open_publication": user.has_role(*selectors.SEE_ALL),
        "may_start_publication": publication is None
        and case.status in STARTABLE
        and user.has_role(Role.COORDINATOR),
    }


def _form_page(request, case, form, title):
    return render(request, "form_page.html", {"form": form, "title": title, "caption": case.reference})


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_move(request, case, to):
    if to not in ReviewStatus.values or to == ReviewStatus.PUBLISHED:
        raise Http404("No such stage")
    expected = request.POST.get("expected", case.status)
    if request.method == "GET" and not allowed(case, to):
        messages.error(request, f"This case cannot be moved to {ReviewStatus(to).label.lower()} now.")
        return redirect("reviews:case", case.pk)
    form = MoveForm(
        request.POST or None, to=to, label=move_label(case, to), initial={"expected": case.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_move(case=case, to=to, by=request.user, expected=expected, note=form.cleaned_data["note"])
        except ReviewCaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{case.reference} moved to {ReviewStatus(to).label.lower()}.")
        return redirect("reviews:case", case.pk)
    return _form_page(request, case, form, move_label(case, to))


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_reviewers(request, case):
    form = AppointForm(request.POST or None, case=case, initial={"appointed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            review_case_appoint(case=case, by=request.user, **form.cleaned_data)
        except ReviewCaseError as error:
            form.add_error("reviewer", str(error))
        else:
            messages.success(request, "Reviewer appointed.")
            return redirect("reviews:case", case.pk)
    return _form_page(request, case, form, "Appoint a reviewer")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_details(request, case):
    initial = {name: getattr(case, name) for name in DETAIL_FIELDS}
    form = DetailsForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        review_case_update_details(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, "Case details saved.")
        return redirect("reviews:case", case.pk)
    return _form_page(request, case, form, "Case details")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR, Role.REVIEWER)  # a reviewer reaches only cases they are appointed to
def case_progress(request, case):
    form = ProgressForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            progress_check_record(case=case, by=request.user, **form.cleaned_data)
        except ReviewCaseError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Progress check recorded.")
        return redirect("reviews:case", case.pk)
    return _form_page(request, case, form, "Record a progress check")
