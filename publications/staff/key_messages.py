"""The year's key messages (domain.md §5.3): a draft saved by a coordinator, published on
/learning/ by a second one after the anonymisation guard (approval.py), and taken off it."""

from django.db import transaction

from cscp.accounts.models import User

from ..models import KeyMessages, Publication
from ..services import PublicationError, check_publisher
from . import approval


def key_messages_save(year: int, title: str, body: str, publications, by: User) -> KeyMessages:
    """The year's draft, new or changed; what the public reads changes only once approved."""
    check_publisher(by)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise PublicationError("Enter the title")
    if not body:
        raise PublicationError("Enter the key messages")
    publications = list(publications)
    live = Publication.objects.public().filter(pk__in=[publication.pk for publication in publications])
    if live.count() != len({publication.pk for publication in publications}):
        raise PublicationError("Choose published reports only")
    with transaction.atomic():
        messages = KeyMessages.objects.filter(year=year).first() or KeyMessages(year=year)
        messages = approval.save_draft(messages, by, title=title, body=body)
        if set(messages.publications.all()) != set(publications):
            messages.publications.set(publications)
            # The reports it comes from decide the terms it is checked against.
            KeyMessages.objects.filter(pk=messages.pk).update(version=messages.version + 1, updated_by=by)
            messages.refresh_from_db()
    return messages
