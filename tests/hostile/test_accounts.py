"""Hostile input on the accounts forms (issue 7 §4): registration, sign-in, the new link, the
password reset and its new password, the links' tokens, the second factor (enrol, verify,
recovery, with a hostile `next`) and the coordinators' allow-listed domains."""

from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import given
from hypothesis import strategies as st

from cscp.accounts.models import AllowedDomain
from cscp.accounts.roles import Role
from tests.factories import AllowedDomainFactory, UserFactory
from tests.hostile.conftest import rolled_back
from tests.hostile.strategies import HOSTILE, assert_escaped, get, hostile_posts, post

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def registration(agency):
    return {
        "full_name": "Sam Patel",
        "email": "sam@allowed.example",
        "job_title": "Social worker",
        "agency": str(agency.pk),
        "phone": "020 7946 0000",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def assert_stays_on_the_site(url: str) -> None:
    """A hostile `next` may lead to a page of this site (or its 404), never elsewhere."""
    target = urlsplit(url.replace("\\", "/"))
    assert target.scheme in ("", "http", "https") and target.netloc in ("", "testserver"), url


PUBLIC_FORMS = {
    "register": ("accounts:register", registration),
    "login": (
        "accounts:login",
        lambda agency: {
            "username": "login@allowed.example",
            "password": "correct-horse-battery",
            "next": "/referrals/",
        },
    ),
    "new-link": ("accounts:resend_verification", lambda agency: {"email": "sam@allowed.example"}),
    "password-reset": ("accounts:password_reset", lambda agency: {"email": "sam@allowed.example"}),
}


@given(data=st.data(), name=st.sampled_from(sorted(PUBLIC_FORMS)))
def test_the_signed_out_forms(agency, data, name):
    url_name, valid = PUBLIC_FORMS[name]
    with rolled_back():
        UserFactory(email="login@allowed.example", roles=[Role.REFERRER])
        client = Client()
        values = data.draw(hostile_posts(valid(agency)), label="post")
        response = post(client, reverse(url_name), values)
        if response.status_code == 302:
            assert_stays_on_the_site(response.url)
        assert_escaped(values, response)


@given(token=HOSTILE, uid=HOSTILE)
def test_hostile_tokens_in_the_emailed_links(token, uid):
    client = Client()
    safe_token, safe_uid = (quote(value.encode("utf-8", "surrogatepass"), safe="") for value in (token, uid))
    if safe_token:
        get(client, f"/accounts/verify/{safe_token}/")
        post(client, f"/accounts/verify/{safe_token}/", {})
    if safe_token and safe_uid:
        get(client, f"/accounts/reset/{safe_uid}/{safe_token}/")


@given(data=st.data())
def test_the_new_password_form(data):
    with rolled_back():
        user = UserFactory(email="reset@allowed.example", roles=[Role.REFERRER])
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        client = Client()
        form = client.get(f"/accounts/reset/{uid}/{default_token_generator.make_token(user)}/", follow=True)
        assert form.status_code == 200
        values = data.draw(hostile_posts({"new_password1": PASSWORD, "new_password2": PASSWORD}))
        assert_escaped(values, post(client, form.request["PATH_INFO"], values))


@given(data=st.data(), page=st.sampled_from(["setup", "verify", "recovery"]))
def test_the_second_factor_forms_with_a_hostile_next(data, page):
    with rolled_back():
        user = UserFactory(email="staff@council.example", roles=[Role.MEMBER])
        if page != "setup":
            TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        client = Client()
        client.force_login(user)
        field = "recovery_code" if page == "recovery" else "otp_token"
        values = data.draw(hostile_posts({field: "123456", "next": "/triage/"}), label="post")
        url = reverse(f"accounts:two_factor_{page}")
        response = post(
            client,
            f"{url}?next={quote(str(values['next']).encode('utf-8', 'surrogatepass'), safe='')}",
            values,
        )
        if response.status_code == 302:
            assert_stays_on_the_site(response.url)
        assert_escaped(values, response)


@given(data=st.data(), action=st.sampled_from(["add", "change", "remove"]))
def test_the_allow_listed_domains(as_coordinator, agency, data, action):
    with rolled_back():
        domain = AllowedDomainFactory(domain="old.example", agency=agency)
        valid = {"domain": "new.example", "include_subdomains": "on", "agency": str(agency.pk)}
        values = data.draw(hostile_posts(valid), label="post")
        url = {
            "add": reverse("accounts:domain_add"),
            "change": reverse("accounts:domain_change", args=[domain.pk]),
            "remove": reverse("accounts:domain_remove", args=[domain.pk]),
        }[action]
        response = post(as_coordinator, url, values)
        assert_escaped(values, response, get(as_coordinator, reverse("accounts:domain_list")))
        assert AllowedDomain.objects.filter(domain__contains="<").count() == 0
