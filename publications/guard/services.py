"""The coordinators' changes to protected terms: one added by hand, or removed (only those added
by hand: the others come back from the referral). The event on the publication's timeline names
the term's id, never the term itself."""

from django.db import transaction

from cscp.accounts.models import User

from ..models import ProtectedTerm, Publication
from ..services import PublicationError, check_publisher, publication_event
from . import live

AUTOMATIC_TERM = (
    "This term comes from the referral and cannot be removed here: it would come back from the "
    "referral. Correct the referral instead."
)


def _publication_of(holder) -> Publication | None:
    if isinstance(holder, Publication):
        return holder
    return Publication.objects.filter(case=holder).first()


def term_add(holder, term: str, by: User, kind: str = ProtectedTerm.Kind.OTHER) -> ProtectedTerm:
    """A term added by hand; holder: the review case, or a standalone publication. Its kind (a
    name, a date, an address...) decides the ways it is looked for, as for a derived term."""
    check_publisher(by)
    if kind not in ProtectedTerm.Kind.values:
        raise PublicationError("Choose what the term is")
    term = " ".join((term or "").split())
    if not term:
        raise PublicationError("Enter the name, date, place or other detail to protect")
    if len(term) > 300:
        raise PublicationError("The term must be 300 characters or less")
    holder_field = "publication" if isinstance(holder, Publication) else "case"
    with transaction.atomic():
        existing = ProtectedTerm.objects.filter(**{holder_field: holder, "term__iexact": term})
        if existing.exists():
            raise PublicationError("That term is already protected")
        created = ProtectedTerm.objects.create(
            **{holder_field: holder}, term=term, source=ProtectedTerm.Source.MANUAL, kind=kind, added_by=by
        )
        if publication := _publication_of(holder):
            publication_event(publication, "publication.term_added", by, f"Protected term {created.pk}")
        live.queue_recheck()
    return created


def term_remove(term: ProtectedTerm, by: User) -> None:
    check_publisher(by)
    if term.source != ProtectedTerm.Source.MANUAL:
        raise PublicationError(AUTOMATIC_TERM)
    with transaction.atomic():
        publication = _publication_of(term.publication or term.case)
        pk = term.pk
        term.delete()
        if publication:
            publication_event(publication, "publication.term_removed", by, f"Protected term {pk}")
        live.queue_recheck()
