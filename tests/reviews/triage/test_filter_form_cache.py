"""The filter forms of the triage queue and the review case list are kept as rendered HTML
(cscp.core.filter_forms, issue 8): a change to a drop-down's choices, or to what was asked for,
shows at once, and the same page served from the kept HTML is the same page."""

import pytest

from cscp.accounts.models import Agency
from reviews.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(staff_client_for, coordinator):
    return staff_client_for(coordinator)


def filter_form(response) -> str:
    html = response.content.decode()
    start = html.index('<h2 class="govuk-heading-m">Filter</h2>')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize("url", ["/triage/", "/reviews/"])
def test_a_renamed_theme_shows_at_once(coordinator_client, url):
    theme = Theme.objects.create(name="Bench theme before", slug="bench-theme")
    assert "Bench theme before" in filter_form(coordinator_client.get(url))

    theme.name = "Bench theme after"
    theme.save()

    form = filter_form(coordinator_client.get(url))
    assert "Bench theme after" in form
    assert "Bench theme before" not in form


def test_a_new_agency_and_the_values_asked_for_show_at_once(coordinator_client):
    first = filter_form(coordinator_client.get("/triage/"))
    assert first == filter_form(coordinator_client.get("/triage/"))  # kept, and the same

    agency = Agency.objects.create(name="Bench Agency Added")
    assert "Bench Agency Added" in filter_form(coordinator_client.get("/triage/"))

    asked = filter_form(coordinator_client.get(f"/triage/?referrer_agency={agency.pk}&q=0042"))
    assert f'<option value="{agency.pk}" selected>' in asked
    assert 'value="0042"' in asked
    # A page number is not part of the form: the kept form serves every page.
    assert filter_form(coordinator_client.get("/triage/?page=2")) == filter_form(
        coordinator_client.get("/triage/")
    )
