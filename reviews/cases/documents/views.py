"""A case's documents under /reviews/<reference>/documents/: the list, one document with its versions,
uploading a document or a new version, and downloading a version. Looked up through `on_case`,
so a reviewer not appointed to the case gets 404 for every one of them. Members read and
download; coordinators and the appointed reviewer also upload."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from cscp.accounts.roles import Role
from cscp.audit.access import log_access

from ...models import CaseDocumentVersion
from ..pages import acted, form_page, on_case
from ..selectors import CASE_ROLES
from .forms import DocumentAddForm, VersionAddForm
from .services import document_add, document_version_add, documents_of, may_upload, versions_of

UPLOADERS = (Role.COORDINATOR, Role.REVIEWER)
FORM_PAGE = "reviews/cases/documents/form.html"


def _document_on(case, document_id):
    """The document if it belongs to `case`; 404 otherwise (whichever case it belongs to)."""
    return get_object_or_404(case.documents.select_related("created_by"), pk=document_id)


def _require_uploader(request, case):
    if not may_upload(request.user, case):
        raise PermissionDenied


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@require_safe
@on_case(*CASE_ROLES)
def document_list(request, case):
    context = {
        "case": case,
        "documents": list(documents_of(case)),
        "may_upload": may_upload(request.user, case),
    }
    return render(request, "reviews/cases/documents/list.html", context)


@require_safe
@on_case(*CASE_ROLES)
def document_detail(request, case, document_id):
    document = _document_on(case, document_id)
    context = {
        "case": case,
        "document": document,
        "versions": list(versions_of(document)),
        "may_upload": may_upload(request.user, case),
    }
    return render(request, "reviews/cases/documents/document.html", context)


@require_http_methods(["GET", "POST"])
@on_case(*UPLOADERS)
def document_new(request, case):
    _require_uploader(request, case)
    form = DocumentAddForm(*_posted(request), case=case)
    document = acted(
        request, form,
        lambda data: document_add(
            case=case, kind=data["kind"], title=data["title"], upload=data["file"], checked=form.checked,
            by=request.user, note=data["note"],
        ),
    )  # fmt: skip
    if document:
        messages.success(request, f"{document.get_kind_display()} uploaded as version 1.")
        return redirect("reviews:case_document", case.reference, document.pk)
    back_url = reverse("reviews:case_documents", args=[case.reference])
    return form_page(request, case, form, "Add a document", template=FORM_PAGE, back_url=back_url)


@require_http_methods(["GET", "POST"])
@on_case(*UPLOADERS)
def version_new(request, case, document_id):
    document = _document_on(case, document_id)
    _require_uploader(request, case)
    form = VersionAddForm(*_posted(request), case=case)
    version = acted(
        request, form,
        lambda data: document_version_add(
            document=document, upload=data["file"], checked=form.checked, by=request.user, note=data["note"]
        ),
    )  # fmt: skip
    if version:
        messages.success(request, f"{document.get_kind_display()} uploaded as version {version.number}.")
        return redirect("reviews:case_document", case.reference, document.pk)
    title = f"Upload a new version of {document.title}"
    back_url = reverse("reviews:case_document", args=[case.reference, document.pk])
    return form_page(request, case, form, title, template=FORM_PAGE, back_url=back_url)


@require_safe
@on_case(*CASE_ROLES)
def version_download(request, case, document_id, number):
    version = get_object_or_404(
        CaseDocumentVersion.objects.select_related("document"),
        document__case=case,
        document_id=document_id,
        number=number,
    )
    log_access(request, version)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    # Always a download, never rendered by the browser: an upload is never trusted as a page.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
