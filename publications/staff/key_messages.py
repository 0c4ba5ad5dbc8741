"""The year's key messages (domain.md §5.3): saved, published on /learning/ and taken off it by a
coordinator; the public cache is bumped whenever the public can see the change."""

from django.db import transaction
from django.utils import timezone

from cscp.accounts.models import User

from ..models import KeyMessages, Publication
from ..public import cache as public_cache
from ..services import PublicationError, check_publisher


def key_messages_save(year: int, title: str, body: str, publications, by: User) -> KeyMessages:
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
        messages, _ = KeyMessages.objects.select_for_update().get_or_create(
            year=year, defaults={"title": title, "body": body, "updated_by": by}
        )
        messages.title, messages.body, messages.updated_by, messages.updated_at = (
            title,
            body,
            by,
            timezone.now(),
        )
        messages.save()
        messages.publications.set(publications)
        if messages.is_published:
            public_cache.bump()
    return messages


def _key_messages_set(messages: KeyMessages, by: User, published: bool) -> KeyMessages:
    check_publisher(by)
    with transaction.atomic():
        locked = KeyMessages.objects.select_for_update().get(pk=messages.pk)
        if locked.is_published != published:
            locked.is_published, locked.updated_by, locked.updated_at = published, by, timezone.now()
            locked.save(update_fields=["is_published", "updated_by", "updated_at"])
            public_cache.bump()
    return locked


def key_messages_publish(messages: KeyMessages, by: User) -> KeyMessages:
    return _key_messages_set(messages, by, True)


def key_messages_unpublish(messages: KeyMessages, by: User) -> KeyMessages:
    return _key_messages_set(messages, by, False)
