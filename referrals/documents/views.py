"""Supporting documents: on a draft, upload, list, download and remove them; once submitted,
download them from the referral's page. The checks are in checks.py; a file is served only to
who may see its referral, always as an attachment."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from cscp.audit.access import log_access

from ..draft import steps
from ..draft.common import SAVED, draft_view, next_url, page_context, returning, step_url, touch
from . import selectors
from .checks import MAX_DOCUMENTS
from .forms import DocumentForm
from .services import document_add, document_remove


def documents_page(request, referral, step):
    back_to_check = returning(request)
    posted = request.method == "POST"
    form = DocumentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        referral=referral,
        max_mb=settings.CSCP_UPLOAD_MAX_MB,
    )
    if posted and form.is_valid():
        if form.checked:
            document_add(
                referral=referral, upload=form.cleaned_data["file"], checked=form.checked, by=request.user
            )
            touch(referral)
            messages.success(request, f"{form.checked.name} has been uploaded.")
        if "later" in request.POST:
            messages.success(request, SAVED)
            return redirect("referrals:list")
        if "upload" in request.POST:
            return redirect(step_url(referral, step, back_to_check))
        return redirect(next_url(referral, step, back_to_check))
    context = page_context(
        referral,
        step,
        back_to_check,
        form=form,
        documents=referral.documents.all(),
        max_documents=MAX_DOCUMENTS,
    )
    return render(request, "referrals/draft/documents.html", context)


@draft_view
def document_download(request, referral, document_id):
    return _attachment(get_object_or_404(referral.documents, pk=document_id))


@draft_view
def document_remove_page(request, referral, document_id):
    document = get_object_or_404(referral.documents, pk=document_id)
    step = steps.get("documents")
    back_to_check = returning(request)
    list_url = step_url(referral, step, back_to_check)
    if request.method == "POST":
        document_remove(document)
        touch(referral)
        messages.success(request, f"{document.original_name} has been removed.")
        return redirect(list_url)
    context = page_context(
        referral,
        step,
        back_to_check,
        title=f"Are you sure you want to remove {document.original_name}?",
        back_url=list_url,
        cancel_url=list_url,
    )
    return render(request, "referrals/draft/remove.html", context)


@require_safe
@login_required
def document(request, reference, document_id):
    """A submitted referral's document, for its referrer and the staff who may see it (logged)."""
    document = selectors.document_for_viewer(request.user, reference, document_id)
    if document.referral.created_by_id != request.user.pk:
        log_access(request, document)
    return _attachment(document)


def _attachment(document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    # Always a download, never rendered by the browser: an upload is never trusted as a page,
    # and no browser may decide the file is something else (HTML, script) and run it.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
