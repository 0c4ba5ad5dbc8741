"""The coordinators' pages that change what a publication says (issue 6): its details,
its sections, the uploaded report, the family told of publication, and its protected terms.
Coordinators only; a withdrawn publication cannot be changed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cscp.accounts.roles import Role

from ..guard import services as guard_services
from ..guard import terms
from ..models import ProtectedTerm
from ..services import PublicationError
from . import services
from .forms import ConfirmForm, DetailsForm, FamilyForm, ReportUploadForm, SectionForm, TermForm
from .shortcuts import act_on, on_publication, posted, refuse_withdrawn

DETAIL_FIELDS = (
    "title", "pseudonym", "slug", "mode", "mode_reason", "summary", "learning", "recommendations",
    "methodology", "age_band", "year", "report_source",
)  # fmt: skip


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def publication_details(request, publication):
    if refused := refuse_withdrawn(request, publication):
        return refused
    initial = {name: getattr(publication, name) for name in DETAIL_FIELDS}
    initial["themes"] = [str(theme.pk) for theme in publication.themes.all()]
    form = DetailsForm(*posted(request), publication=publication, initial=initial)
    return act_on(
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
    if refused := refuse_withdrawn(request, publication):
        return refused
    form = SectionForm(*posted(request))
    return act_on(
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
    if refused := refuse_withdrawn(request, publication):
        return refused
    form = SectionForm(*posted(request), initial={"heading": section.heading, "body": section.body})
    return act_on(
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
    if refused := refuse_withdrawn(request, publication):
        return refused
    form = ConfirmForm(*posted(request), submit_label="Remove the section")
    return act_on(
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
    if refused := refuse_withdrawn(request, publication):
        return refused
    form = ReportUploadForm(*posted(request, files=True))
    uploaded = {}

    def upload(data):
        uploaded["publication"] = services.report_upload(publication, request.user, data["file"])
        return uploaded["publication"]

    def done(data):
        removed = uploaded["publication"].removed_for_public
        if not removed:
            return "Report uploaded."
        return f"Report uploaded. Removed from the copy the public will get: {removed}."

    return act_on(
        request,
        publication,
        form,
        upload,
        done=done,
        title="Upload the full report",
        error_field="file",
    )


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def family(request, publication):
    if refused := refuse_withdrawn(request, publication):
        return refused
    initial = {
        "family_told_on": publication.family_told_on,
        "family_not_told_reason": publication.family_not_told_reason,
    }
    form = FamilyForm(*posted(request), initial=initial)
    return act_on(
        request,
        publication,
        form,
        lambda data: services.publication_update(publication, request.user, **data),
        done="Saved.",
        title="The family told of publication",
        context=lambda: {"told": _told_of_publication(publication)},
    )


def _told_of_publication(publication) -> list:
    if not publication.case_id:
        return []
    return list(publication.case.family_engagements.exclude(told_of_publication_on=None))


@require_http_methods(["GET", "POST"])
@on_publication(Role.COORDINATOR)
def protected_terms(request, publication):
    holder = publication.case or publication
    form = TermForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            guard_services.term_add(
                holder, form.cleaned_data["term"], request.user, form.cleaned_data["kind"]
            )
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
