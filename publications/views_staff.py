"""/publications/ (issue 6): the coordinators' publication pages. Members may read the list and
a publication's page; only coordinators change anything (and see the protected terms, which are
personal data). Thin views: GET shows, POST acts through publications/services.py, a refusal
goes on the form with what was typed kept."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cscp.accounts.decorators import role_required
from cscp.accounts.roles import Role
from cscp.audit.access import log_access
from reviews.models import ReviewCase

from . import selectors_staff as selectors
from . import services
from .forms import (
    ConfirmForm,
    DetailsForm,
    FamilyForm,
    KeyMessagesForm,
    PublishForm,
    ReportUploadForm,
    SectionForm,
    StandaloneForm,
    TermForm,
    WithdrawForm,
)
from .guard import services as guard_services
from .guard import terms
from .models import KeyMessages, ProtectedTerm, Publication
from .services import PublicationError

PER_PAGE = 50
DETAIL_FIELDS = (
    "title", "pseudonym", "slug", "mode", "mode_reason", "summary", "learning", "recommendations",
    "methodology", "age_band", "year", "report_source",
)  # fmt: skip


def on_publication(*roles: str):
    """Staff only (anonymous: sign in; others: 403); the publication or 404; then `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, pk, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_role(*selectors.STAFF_ROLES):
                raise PermissionDenied
            try:
                publication = selectors.publication_for_page(pk)
            except Publication.DoesNotExist:
                raise Http404("No such publication") from None
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, publication, *args, **kwargs)

        return wrapped

    return decorator


def _posted(request, files=False) -> tuple:
    """The form's data: bound on any POST, even an empty one (a confirm button, nothing ticked)."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _form_page(request, form, title, caption="", **extra):
    return render(
        request, "publications/staff/form.html", {"form": form, "title": title, "caption": caption, **extra}
    )


def _act_on(request, publication, form, act, *, done, title, error_field=None):
    """What the coordinator's forms on a publication share: on a valid POST, `act(cleaned_data)`
    and back to the publication with the message `done`; a PublicationError becomes an error on
    the form (on `error_field`, or the whole form) shown with everything typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except PublicationError as error:
            form.add_error(error_field, str(error))
        else:
            return _done(request, publication, done)
    return _form_page(request, form, title, publication.title, publication=publication)


def _done(request, publication, message):
    messages.success(request, message)
    return redirect("publications:detail", publication.pk)


def _refuse_withdrawn(request, publication):
    if publication.status != Publication.Status.WITHDRAWN:
        return None
    messages.error(request, "A withdrawn publication cannot be changed.")
    return redirect("publications:detail", publication.pk)


# --- The list and starting one ----------------------------------------------------------------


@require_safe
@role_required(*selectors.STAFF_ROLES)
def publication_list(request):
    page = Paginator(selectors.list_rows(), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(publication, selectors.renders_state(publication)) for publication in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "may_change": request.user.has_role(Role.COORDINATOR),
    }
    return render(request, "publications/staff/list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def publication_start(request, case_id):
    case = get_object_or_404(ReviewCase, pk=case_id)
    existing = Publication.objects.filter(case=case).first()
    if existing:
        messages.info(request, services.ONE_PER_CASE)
        return redirect("publications:detail", existing.pk)
    form = ConfirmForm(*_posted(request), submit_label="Start the publication")
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_start(case, request.user)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, publication, "Publication started.")
    return _form_page(request, form, "Start a publication", case.reference, case=case)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def publication_new(request):
    form = StandaloneForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_new_standalone(
                form.cleaned_data["kind"], form.cleaned_data["title"], request.user
            )
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, publication, "Publication started.")
    return _form_page(request, form, "Start a thematic or national learning publication")


# --- A publication's page ---------------------------------------------------------------------


@require_safe
@on_publication(*selectors.STAFF_ROLES)
def publication_detail(request, publication):
    log_access(request, publication)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    checks = services.publish_checks(publication)
    context = {
        "publication": publication,
        "case": publication.case,
        "may_change": is_coordinator and publication.status != Publication.Status.WITHDRAWN,
        "is_coordinator": is_coordinator,
        "renders_state": selectors.renders_state(publication),
        "renders": selectors.latest_renders(publication),
        "checks": checks,
        "guard": checks[-1],
        "terms": terms.terms_for(publication) if is_coordinator else None,
        "events": selectors.timeline(publication),
        "today": timezone.localdate(),
    }
    return render(request, "publications/staff/detail.html", context)


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def publication_details(request, publication):
    if refused := _refuse_withdrawn(request, publication):
        return refused
    initial = {name: getattr(publication, name) for name in DETAIL_FIELDS}
    initial["themes"] = [str(theme.pk) for theme in publication.themes.all()]
    form = DetailsForm(*_posted(request), publication=publication, initial=initial)
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.publication_update(publication, request.user, **data),
        done="Details saved.",
        title="Publication details",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def section_new(request, publication):
    if refused := _refuse_withdrawn(request, publication):
        return refused
    form = SectionForm(*_posted(request))
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.section_add(publication, request.user, **data),
        done="Section added.",
        title="Add a section",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def section_edit(request, publication, section_id):
    section = get_object_or_404(publication.sections, pk=section_id)
    if refused := _refuse_withdrawn(request, publication):
        return refused
    form = SectionForm(*_posted(request), initial={"heading": section.heading, "body": section.body})
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.section_change(section, request.user, **data),
        done="Section saved.",
        title=f"Section {section.position}",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def section_remove(request, publication, section_id):
    section = get_object_or_404(publication.sections, pk=section_id)
    if refused := _refuse_withdrawn(request, publication):
        return refused
    form = ConfirmForm(*_posted(request), submit_label="Remove the section")
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.section_remove(section, request.user),
        done="Section removed.",
        title=f"Remove section {section.position}, {section.heading}?",
    )


@require_POST
@on_publication(Role.COORDINATOR)
def section_move(request, publication, section_id, direction):
    section = get_object_or_404(publication.sections, pk=section_id)
    try:
        services.section_move(section, request.user, direction)
    except PublicationError as error:
        messages.error(request, str(error))
    return redirect(reverse("publications:detail", args=[publication.pk]) + "#sections")


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def report_upload(request, publication):
    if refused := _refuse_withdrawn(request, publication):
        return refused
    form = ReportUploadForm(*_posted(request, files=True))
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.report_upload(publication, request.user, data["file"]),
        done="Report uploaded.",
        title="Upload the full report",
        error_field="file",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def family(request, publication):
    if refused := _refuse_withdrawn(request, publication):
        return refused
    initial = {
        "family_told_on": publication.family_told_on,
        "family_not_told_reason": publication.family_not_told_reason,
    }
    form = FamilyForm(*_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(publication, request.user, **form.cleaned_data)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, publication, "Saved.")
    told = []
    if publication.case_id:
        told = list(publication.case.family_engagements.exclude(told_of_publication_on=None))
    return _form_page(
        request, form, "The family told of publication", publication.title, publication=publication, told=told
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def protected_terms(request, publication):
    holder = publication.case or publication
    form = TermForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            guard_services.term_add(holder, form.cleaned_data["term"], request.user)
        except PublicationError as error:
            form.add_error("term", str(error))
        else:
            messages.success(request, "Term added.")
            return redirect("publications:terms", publication.pk)
    context = {"terms": terms.terms_for(publication), "publication": publication}
    return render(
        request,
        "publications/staff/terms.html",
        {"form": form, "title": "Protected terms", "caption": publication.title, **context},
    )


@require_POST
@on_publication(Role.COORDINATOR)
def term_remove(request, publication, term_id):
    holder = {"case": publication.case} if publication.case_id else {"publication": publication}
    term = get_object_or_404(ProtectedTerm, pk=term_id, **holder)
    try:
        guard_services.term_remove(term, request.user)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Term removed.")
    return redirect("publications:terms", publication.pk)


# --- Publishing and withdrawing ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def publish(request, publication):
    if publication.status != Publication.Status.DRAFT:
        messages.error(request, f"This publication is {publication.get_status_display().lower()}.")
        return redirect("publications:detail", publication.pk)
    form = PublishForm(*_posted(request), initial={"expected": publication.content_version, "when": "now"})
    if request.method == "POST" and form.is_valid():
        when = form.cleaned_data["scheduled_for"]
        try:
            services.publication_publish(publication, request.user, form.cleaned_data["expected"], when=when)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, publication, "Scheduled." if when else "Published.")
    checks = services.publish_checks(publication)
    context = {
        "publication": publication,
        "checks": checks,
        "guard": checks[-1],
        "last_editor": publication.last_edited_by_id == request.user.pk,
    }
    return _form_page(request, form, "Publish", publication.title, template_checks=True, **context)


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def unschedule(request, publication):
    form = ConfirmForm(*_posted(request), submit_label="Cancel the schedule")
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_unschedule(publication, request.user)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return _done(
                request, publication, "The schedule was cancelled: the publication is a draft again."
            )
    return _form_page(
        request, form, "Cancel the scheduled publication?", publication.title, publication=publication
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def withdraw(request, publication):
    if publication.status != Publication.Status.LIVE:
        messages.error(request, "Only a published publication can be withdrawn.")
        return redirect("publications:detail", publication.pk)
    form = WithdrawForm(*_posted(request))
    return _act_on(
        request,
        publication,
        form,
        lambda data: services.publication_withdraw(publication, request.user, **data),
        done="Publication withdrawn.",
        title="Withdraw the publication",
    )


# --- Key messages -----------------------------------------------------------------------------


@require_safe
@role_required(*selectors.STAFF_ROLES)
def key_messages_list(request):
    context = {
        "rows": KeyMessages.objects.select_related("updated_by"),
        "may_change": request.user.has_role(Role.COORDINATOR),
    }
    return render(request, "publications/staff/key_messages.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def key_messages_edit(request, year=None):
    current = get_object_or_404(KeyMessages, year=year) if year is not None else None
    initial = {"year": timezone.localdate().year}
    if current:
        initial = {
            "year": current.year, "title": current.title, "body": current.body,
            "publications": [str(pk) for pk in current.publications.values_list("pk", flat=True)],
        }  # fmt: skip
    form = KeyMessagesForm(*_posted(request), initial=initial, year_fixed=current is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if current is None and KeyMessages.objects.filter(year=data["year"]).exists():
            form.add_error("year", f"There are already key messages for {data['year']}: change those instead")
        else:
            try:
                services.key_messages_save(
                    data["year"], data["title"], data["body"], data["publications"], request.user
                )
            except PublicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Key messages for {data['year']} saved.")
                return redirect("publications:key_messages")
    title = f"Key messages {current.year}" if current else "New key messages"
    return _form_page(request, form, title)


@require_POST
@role_required(Role.COORDINATOR)
def key_messages_publish(request, year, publish):
    current = get_object_or_404(KeyMessages, year=year)
    if publish:
        services.key_messages_publish(current, request.user)
        messages.success(request, f"Key messages for {year} published.")
    else:
        services.key_messages_unpublish(current, request.user)
        messages.success(request, f"Key messages for {year} taken off the public site.")
    return redirect("publications:key_messages")
