"""Supporting documents on a draft: upload, list, download, remove. The checks are in
referrals/uploads.py; the file is served only to the draft's owner, as an attachment."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render

from .. import steps
from ..forms import DocumentForm
from ..uploads import MAX_DOCUMENTS, document_add, document_remove
from .common import SAVED, draft_view, next_url, page_context, returning, step_url, touch


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
    document = get_object_or_404(referral.documents, pk=document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    # Never let a browser decide the file is something else (HTML, script) and run it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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
