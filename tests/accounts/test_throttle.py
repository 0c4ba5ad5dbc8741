"""The keys sign-in lockouts and the email rate limits count by (cscp/accounts/throttle.py,
cscp/accounts/emails.py), and the shared cache the limits count in (issue 18 §1)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cscp.accounts.emails import lenient_email, normalise_domain, normalise_email
from cscp.accounts.throttle import client_ip
from tests.test_settings_env import PRODUCTION, manage


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.2"),
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_read_through_exactly_the_configured_proxies(settings, proxies, forwarded, expected):
    settings.CSCP_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Sam.Patel@Croydon.GOV.uk ", "sam.patel@croydon.gov.uk"),
        ("o'brien+spr@allowed.example", "o'brien+spr@allowed.example"),
        ("sam@Bücher.example", "sam@xn--bcher-kva.example"),
        ("sam@allowed.example.", "sam@allowed.example"),
    ],
)
def test_an_address_has_one_spelling(typed, stored):
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        '"x@evil.example"@croydon.gov.uk',
        "a@b@croydon.gov.uk",
        "sam@[192.0.2.1]",
        "sam@localhost",
        "sam@1.2.3.4",
    ],
)
def test_an_odd_address_is_refused(typed):
    with pytest.raises(ValidationError):
        normalise_email(typed)


def test_a_domain_in_unicode_or_punycode_is_one_domain():
    assert normalise_domain("BÜCHER.example") == normalise_domain("xn--bcher-kva.example")


def test_a_key_for_an_address_that_is_not_one_is_still_case_folded():
    assert lenient_email(' "Sam"@Allowed.Example ') == '"sam"@allowed.example'


def test_the_rate_limits_count_in_redis_when_it_is_configured():
    shown = "from django.conf import settings; print(settings.CACHES['ratelimit']['BACKEND'])"
    with_redis = manage("shell", "-c", shown, **PRODUCTION, REDIS_URL="redis://127.0.0.1:1/0")
    embedded = manage("shell", "-c", shown, DJANGO_DEBUG="true")
    assert with_redis.stdout.splitlines()[-1:] == ["django.core.cache.backends.redis.RedisCache"], (
        with_redis.stderr
    )
    assert embedded.stdout.splitlines()[-1:] == ["django.core.cache.backends.locmem.LocMemCache"], (
        embedded.stderr
    )
