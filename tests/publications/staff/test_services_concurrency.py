"""The publishing services under concurrency (PostgreSQL): each locks the publication row (and
starting locks the case), so two coordinators acting at once are served one after the other."""

from datetime import timedelta

import pytest
from django.utils import timezone

from publications.models import Publication, PublicationEvent
from publications.services import PublicationError
from publications.staff import publishing, services
from reviews.models import ReviewStatus
from tests.concurrency import run_at_once
from tests.factories import UserFactory
from tests.publications.helpers import case_ready, prepared

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


@pytest.fixture
def coordinators():
    return [UserFactory(email=f"coord{n}@council.example", roles=["coordinator"]) for n in range(3)]


def test_two_starts_on_one_case_make_one_publication(coordinators):
    case = case_ready()
    results = run_at_once([lambda by=by: services.publication_start(case, by) for by in coordinators[:2]])
    assert sum(isinstance(result, Publication) for result in results) == 1, results
    assert any(isinstance(result, PublicationError) for result in results)
    assert Publication.objects.filter(case=case).count() == 1


def test_two_coordinators_publishing_at_once_publish_once(coordinators):
    author, *publishers = coordinators
    publication = prepared(author)
    version = publication.content_version
    results = run_at_once(
        [lambda by=by: publishing.publication_publish(publication, by, version) for by in publishers]
    )
    assert sum(isinstance(result, Publication) for result in results) == 1, results
    publication.refresh_from_db()
    assert publication.status == Publication.Status.LIVE
    assert publication.case.status == ReviewStatus.PUBLISHED
    assert (
        PublicationEvent.objects.filter(publication=publication, action="publication.published").count() == 1
    )


def test_an_edit_and_a_publish_at_once_never_publish_unseen_content(coordinators):
    author, publisher, _ = coordinators
    publication = prepared(author)
    version = publication.content_version
    results = run_at_once(
        [
            lambda: services.publication_update(publication, author, summary="Changed at the last moment"),
            lambda: publishing.publication_publish(publication, publisher, version),
        ]
    )
    publication.refresh_from_db()
    if publication.status == Publication.Status.LIVE:
        # The publish went first: the edit came after, to a live publication, as a new version.
        assert publication.content_version == version + 1 and isinstance(results[1], Publication)
    else:
        assert isinstance(results[1], PublicationError), results


def test_two_runs_of_publish_due_at_once_publish_once(coordinators):
    author, publisher, _ = coordinators
    publication = prepared(author)
    publishing.publication_publish(
        publication, publisher, publication.content_version, when=timezone.now() + timedelta(hours=1)
    )
    later = timezone.now() + timedelta(hours=2)
    results = run_at_once([lambda: publishing.publish_due(now=later) for _ in range(2)])
    assert sorted(results) == [0, 1], results
    assert (
        PublicationEvent.objects.filter(publication=publication, action="publication.published").count() == 1
    )
