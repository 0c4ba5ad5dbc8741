"""Themes: coordinators list, add, rename and retire them (never delete); a name is unique
whatever its case; members and everyone else are refused."""

import pytest

from reviews.models import Theme, Triage
from tests.factories import submitted_referral_factory

pytestmark = pytest.mark.django_db

LIST = "/triage/themes/"
ADD = "/triage/themes/add/"


@pytest.fixture
def neglect(db):
    return Theme.objects.get_or_create(slug="neglect", defaults={"name": "Neglect"})[0]


def test_the_migration_adds_the_initial_themes():
    from importlib import import_module

    themes = import_module("reviews.migrations.0002_initial_themes").THEMES
    names = {name for name, _ in themes}
    assert {"Neglect", "Domestic abuse", "Sudden unexpected death in infancy", "Race and culture"} <= names
    assert len(themes) == 14


def test_it_lists_themes_with_how_many_referrals_use_them(coordinator_client, neglect):
    Triage.objects.create(referral=submitted_referral_factory(status="screening")).themes.add(neglect)

    response = coordinator_client.get(LIST)

    assert response.status_code == 200
    listed = {theme.name: theme.uses for theme in response.context["themes"]}
    assert listed["Neglect"] == 1


def test_a_coordinator_adds_a_theme(coordinator_client):
    response = coordinator_client.post(
        ADD, {"name": "  Private   fostering ", "description": "Arranged privately"}
    )

    assert response.status_code == 302
    theme = Theme.objects.get(name="Private fostering")
    assert theme.slug == "private-fostering"
    assert theme.is_active and theme.description == "Arranged privately"


def test_a_name_already_taken_in_any_case_is_refused_with_a_clear_message(coordinator_client, neglect):
    response = coordinator_client.post(ADD, {"name": "NEGLECT"})

    assert response.status_code == 200
    assert "There is already a theme called Neglect. Enter a different name" in response.content.decode()
    assert Theme.objects.filter(name__iexact="neglect").count() == 1


def test_a_retired_name_says_to_reinstate_it(coordinator_client, neglect):
    neglect.is_active = False
    neglect.save()

    response = coordinator_client.post(ADD, {"name": "Neglect"})

    assert "reinstate it" in response.content.decode()


def test_an_empty_name_is_refused(coordinator_client):
    response = coordinator_client.post(ADD, {"name": "   "})

    assert "Enter a name for the theme" in response.content.decode()
    assert not Theme.objects.filter(name="").exists()


def test_a_coordinator_renames_a_theme_and_its_slug_stays(coordinator_client, neglect):
    response = coordinator_client.post(
        f"{LIST}neglect/", {"name": "Neglect and emotional abuse", "description": "Wider"}
    )

    assert response.status_code == 302
    neglect.refresh_from_db()
    assert (neglect.name, neglect.slug, neglect.description) == (
        "Neglect and emotional abuse",
        "neglect",
        "Wider",
    )


def test_renaming_to_its_own_name_in_another_case_is_allowed(coordinator_client, neglect):
    assert coordinator_client.post(f"{LIST}neglect/", {"name": "neglect"}).status_code == 302


def test_renaming_to_another_themes_name_is_refused(coordinator_client, neglect):
    Theme.objects.get_or_create(slug="online-harm", defaults={"name": "Online harm"})

    response = coordinator_client.post(f"{LIST}neglect/", {"name": "online harm"})

    assert "There is already a theme called Online harm" in response.content.decode()


def test_retiring_asks_first_then_keeps_the_theme_on_what_it_tagged(coordinator_client, neglect):
    triage = Triage.objects.create(referral=submitted_referral_factory(status="screening"))
    triage.themes.add(neglect)

    assert "Retire Neglect" in coordinator_client.get(f"{LIST}neglect/retire/").content.decode()
    response = coordinator_client.post(f"{LIST}neglect/retire/")

    assert response.status_code == 302
    neglect.refresh_from_db()
    assert not neglect.is_active
    assert list(triage.themes.all()) == [neglect]


def test_a_retired_theme_can_be_reinstated(coordinator_client, neglect):
    neglect.is_active = False
    neglect.save()

    coordinator_client.post(f"{LIST}neglect/reinstate/")

    neglect.refresh_from_db()
    assert neglect.is_active


def test_reinstating_is_post_only(coordinator_client, neglect):
    assert coordinator_client.get(f"{LIST}neglect/reinstate/").status_code == 405


def test_an_unknown_theme_is_404(coordinator_client):
    assert coordinator_client.get(f"{LIST}no-such-theme/").status_code == 404


@pytest.mark.parametrize("path", [LIST, ADD, f"{LIST}neglect/", f"{LIST}neglect/retire/"])
def test_members_may_not_manage_themes(staff_client_for, member, neglect, path):
    assert staff_client_for(member).get(path).status_code == 403


def test_a_member_cannot_post_a_new_theme(staff_client_for, member):
    assert staff_client_for(member).post(ADD, {"name": "Anything"}).status_code == 403
    assert not Theme.objects.filter(name="Anything").exists()


@pytest.mark.parametrize("role", ["referrer", "reviewer"])
def test_other_roles_may_not_see_themes(request, client, staff_client_for, role):
    user = request.getfixturevalue(role)
    signed_in = staff_client_for(user) if role == "reviewer" else (client.force_login(user) or client)
    assert signed_in.get(LIST).status_code == 403


def test_the_coordinators_navigation_links_to_themes(staff_client_for, coordinator, member):
    assert 'href="/triage/themes/"' in staff_client_for(coordinator).get("/triage/").content.decode()
    assert 'href="/triage/themes/"' not in staff_client_for(member).get("/triage/").content.decode()


def test_a_theme_naming_someone_in_a_referral_is_refused_in_the_field_at_fault(coordinator_client, neglect):
    # Theme names and descriptions are public (the report filters): the guard reads them.
    submitted_referral_factory(referrer_name="Priya Natarajan")
    body = coordinator_client.post(
        ADD, {"name": "The Priya Natarajan case", "description": ""}
    ).content.decode()
    assert "themes are shown on the public site" in body and 'value="The Priya Natarajan case"' in body
    assert not Theme.objects.filter(name__icontains="Natarajan").exists()
    response = coordinator_client.post(
        f"/triage/themes/{neglect.slug}/", {"name": "Neglect", "description": "As Priya Natarajan saw it"}
    )
    assert response.status_code == 200 and "The description holds" in response.content.decode()
    neglect.refresh_from_db()
    assert neglect.description == ""
