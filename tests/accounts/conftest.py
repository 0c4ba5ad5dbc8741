import pytest

from tests.factories import AgencyFactory, AllowedDomainFactory


@pytest.fixture
def council(db):
    return AgencyFactory(name="Example Council Children's Social Care")


@pytest.fixture
def allowed(council):
    """allowed.example is on the allow-list; nhs.example admits its subdomains."""
    AllowedDomainFactory(domain="nhs.example", include_subdomains=True, agency=council)
    return AllowedDomainFactory(domain="allowed.example", agency=council)
