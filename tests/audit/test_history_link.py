import pytest
from django.template import engines
from django.test import RequestFactory

from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _render(user, obj):
    request = RequestFactory().get("/")
    request.user = user
    template = engines["django"].from_string('{% include "audit/_history_link.html" with object=obj %}')
    return template.render({"obj": obj}, request)


def test_it_links_coordinators_to_the_history(coordinator):
    agency = AgencyFactory(name="Croydon Council")
    html = _render(coordinator, agency)
    assert f'href="/audit/accounts/agency/{agency.pk}/"' in html
    assert "View the history" in html


@pytest.mark.parametrize("role", ["member", "reviewer", "referrer"])
def test_it_shows_nothing_to_others(request, role):
    assert _render(request.getfixturevalue(role), AgencyFactory()).strip() == ""


def test_it_shows_nothing_to_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    assert _render(AnonymousUser(), AgencyFactory()).strip() == ""
