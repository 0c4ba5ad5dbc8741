import pytest
from django.urls import reverse

from cscp.accounts.models import User
from cscp.accounts.roles import Role
from cscp.notifications.models import OutgoingEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:register")


def form_data(council, **overrides):
    data = {
        "full_name": "Sam Patel",
        "email": "sam.patel@allowed.example",
        "job_title": "Designated safeguarding lead",
        "agency": council.pk,
        "phone": "",
        "password1": "a-long-unguessable-passphrase",
        "password2": "a-long-unguessable-passphrase",
    }
    return {**data, **overrides}


def test_it_shows_the_form(client, allowed):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Work email address" in response.content


def test_it_creates_an_unverified_referrer_and_sends_the_link(client, allowed, council):
    response = client.post(URL, form_data(council))
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    user = User.objects.get(email="sam.patel@allowed.example")
    assert user.email_verified_at is None
    assert user.roles == {Role.REFERRER}
    assert user.agency == council
    message = OutgoingEmail.objects.get(recipient=user, template="accounts-verify-email")
    assert "/accounts/verify/" in message.body_text
    assert "/accounts/verify/" in message.body_html


def test_it_says_the_same_thing_when_the_email_is_already_registered(client, allowed, council):
    existing = UserFactory(email="sam.patel@allowed.example", roles=[Role.REFERRER])
    response = client.post(URL, form_data(council, email="Sam.Patel@Allowed.Example"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:register_done")
    assert User.objects.filter(email__iexact="sam.patel@allowed.example").count() == 1
    assert OutgoingEmail.objects.get(recipient=existing).template == "accounts-already-registered"
    existing.refresh_from_db()
    assert existing.check_password("correct-horse-battery")  # untouched


def test_the_check_email_page_looks_the_same_for_new_and_existing_addresses(client, allowed, council):
    client.post(URL, form_data(council))
    first = main_content(client.get(reverse("accounts:register_done")))
    client.post(URL, form_data(council))
    second = main_content(client.get(reverse("accounts:register_done")))
    assert first == second


def main_content(response):
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("x@evil.example", "Enter an email address from an agency registered with the partnership"),
        (
            "x@allowed.example.evil.example",
            "Enter an email address from an agency registered with the partnership",
        ),
        ("x@evil.example@allowed.example", "Enter an email address in the correct format"),
        ("not-an-email", "Enter an email address in the correct format"),
        ("", "Enter your email address"),
    ],
)
def test_it_refuses_addresses_not_on_the_allow_list(client, allowed, council, email, message):
    response = client.post(URL, form_data(council, email=email))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    # Nothing typed is lost (except passwords, which are never sent back).
    assert b'value="Sam Patel"' in response.content
    assert b'value="Designated safeguarding lead"' in response.content


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("short", "short", "This password is too short"),
        ("1234567890123", "1234567890123", "This password is too common"),
        ("a-long-unguessable-passphrase", "a-different-passphrase!", "Enter the same password in both boxes"),
        ("sam.patel.allowed", "sam.patel.allowed", "too similar"),
    ],
)
def test_it_refuses_weak_or_mismatched_passwords(client, allowed, council, password1, password2, message):
    response = client.post(URL, form_data(council, password1=password1, password2=password2))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_an_empty_post_shows_every_error(client, allowed):
    response = client.post(URL, {})
    body = response.content.decode()
    for message in [
        "Enter your full name",
        "Enter your email address",
        "Select your agency",
        "Enter a password",
    ]:
        assert message in body
    assert "There is a problem" in body


def test_it_refuses_a_post_without_a_csrf_token(allowed, council):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, form_data(council))
    assert response.status_code == 403
    assert not User.objects.exists()
    assert b"govuk-heading-l" in response.content


def test_a_signed_in_user_is_sent_home(client, referrer):
    client.force_login(referrer)
    assert client.get(URL).url == reverse("home")
