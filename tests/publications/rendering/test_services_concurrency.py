"""Two workers given the same render at the same moment (PostgreSQL): exactly one renders it;
two requests for the same content at once queue one render of each kind."""

import pytest

from publications.models import Render
from publications.rendering.services import render_run, request_renders
from tests.concurrency import run_at_once
from tests.factories import PublicationFactory, PublicationSectionFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("role_groups"),
]


def test_of_two_workers_claiming_one_render_exactly_one_renders_it(settings):
    publication = PublicationFactory()
    PublicationSectionFactory(publication=publication)
    render = Render.objects.create(publication=publication, kind="report", content_version=1)

    results = run_at_once([lambda: render_run(render.pk), lambda: render_run(render.pk)])

    assert sorted(results) == [False, True]
    render.refresh_from_db()
    assert (render.state, render.attempts) == (Render.State.DONE, 1)
    assert len(list((settings.MEDIA_ROOT / "publications" / "renders").rglob("*.pdf"))) == 1


def test_two_requests_at_once_queue_one_render_of_each_kind():
    publication = PublicationFactory(mode="summary")

    results = run_at_once([lambda: request_renders(publication), lambda: request_renders(publication)])

    assert sorted(len(created) for created in results) == [0, 1]
    assert list(Render.objects.values_list("kind", "state")) == [("briefing", Render.State.DONE)]
