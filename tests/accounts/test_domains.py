import pytest
from django.urls import reverse

from cscp.accounts.models import AllowedDomain
from cscp.accounts.roles import Role
from tests.factories import AllowedDomainFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:domain_list")
ADD = reverse("accounts:domain_add")


@pytest.fixture
def as_coordinator(coordinator, staff_client_for):
    return staff_client_for(coordinator)


def test_coordinators_see_the_list(as_coordinator, allowed):
    response = as_coordinator.get(LIST)
    assert response.status_code == 200
    assert b"allowed.example" in response.content


def test_the_list_runs_a_fixed_number_of_queries(as_coordinator, allowed, django_assert_num_queries):
    as_coordinator.get(LIST)  # warm the session
    with django_assert_num_queries(8) as few:
        as_coordinator.get(LIST)
    AllowedDomainFactory.create_batch(20)
    with django_assert_num_queries(len(few.captured_queries)):
        as_coordinator.get(LIST)


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REVIEWER])
def test_other_staff_are_refused(client, staff_client_for, role):
    user = UserFactory(email=f"{role}@council.example", roles=[role])
    assert staff_client_for(user).get(LIST).status_code == 403


def test_referrers_are_refused(client, referrer):
    client.force_login(referrer)
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"domain": "evil.example"}).status_code == 403
    assert not AllowedDomain.objects.filter(domain="evil.example").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.url.startswith(reverse("accounts:login"))


def test_a_coordinator_adds_a_domain(as_coordinator, coordinator):
    response = as_coordinator.post(ADD, {"domain": " @Trust.NHS.Example. ", "include_subdomains": "on"})
    assert response.url == LIST
    domain = AllowedDomain.objects.get()
    assert domain.domain == "trust.nhs.example"
    assert domain.include_subdomains
    assert domain.added_by == coordinator


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter an email domain"),
        ("jo@allowed.example", "Enter a domain like croydon.gov.uk"),
        ("localhost", "Enter a domain like croydon.gov.uk"),
        ("bad_domain.example", "Enter a domain like croydon.gov.uk"),
        ("allowed.example", "That domain is already on the list"),
    ],
)
def test_bad_domains_are_refused_with_a_reason(as_coordinator, allowed, value, message):
    response = as_coordinator.post(ADD, {"domain": value})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_removing_a_domain_disables_its_referrers_and_adding_it_back_restores_them(as_coordinator, allowed):
    leaving = UserFactory(email="jo@allowed.example", roles=[Role.REFERRER])
    other = UserFactory(email="al@trust.nhs.example", roles=[Role.REFERRER])
    confirm = as_coordinator.get(reverse("accounts:domain_remove", args=[allowed.pk]))
    assert b"1 referrer account will be disabled" in confirm.content

    as_coordinator.post(reverse("accounts:domain_remove", args=[allowed.pk]))
    leaving.refresh_from_db()
    other.refresh_from_db()
    assert not leaving.is_active
    assert other.is_active

    as_coordinator.post(ADD, {"domain": "allowed.example"})
    leaving.refresh_from_db()
    assert leaving.is_active


def test_staff_accounts_are_not_disabled_with_a_domain(as_coordinator, allowed):
    staff = UserFactory(email="chair@allowed.example", roles=[Role.MEMBER])
    as_coordinator.post(reverse("accounts:domain_remove", args=[allowed.pk]))
    staff.refresh_from_db()
    assert staff.is_active


def test_narrowing_a_domain_disables_referrers_at_its_subdomains(as_coordinator, allowed):
    nhs = AllowedDomain.objects.get(domain="nhs.example")
    at_subdomain = UserFactory(email="al@trust.nhs.example", roles=[Role.REFERRER])
    at_domain = UserFactory(email="bo@nhs.example", roles=[Role.REFERRER])
    as_coordinator.post(reverse("accounts:domain_change", args=[nhs.pk]), {"domain": "nhs.example"})
    at_subdomain.refresh_from_db()
    at_domain.refresh_from_db()
    assert not at_subdomain.is_active
    assert at_domain.is_active


def test_a_missing_domain_is_404(as_coordinator):
    assert as_coordinator.get(reverse("accounts:domain_remove", args=[999])).status_code == 404


def test_changes_to_the_list_are_in_each_domains_history(as_coordinator, coordinator):
    as_coordinator.post(ADD, {"domain": "school.example"})
    domain = AllowedDomain.objects.get(domain="school.example")
    history = reverse("audit:history", args=["accounts", "alloweddomain", domain.pk])
    assert history.encode() in as_coordinator.get(LIST).content
    page = as_coordinator.get(history).content.decode()
    assert "school.example" in page
    assert coordinator.email in page
