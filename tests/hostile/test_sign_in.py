"""Issue 18 §1 and §4, each hole a hostile test found: lockouts dodged by a change of case or
counted by the proxy's address, accounts found by the work a form does, forms that send email
without limit, odd addresses that pass the allow-list, and signed-in pages a browser may keep."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from cscp.accounts.models import AllowedDomain, User
from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
PROXY = "10.0.0.2"


@pytest.fixture
def sam(agency):
    return UserFactory(email="sam@allowed.example", roles=[Role.REFERRER])


def sign_in(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def from_client(address):
    """A request as the TLS proxy passes it on: the socket is the proxy's, the client's address
    is the last entry of X-Forwarded-For."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


# --- Lockouts -----------------------------------------------------------------------------------


def test_a_change_of_case_or_spacing_gets_no_fresh_tries(client, sam, settings):
    spellings = ["sam@allowed.example", "SAM@allowed.example", " Sam@Allowed.Example", "sAm@ALLOWED.EXAMPLE "]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, spellings[attempt % len(spellings)], "wrong-password")
    assert sign_in(client, "SaM@AlLoWeD.ExAmPlE", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_the_proxy_one_visitor_cannot_lock_out_another(client, sam, settings):
    settings.CSCP_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, sam.email, "wrong-password", **from_client("203.0.113.5"))
    assert sign_in(client, sam.email, PASSWORD, **from_client("203.0.113.5")).status_code == 429
    # Sam, from another address behind the same proxy, still signs in.
    assert sign_in(client, sam.email, PASSWORD, **from_client("198.51.100.7")).status_code == 302


def test_a_forged_forwarded_address_does_not_buy_fresh_tries(client, sam, settings):
    settings.CSCP_PROXY_COUNT = 1
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client writes the left-hand entries; the proxy appends the address it saw.
        sign_in(client, sam.email, "wrong-password", **from_client(f"192.0.2.{attempt}, 203.0.113.5"))
    assert sign_in(client, sam.email, PASSWORD, **from_client("192.0.2.99, 203.0.113.5")).status_code == 429


def test_without_a_proxy_configured_the_forwarded_header_is_ignored(client, sam, settings):
    settings.CSCP_PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, sam.email, "wrong-password", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
    assert sign_in(client, sam.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


# --- The same work whatever the address -----------------------------------------------------------


@pytest.fixture
def work(monkeypatch):
    """Counts the passwords hashed (the configured hasher's real encode, wrapped) and the emails
    queued in the outbox during a request."""
    hashed = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        hashed.append(1)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)

    def measure(request):
        hashed.clear()
        emails_before = OutgoingEmail.objects.count()
        response = request()
        return {"hashed": len(hashed), "emails": OutgoingEmail.objects.count() - emails_before}, response

    return measure


def registration(agency, email):
    return {
        "full_name": "Sam Patel",
        "email": email,
        "job_title": "Social worker",
        "agency": str(agency.pk),
        "phone": "",
        "password1": "a long and unusual passphrase 42",
        "password2": "a long and unusual passphrase 42",
    }


def test_registering_an_existing_address_does_the_same_work_as_a_new_one(client, agency, sam, work):
    url = reverse("accounts:register")
    existing, to_existing = work(lambda: client.post(url, registration(agency, "SAM@allowed.example")))
    new, to_new = work(lambda: client.post(url, registration(agency, "alex@allowed.example")))
    assert existing == new == {"hashed": 1, "emails": 1}
    assert to_existing.url == to_new.url == reverse("accounts:register_done")


def test_a_reset_for_an_unknown_address_does_the_same_work_as_for_a_known_one(client, sam, work):
    url = reverse("accounts:password_reset")
    known, to_known = work(lambda: client.post(url, {"email": sam.email}))
    unknown, to_unknown = work(lambda: client.post(url, {"email": "nobody@allowed.example"}))
    assert known == unknown == {"hashed": 0, "emails": 1}
    assert to_known.url == to_unknown.url


def test_a_new_link_does_the_same_work_for_every_address(client, agency, work):
    UserFactory(email="new@allowed.example", roles=[Role.REFERRER], email_verified_at=None)
    UserFactory(email="done@allowed.example", roles=[Role.REFERRER])
    url = reverse("accounts:resend_verification")
    measured = [
        work(lambda email=email: client.post(url, {"email": email}))
        for email in ("new@allowed.example", "done@allowed.example", "nobody@allowed.example")
    ]
    assert [counts for counts, _ in measured] == [{"hashed": 0, "emails": 1}] * 3
    assert {response.url for _, response in measured} == {reverse("accounts:register_done")}


# --- Rate limits on the forms that send email -----------------------------------------------------


def test_one_address_gets_a_few_emails_an_hour_whoever_asks(client, sam, settings):
    url = reverse("accounts:password_reset")
    for attempt in range(6):
        response = client.post(url, {"email": "Sam@Allowed.example"}, REMOTE_ADDR=f"192.0.2.{attempt}")
        # The same answer as ever: saying "too many" would tell who has been asked about.
        assert response.url == reverse("accounts:password_reset_done")
    assert OutgoingEmail.objects.filter(to=sam.email).count() == int(settings.CSCP_EMAIL_RATE_PER_ADDRESS[0])


def test_one_client_gets_a_few_emails_an_hour_whatever_it_asks_for(client, agency, settings):
    limit = int(settings.CSCP_EMAIL_RATE_PER_CLIENT.split("/")[0])
    forms = [
        (reverse("accounts:password_reset"), lambda n: {"email": f"reset{n}@allowed.example"}),
        (reverse("accounts:resend_verification"), lambda n: {"email": f"link{n}@allowed.example"}),
        (reverse("accounts:register"), lambda n: registration(agency, f"new{n}@allowed.example")),
    ]
    for n in range(limit + 6):
        url, values = forms[n % len(forms)]
        assert client.post(url, values(n)).status_code == 302
    assert OutgoingEmail.objects.count() == limit


def test_the_limit_counts_the_client_behind_the_proxy(client, sam, settings):
    settings.CSCP_PROXY_COUNT = 1
    settings.CSCP_EMAIL_RATE_PER_ADDRESS = "100/h"
    limit = int(settings.CSCP_EMAIL_RATE_PER_CLIENT.split("/")[0])
    url = reverse("accounts:password_reset")
    for n in range(limit + 2):
        client.post(url, {"email": sam.email}, **from_client(f"192.0.2.{n}, 203.0.113.5"))
    assert OutgoingEmail.objects.count() == limit
    client.post(url, {"email": sam.email}, **from_client("198.51.100.7"))
    assert OutgoingEmail.objects.count() == limit + 1


# --- Addresses taken strictly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        '"x@evil.example"@allowed.example',
        '"sam"@allowed.example',
        "sam(comment)@allowed.example",
        "sam@[192.0.2.1]",
        "sam@[IPv6:2001:db8::1]",
        "sam..patel@allowed.example",
        "sam@allowed..example",
        "sám@allowed.example",
    ],
)
def test_an_odd_address_does_not_register(client, agency, email):
    response = client.post(reverse("accounts:register"), registration(agency, email))
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize("url_name", ["accounts:password_reset", "accounts:resend_verification"])
def test_an_odd_address_gets_no_email(client, sam, url_name):
    client.post(reverse(url_name), {"email": f'"x@evil.example"@{sam.email}'})
    assert not OutgoingEmail.objects.exists()


def test_an_international_domain_is_one_domain_however_it_is_written(client, as_coordinator, agency):
    response = as_coordinator.post(
        reverse("accounts:domain_add"), {"domain": "BÜCHER.example", "agency": str(agency.pk)}
    )
    assert response.status_code == 302
    assert AllowedDomain.objects.filter(domain="xn--bcher-kva.example").exists()
    client.post(reverse("accounts:register"), registration(agency, "Sam@bücher.EXAMPLE"))
    assert User.objects.filter(email="sam@xn--bcher-kva.example").exists()


# --- Headers ------------------------------------------------------------------------------------------


def test_a_signed_in_page_is_never_stored(as_referrer):
    for url in (reverse("referrals:list"), reverse("reports:list"), reverse("home")):
        cache_control = as_referrer.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
        assert "public" not in cache_control and "max-age" not in cache_control, url


def test_an_export_keeps_its_own_no_store(as_coordinator):
    response = as_coordinator.get(reverse("reviews:queue_export"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_for_a_visitor_keeps_its_caching(client, db):
    response = client.get(reverse("reports:list"))
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_every_page_denies_the_browser_features_the_service_does_not_use(client, as_referrer):
    for response in (client.get(reverse("home")), as_referrer.get(reverse("referrals:list"))):
        policy = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb", "fullscreen"):
            assert f"{feature}=()" in policy


# --- Absolute session lifetime (issue 18 §3) ------------------------------------------------------


def test_a_session_older_than_12_hours_is_refused_however_busy(client, sam, monkeypatch):
    """Kept alive by a request every few minutes, the session still ends 12 hours after sign-in."""
    from cscp.accounts import middleware

    now = [2_000_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    sign_in(client, sam.email, PASSWORD)
    for _ in range(12 * 60 // 20 - 1):
        now[0] += 20 * 60
        assert client.get(reverse("referrals:list")).status_code == 200
    now[0] += 20 * 60
    assert client.get(reverse("referrals:list")).status_code == 302
    assert "_auth_user_id" not in client.session
