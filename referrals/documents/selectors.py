"""Which supporting document of a submitted referral someone may download."""

from django.http import Http404

from ..models import ReferralDocument
from ..selectors import referral_for_viewer


def document_for_viewer(user, reference: str, document_id: int) -> ReferralDocument:
    referral = referral_for_viewer(user, reference)
    document = ReferralDocument.objects.filter(referral=referral, pk=document_id).first()
    if document is None:
        raise Http404("No such document")
    document.referral = referral  # already loaded: saves a query for the access log
    return document
