"""The triage queue (/triage/) with its CSV export, and the triage page (/triage/<reference>/) and
its steps, for members and coordinators. The queue's content is kept by casework_cache, the
export's rows and audit entry come from export.py. On the triage page GET shows, POST acts
through a service in services.py or rapid_review.py. A domain error is shown on the
form with what was typed kept; when the referral moved on since the form was made, the user
goes back to the triage page with a message saying so."""

from functools import partial

from django.contrib import messages
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
from referrals.models import Referral
from referrals.selectors import referral_for_viewer
from referrals.services import ReferralStateError

from .. import casework_cache
from ..lateness import REASON_QUESTIONS, triage_steps
from ..models import Theme
from ..transitions import OPEN_STATES
from . import duplicates, export, information_requests, selectors, services
from . import rapid_review as rapid
from .forms import (
    ConfirmForm,
    ConflictForm,
    DuplicateAnswerForm,
    InformationRequestForm,
    LateReasonForm,
    MergeForm,
    ReasonForm,
    SinForm,
    ThemesForm,
)
from .rapid_review_forms import RapidReviewForm, RapidReviewStartForm, SendToPanelForm
from .selectors import triage_for, triage_page

STAFF = (Role.MEMBER, Role.COORDINATOR)
FORM_TEMPLATE = "reviews/triage/form.html"
PER_PAGE = 50

# --- The queue ---------------------------------------------------------------------------------


@require_safe
@role_required(*STAFF)
def queue(request):
    today = timezone.localdate()
    may_export = request.user.has_role(Role.COORDINATOR)
    return casework_cache.render_page(
        request,
        name="triage-queue",
        title="Triage",
        today=today,
        scope="export" if may_export else "read",
        template="reviews/queue/_content.html",
        make_context=lambda: queue_context(request.GET, today, may_export),
    )


def queue_context(params, today, may_export: bool) -> dict:
    filterset = selectors.queue_filter(params)
    # The page is chosen on the sort keys alone (a subquery of ids, LIMIT 50), and only its 50
    # referrals are joined to what a row shows: PostgreSQL no longer joins every referral in the
    # queue to its rapid review and agency before sorting. Same two queries as a plain page.
    page = Paginator(filterset.qs.values("pk"), PER_PAGE).get_page(params.get("page"))
    referrals = selectors.queue_base().only(*selectors.QUEUE_ROW_FIELDS).filter(pk__in=page.object_list)
    return {
        "filterset": filterset,
        "errors": filterset.form.errors,
        "filter_key": filterset.form_fragment_key(),
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": selectors.queue_rows(referrals, today),
        "filtered": bool(filterset.applied()),
        "may_export": may_export,
    }


@require_safe
@role_required(Role.COORDINATOR)
@recent_second_factor
def export_csv(request):
    filterset = selectors.queue_filter(request.GET)
    if not filterset.form.is_valid():
        return export.refused(request, back=reverse("reviews:queue"), what="The referrals")
    referrals = filterset.qs
    export.export_log(request, filters=filterset.applied(), rows=referrals.count())
    response = StreamingHttpResponse(
        export.csv_lines(referrals.iterator(chunk_size=export.CHUNK)), content_type="text/csv; charset=utf-8"
    )
    filename = f"triage-queue-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The triage page -------------------------------------------------------------------------


@require_safe
@role_required(*STAFF)
def page(request, reference):
    referral = referral_for_viewer(request.user, reference, full=True)
    log_access(request, referral)
    context = {"referral": referral, "is_owner": False, **triage_page(referral, request.user)}
    context["is_coordinator"] = request.user.has_role(Role.COORDINATOR)
    context["open_states"] = OPEN_STATES
    context["themes_form"] = _themes_form(
        referral, context["triage"], context["active_themes"], action=_url("triage_themes", referral)
    )
    context["conflict_form"] = ConflictForm(referral=referral, action=_url("triage_conflict", referral))
    context["start_form"] = ConfirmForm(
        referral=referral, submit_label="Start triage", action=_url("triage_start", referral)
    )
    return render(request, "reviews/triage/page.html", context)


@require_http_methods(["POST"])
@role_required(*STAFF)
def start(request, reference):
    referral = _referral(request, reference)
    form = ConfirmForm(request.POST, referral=referral)
    return _act(request, referral, form, lambda data: services.triage_start(**data), "Triage started.")


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def sin(request, reference):
    referral = _referral(request, reference)
    form = SinForm(_data(request), referral=referral, triage=triage_for(referral))
    return _act(
        request,
        referral,
        form,
        lambda data: services.sin_record(**data, **form.service_kwargs()),
        "The serious incident notification has been saved.",
        title="Serious incident notification",
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def rapid_review(request, reference):
    referral = _referral(request, reference)
    triage = triage_for(referral)
    record = getattr(triage, "rapid_review", None) if triage else None
    if record is None:
        messages.error(request, "The rapid review has not started.")
        return redirect("reviews:triage", referral.reference)
    if request.method == "GET":
        log_access(request, referral)
    form = RapidReviewForm(_data(request), referral=referral, rapid_review=record)
    return _act(
        request,
        referral,
        form,
        lambda data: rapid.rapid_review_save(**data, **form.service_kwargs()),
        "The rapid review record has been saved.",
        title="Rapid review record",
        template="reviews/triage/rapid_review.html",
        rapid_review=record,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def send_to_panel(request, reference):
    referral = _referral(request, reference)
    triage = triage_for(referral)
    record = getattr(triage, "rapid_review", None) if triage else None
    form = SendToPanelForm(_data(request), referral=referral, due=triage.rapid_review_due if triage else None)
    return _act(
        request,
        referral,
        form,
        lambda data: rapid.rapid_review_send_to_panel(
            **data, sent_on=form.cleaned_data["sent_on"], late_reason=form.cleaned_data["late_reason"]
        ),
        "The rapid review has been sent to the Panel. The referral is waiting for a decision.",
        title="Send the rapid review to the Panel",
        lead="reviews/triage/_lead_send_to_panel.html",
        rapid_review=record,
        missing=rapid.rapid_review_missing(record) if record else [],
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def duplicate(request, reference, other):
    """The group's answer to a likely duplicate: only for a pair that matches and has none yet."""
    referral = _referral(request, reference)
    other_referral = referral_for_viewer(request.user, other)
    match = duplicates.likely_match(referral, other_referral)
    if match is None:
        raise Http404("Not a likely duplicate of this referral")
    form = DuplicateAnswerForm(_data(request), referral=referral)
    return _act(
        request,
        referral,
        form,
        lambda data: duplicates.referral_link(
            referral=referral,
            by=request.user,
            other=other_referral,
            kind=form.cleaned_data["answer"],
            reason=form.cleaned_data["reason"],
        ),
        f"Your answer about {other_referral.reference} has been saved.",
        title=f"Is {other_referral.reference} about the same child?",
        lead="reviews/triage/_lead_duplicate.html",
        match=match,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def late_reason(request, reference, step):
    """Why the Panel notification or the rapid review was late: only for a step done late."""
    referral = _referral(request, reference)
    triage = triage_for(referral)
    found = triage_steps(triage, getattr(triage, "rapid_review", None)).get(step) if triage else None
    if found is None or not found.is_late:
        raise Http404("No late step of that name")
    form = LateReasonForm(
        _data(request), referral=referral, question=REASON_QUESTIONS[step], reason=found.reason
    )
    return _act(
        request,
        referral,
        form,
        lambda data: services.late_reason_record(**data, step=step, reason=form.cleaned_data["reason"]),
        f"The reason the {found.name.lower()} was late has been saved.",
        title=f"{found.name}: why it was late",
        lead="reviews/_lead_late_step.html",
        step=found,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def themes(request, reference):
    referral = _referral(request, reference)
    triage = triage_for(referral)
    form = _themes_form(referral, triage, list(Theme.objects.filter(is_active=True)), _data(request))
    return _act(
        request,
        referral,
        form,
        lambda data: services.themes_tag(**data, themes=form.cleaned_data["themes"]),
        "Themes saved.",
        title="Themes",
    )


# --- Helpers ---------------------------------------------------------------------------------


def _referral(request, reference) -> Referral:
    return referral_for_viewer(request.user, reference)


def _data(request):
    return request.POST if request.method == "POST" else None


def _themes_form(referral, triage, active_themes, data=None, action=""):
    selected = triage.themes.all() if triage else ()
    return ThemesForm(data, referral=referral, themes=active_themes, selected=selected, action=action)


def _url(name, referral) -> str:
    return reverse(f"reviews:{name}", args=[referral.reference])


def _step(name, form_class, action, success, *, title, lead="", roles=STAFF):
    """A view for a step that is one form and one service: GET shows `form_class` for the
    referral; a valid POST calls `action(data, form)` (see _act) and says `success` (which may
    name the {reference})."""

    @require_http_methods(["GET", "POST"])
    @role_required(*roles)
    def view(request, reference):
        referral = _referral(request, reference)
        form = form_class(_data(request), referral=referral)
        message = success.format(reference=referral.reference)
        return _act(request, referral, form, lambda data: action(data, form), message, title=title, lead=lead)

    view.__name__ = view.__qualname__ = name
    return view


def _act(request, referral, form, action, success, *, title="", template=FORM_TEMPLATE, lead="", **context):
    """GET (or an invalid form) shows the form page; a valid POST runs `action` with the
    referral, the user and the status the form was made for, then goes back to the triage
    page. A domain error is shown on the form, with everything typed kept; if the referral
    moved on meanwhile, the user is sent back to the triage page to see why."""
    if request.method == "POST" and form.is_valid():
        data = {"referral": referral, "by": request.user, "expected": form.cleaned_data["expected_status"]}
        try:
            action(data)
        except ReferralStateError as error:
            current = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
            if current != data["expected"]:
                messages.error(request, str(error))
                return redirect("reviews:triage", referral.reference)
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("reviews:triage", referral.reference)
    context = {"referral": referral, "form": form, "title": title, "lead": lead, **context}
    return render(request, template, context)


# The steps that show a form and, once it is valid, call one service: one view each.
rapid_review_start = _step(
    "rapid_review_start",
    RapidReviewStartForm,
    lambda data, form: rapid.rapid_review_start(**data, started_on=form.cleaned_data["started_on"]),
    "The rapid review has started.",
    title="Start the rapid review",
    lead="reviews/triage/_lead_rapid_review_start.html",
)
ready_for_decision = _step(
    "ready_for_decision",
    partial(ConfirmForm, submit_label="Confirm: ready for a decision"),
    lambda data, form: services.triage_ready_for_decision(**data),
    "The referral is ready for the Review Group's decision.",
    title="Ready for a decision",
    lead="reviews/triage/_lead_ready_for_decision.html",
)
withdraw = _step(
    "withdraw",
    ReasonForm,
    lambda data, form: services.triage_withdraw(**data, reason=form.cleaned_data["reason"]),
    "Referral {reference} has been withdrawn.",
    title="Withdraw the referral",
    lead="reviews/triage/_lead_withdraw.html",
    roles=(Role.COORDINATOR,),
)
merge = _step(
    "merge",
    MergeForm,
    lambda data, form: services.triage_merge(
        **data, into=form.cleaned_data["into"], reason=form.cleaned_data["reason"]
    ),
    "Referral {reference} has been merged.",
    title="Merge into another referral",
    lead="reviews/triage/_lead_merge.html",
    roles=(Role.COORDINATOR,),
)
conflict = _step(
    "conflict",
    ConflictForm,
    # A conflict may be declared whatever the status: the stale-form check does not apply.
    lambda data, form: services.conflict_declare(
        referral=data["referral"], by=data["by"], note=form.cleaned_data["note"]
    ),
    "Your conflict of interest has been recorded. You cannot record the decision on this referral.",
    title="Declare a conflict of interest",
)
ask = _step(
    "ask",
    InformationRequestForm,
    lambda data, form: information_requests.information_request(
        **data, question=form.cleaned_data["question"]
    ),
    "Your question has been sent. The referrer has been emailed a link to answer it.",
    title="Ask the referrer for more information",
)
