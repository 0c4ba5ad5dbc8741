"""A review's documents (issue 5 §3): the terms of reference, agency reports, drafts, the final
report... each kept in every version. Coordinators upload on any case; an independent reviewer
only on a case they are currently appointed to. Each upload is numbered under the case lock
and leaves a row on the case timeline naming only the kind and the version (a title is typed
by a person and could name the child).

Files are checked by referrals.uploads.check_upload (type by content, size, safe name) in the
form, and stored under a random name outside any public URL (models._case_document_path);
they are served only through the download view, which checks the case is visible to the
user and logs the access."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from referrals.documents.checks import CheckedUpload

from ...models import CaseDocument, CaseDocumentVersion, DocumentKind, ReviewCase
from ..services import case_event
from ..transitions import ReviewCaseError

NOT_UPLOADER = "Only coordinators and the case's appointed reviewer can upload documents."


def may_upload(user: User, case: ReviewCase, appointments=None) -> bool:
    """Coordinators on any case; a reviewer on a case they are currently appointed to.
    `appointments`: the case's appointments already loaded (the case page), to save a query."""
    if user.has_role(Role.COORDINATOR):
        return True
    if not user.has_role(Role.REVIEWER):
        return False
    if appointments is not None:
        return any(a.reviewer_id == user.pk and a.ended_on is None for a in appointments)
    return case.appointments.filter(reviewer=user, ended_on__isnull=True).exists()


def versions_of(document: CaseDocument):
    return document.versions.select_related("uploaded_by")


def documents_of(case: ReviewCase):
    """The case's documents, each with its versions (newest first) and their uploaders."""
    versions = CaseDocumentVersion.objects.select_related("uploaded_by")
    return case.documents.prefetch_related(Prefetch("versions", versions))


def page_rows(case: ReviewCase) -> dict:
    """For the case page: two queries whatever the number of documents and versions."""
    return {"documents": list(documents_of(case))}


def _lock_case(case_id: int, by: User) -> ReviewCase:
    """Lock the case and check `by` may upload on it; call inside a transaction. The check is
    made under the lock, so an appointment ended a moment ago counts as ended."""
    locked = ReviewCase.objects.select_for_update().get(pk=case_id)
    if not may_upload(by, locked):
        raise ReviewCaseError(NOT_UPLOADER)
    return locked


def _add_version(document, *, upload, checked: CheckedUpload, by: User, note: str, stored: list):
    now = timezone.now()
    number = document.latest_version + 1
    version = CaseDocumentVersion(
        document=document,
        number=number,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        note=note.strip(),
        uploaded_by=by,
        uploaded_at=now,
    )
    version.file.save("upload", upload, save=False)
    stored.append(version.file)
    version.save()
    document.latest_version, document.updated_at = number, now
    document.save(update_fields=["latest_version", "updated_at"])
    return version


def _removing_files_on_error(work):
    """Run `work(stored)`; if it fails, delete the files it stored, so a refused or failed
    upload leaves nothing behind."""
    stored = []
    try:
        return work(stored)
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise


def document_add(
    *, case: ReviewCase, kind: str, title: str, upload, checked: CheckedUpload, by: User, note: str = ""
) -> CaseDocument:
    """A new document with its first version."""
    if kind not in DocumentKind.values:
        raise ReviewCaseError("Select the kind of document")
    if not title.strip():
        raise ReviewCaseError("Enter the title")

    def work(stored):
        with transaction.atomic():
            locked = _lock_case(case.pk, by)
            now = timezone.now()
            document = CaseDocument.objects.create(
                case=locked, kind=kind, title=title.strip(), created_by=by, created_at=now, updated_at=now
            )
            _add_version(document, upload=upload, checked=checked, by=by, note=note, stored=stored)
            case_event(locked, "review.document_added", by, f"{document.get_kind_display()} v1")
        return document

    return _removing_files_on_error(work)


def document_version_add(
    *, document: CaseDocument, upload, checked: CheckedUpload, by: User, note: str = ""
) -> CaseDocumentVersion:
    """The document's next version: numbered under the case lock, so two uploads at once get
    distinct numbers."""

    def work(stored):
        with transaction.atomic():
            case = _lock_case(document.case_id, by)
            locked = CaseDocument.objects.select_for_update().get(pk=document.pk)
            version = _add_version(locked, upload=upload, checked=checked, by=by, note=note, stored=stored)
            case_event(
                case, "review.document_version_added", by, f"{locked.get_kind_display()} v{version.number}"
            )
        return version

    return _removing_files_on_error(work)
