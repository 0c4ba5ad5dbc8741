"""The year's key messages (publications/staff/key_messages.py): saved, published, taken off."""

import pytest

from publications.models import KeyMessages
from publications.public import cache as public_cache
from publications.staff import key_messages, publishing
from tests.factories import PublicationFactory
from tests.publications.helpers import prepared, refused

pytestmark = pytest.mark.django_db


def test_key_messages_save_publish_unpublish(coordinator, second):
    publication = prepared(coordinator)
    publishing.publication_publish(publication, second, 3)
    draft = PublicationFactory()
    refused("published reports only", key_messages.key_messages_save, 2026, "T", "B", [draft], coordinator)
    messages = key_messages.key_messages_save(
        2026, "Learning in 2026", "Share information.", [publication], coordinator
    )
    before = public_cache.current_version()
    key_messages.key_messages_publish(messages, coordinator)
    assert KeyMessages.objects.get().is_published and public_cache.current_version() == before + 1
    key_messages.key_messages_save(2026, "Learning in 2026", "Changed.", [], second)
    assert public_cache.current_version() == before + 2
    key_messages.key_messages_unpublish(messages, coordinator)
    assert not KeyMessages.objects.get().is_published
