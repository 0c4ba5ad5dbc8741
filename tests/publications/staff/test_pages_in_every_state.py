"""Every coordinators' page of a publication, in each of its states, for a coordinator and a
member: none is an error. A withdrawn publication's PDFs are deleted when it is withdrawn (the
on-commit callbacks run here, as they do in production), and its page still opens (issue 14 §6)."""

import datetime

import pytest
from django.utils import timezone

from publications.models import Publication
from publications.rendering import selectors as render_selectors
from publications.staff import publishing
from tests.publications.helpers import page, prepared

pytestmark = pytest.mark.django_db

P = Publication.Status

# Every page under /publications/<pk>/ that a GET may open (the others answer POST only).
PAGES = (
    "",
    "details/",
    "sections/add/",
    "report/",
    "family/",
    "terms/",
    "publish/",
    "unschedule/",
    "withdraw/",
)


def _in_state(status, coordinator, second, capture):
    publication = prepared(coordinator)
    if status == P.SCHEDULED:
        when = timezone.now() + datetime.timedelta(days=3)
        publishing.publication_publish(publication, second, publication.content_version, when)
    elif status in (P.LIVE, P.WITHDRAWN):
        publishing.publication_publish(publication, second, publication.content_version)
    if status == P.WITHDRAWN:
        with capture(execute=True):
            publishing.publication_withdraw(
                publication, second, "Reporting restriction order", court_order=True
            )
    publication.refresh_from_db()
    assert publication.status == status
    return publication


@pytest.mark.parametrize("status", [P.DRAFT, P.SCHEDULED, P.LIVE, P.WITHDRAWN])
def test_every_page_opens_in_every_state_for_each_staff_role(
    status, staff_client_for, coordinator, second, member, django_capture_on_commit_callbacks
):
    publication = _in_state(status, coordinator, second, django_capture_on_commit_callbacks)
    section = publication.sections.first()
    urls = [page(publication, rest) for rest in PAGES] + [page(publication, f"sections/{section.pk}/")]
    for user in (coordinator, member):
        client = staff_client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (user.email, url, response.status_code)
        assert client.get(page(publication)).status_code == 200


def test_a_withdrawn_publication_page_says_so_without_reading_its_deleted_pdfs(
    staff_client_for, coordinator, second, django_capture_on_commit_callbacks
):
    publication = _in_state(P.WITHDRAWN, coordinator, second, django_capture_on_commit_callbacks)
    assert not publication.renders.exclude(file="").exists()  # the files really are gone
    body = staff_client_for(coordinator).get(page(publication)).content.decode()
    assert "Withdrawn on" in body and "Reporting restriction order" in body
    assert "Before publishing" not in body


def test_a_live_publication_page_shows_the_guard_on_what_the_public_reads(
    staff_client_for, coordinator, second
):
    publication = _in_state(P.LIVE, coordinator, second, None)
    body = staff_client_for(coordinator).get(page(publication)).content.decode()
    assert "While published" in body and "Anonymisation check" in body
    # A PDF gone from storage is reported, not a server error.
    render = render_selectors.current_render(publication, "report")
    render.file.storage.delete(render.file.name)
    body = staff_client_for(coordinator).get(page(publication)).content.decode()
    assert "missing from storage" in body
