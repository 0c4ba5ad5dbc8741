"""/reviews/ and /reviews/<reference>/ (issue 5): the case list and its CSV (coordinators, §6), the
case page, and the coordinator's forms on a case. Thin views: GET shows, POST acts through the
services, a domain error becomes a message. Every page under a case is looked up through
pages.on_case."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.reauth import recent_second_factor
from cscp.accounts.roles import Role
from cscp.audit.access import log_access

from .. import casework_cache
from ..actions.services import PLAN_SHOWN, plan_editable
from ..lateness import REASON_QUESTIONS, case_steps
from ..models import ReviewStatus
from . import export, selectors
from .clocks import final_report_clock, target_clock
from .forms import AppointForm, DetailsForm, LateReasonForm, MoveForm, ProgressForm
from .pages import LATE_REASON_TEMPLATE, act_and_report, act_then_case, form_page, on_case
from .services import (
    DETAIL_FIELDS,
    case_late_reason_record,
    progress_check_record,
    review_case_appoint,
    review_case_update_details,
)
from .transitions import allowed, missing_for, move_label, next_moves, review_move

PER_PAGE = 50


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
        "final_report_clock": final_report_clock(case),
        "late_steps": [step for step in case_steps(case).values() if step.is_late],
        "moves": case_moves(case) if is_coordinator else [],
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


def case_moves(case) -> list[tuple[str, str, list]]:
    """(stage, button label, what it still needs, each with its link) for each next move."""
    return [
        (to, move_label(case, to), [(item.text, item.url(case)) for item in missing_for(case, to)])
        for to in next_moves(case)
    ]


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


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_move(request, case, to):
    if to not in ReviewStatus.values or to == ReviewStatus.PUBLISHED:
        raise Http404("No such stage")
    expected = request.POST.get("expected", case.status)
    if request.method == "GET" and not allowed(case, to):
        messages.error(request, f"This case cannot be moved to {ReviewStatus(to).label.lower()} now.")
        return redirect("reviews:case", case.reference)
    if request.method == "GET" and (missing := missing_for(case, to)):
        # Never the confirm page for a move that would be refused: what it needs, on the case.
        todo = " and ".join(item.text[0].lower() + item.text[1:] for item in missing)
        messages.error(request, f"Before moving to {ReviewStatus(to).label.lower()}, {todo}.")
        return redirect("reviews:case", case.reference)
    form = MoveForm(
        request.POST or None, to=to, label=move_label(case, to), initial={"expected": case.status}
    )
    done = act_and_report(
        request, case, form,
        lambda data: review_move(case=case, to=to, by=request.user, expected=expected, note=data["note"]),
        f"{case.reference} moved to {ReviewStatus(to).label.lower()}.",
    )  # fmt: skip
    return done or form_page(request, case, form, move_label(case, to))


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_reviewers(request, case):
    form = AppointForm(request.POST or None, case=case, initial={"appointed_on": timezone.localdate()})
    done = act_then_case(
        request, case, form, lambda data: review_case_appoint(case=case, by=request.user, **data),
        "Reviewer appointed.", error_field="reviewer",
    )  # fmt: skip
    return done or form_page(request, case, form, "Appoint a reviewer")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_details(request, case):
    initial = {name: getattr(case, name) for name in DETAIL_FIELDS}
    form = DetailsForm(request.POST or None, case=case, initial=initial)
    done = act_then_case(
        request, case, form, lambda data: review_case_update_details(case=case, by=request.user, **data),
        "Case details saved.",
    )  # fmt: skip
    return done or form_page(request, case, form, "Case details")


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR)
def case_late_reason(request, case, step):
    """Why the final report or the publication was late: only for a step done late."""
    found = case_steps(case).get(step)
    if found is None or not found.is_late:
        raise Http404("No late step of that name")
    form = LateReasonForm(
        request.POST or None, case=case, question=REASON_QUESTIONS[step], reason=found.reason
    )
    done = act_then_case(
        request, case, form,
        lambda data: case_late_reason_record(case=case, by=request.user, step=step, reason=data["reason"]),
        f"The reason the {found.name[0].lower()}{found.name[1:]} was late has been saved.", anchor="clocks",
    )  # fmt: skip
    return done or form_page(
        request, case, form, f"{found.name}: why it was late", template=LATE_REASON_TEMPLATE, step=found
    )


@require_http_methods(["GET", "POST"])
@on_case(Role.COORDINATOR, Role.REVIEWER)  # a reviewer reaches only cases they are appointed to
def case_progress(request, case):
    form = ProgressForm(request.POST or None, case=case)
    done = act_and_report(
        request, case, form, lambda data: progress_check_record(case=case, by=request.user, **data),
        "Progress check recorded.",
    )  # fmt: skip
    return done or form_page(request, case, form, "Record a progress check")


# What may follow the id in an old address: the rest of a case's own address, nothing else.
OLD_PATH = re.compile(r"[a-z0-9_/-]*")


@require_safe
def case_by_id(request, pk, rest=""):
    """An address from before cases were addressed by their reference (/reviews/13/...): sent
    on to the case's own, once the viewer may see it. 404 for anyone else, whatever their role,
    so that an id says nothing about whether a case exists."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_role(*selectors.CASE_ROLES) or not OLD_PATH.fullmatch(rest):
        raise Http404("No such review case")
    target = reverse("reviews:case", args=[selectors.case_reference_for_id(request.user, pk)]) + rest
    query = request.META.get("QUERY_STRING", "")
    return redirect(f"{target}?{query}" if query else target)


@require_safe
@role_required(Role.COORDINATOR)
@recent_second_factor
def case_export_csv(request):
    filterset = selectors.ReviewCaseFilter(request.GET, queryset=selectors.visible_cases(request.user))
    if filterset.is_bound and not filterset.form.is_valid():
        # Nothing is exported on filters the list would refuse: back to the list, which names them.
        messages.error(request, "The cases were not downloaded. Correct the filters and try again.")
        query = urlencode(list(request.GET.lists()), doseq=True)
        return redirect(f"{reverse('reviews:case_list')}?{query}")
    cases = filterset.qs
    export.export_log(request, filters=filterset.in_use(), rows=cases.count())
    response = StreamingHttpResponse(
        export.stream(cases, timezone.localdate()), content_type="text/csv; charset=utf-8"
    )
    filename = f"review-cases-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
