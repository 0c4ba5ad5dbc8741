"""Adding and removing a draft's supporting documents (the file was checked by checks.py)."""

from django.db import transaction

from ..models import Referral, ReferralDocument
from .checks import CheckedUpload


def document_add(*, referral: Referral, upload, checked: CheckedUpload, by) -> ReferralDocument:
    return ReferralDocument.objects.create(
        referral=referral,
        file=upload,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )


def document_remove(document: ReferralDocument) -> None:
    # The file goes only once the row is gone for good, so a rolled-back delete keeps both.
    file = document.file
    document.delete()
    transaction.on_commit(lambda: file.delete(save=False), robust=True)
