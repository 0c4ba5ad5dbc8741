import pytest

from cscp.accounts.models import AllowedDomain

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "email",
    [
        "jo@allowed.example",
        "Jo@Allowed.Example",
        "jo@trust.nhs.example",
        "jo@a.b.nhs.example",
        "jo@nhs.example",
    ],
)
def test_it_admits_listed_domains(allowed, email):
    assert AllowedDomain.objects.admits(email)


@pytest.mark.parametrize(
    "email",
    [
        "x@allowed.example.evil.example",
        "x@evil.example",
        "x@sub.allowed.example",  # allowed.example does not admit subdomains
        "x@notallowed.example",
        "x@example",
        "no-at-sign",
        "x@evilnhs.example",
    ],
)
def test_it_refuses_other_domains(allowed, email):
    assert not AllowedDomain.objects.admits(email)
