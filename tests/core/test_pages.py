"""The pages every visitor can reach: home, the page frame around every page, errors, healthz."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.shortcuts import render
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.html import escape

from cscp.core import views

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def another_partnership(settings):
    """Settings for a partnership other than the default one."""
    settings.CSCP_PARTNERSHIP_NAME = "Sutton Safeguarding Children Partnership"
    settings.CSCP_PARTNERSHIP_SHORT_NAME = "SSCP"
    settings.CSCP_FRONT_DOOR_NAME = "Sutton Multi-Agency Safeguarding Hub"
    settings.CSCP_FRONT_DOOR_PHONE = "020 8770 6001"
    settings.CSCP_CONTACT_EMAIL = "sscp@sutton.example"
    return settings


# --- Home ------------------------------------------------------------------------------------


def test_home_renders_for_anyone(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "core/home.html" in [t.name for t in response.templates]
    assert _text(response).count("<h1") == 1


def test_home_warns_that_it_is_not_for_children_at_immediate_risk(client, settings):
    settings.CSCP_FRONT_DOOR_PHONE = "020 0000 1234"

    body = _text(client.get("/"))

    warning = body[body.index('class="govuk-warning-text"') :]
    warning = warning[: warning.index("</div>")]
    assert "call 999" in warning
    assert escape(settings.CSCP_FRONT_DOOR_NAME) in warning
    assert "020 0000 1234" in warning
    assert "not a child protection referral" in warning


def test_home_belongs_to_whichever_partnership_runs_the_service(client, another_partnership):
    body = _text(client.get("/"))

    assert "Sutton Safeguarding Children Partnership" in body
    assert "Sutton Multi-Agency Safeguarding Hub on 020 8770 6001" in body
    assert "mailto:sscp@sutton.example" in body
    assert "© Sutton Safeguarding Children Partnership" in body
    assert "Croydon" not in body


def test_home_explains_what_a_serious_child_safeguarding_case_is(client):
    body = _text(client.get("/"))

    assert "abuse or neglect of a child is known or suspected" in body
    assert "the child has died or been seriously harmed" in body
    assert "learning, not blame" in body


def test_home_lists_the_decisions_the_review_group_can_make(client):
    body = _text(client.get("/"))

    for outcome in (
        "full Child Safeguarding Practice Review",
        "learning review",
        "near-miss inquiry",
        "no review",
    ):
        assert outcome in body


def test_home_explains_who_may_refer(client, settings):
    body = _text(client.get("/"))

    assert "statutory or official duties or responsibilities relating to children" in body
    assert "email domain is registered" in body


def test_home_explains_what_happens_after_a_referral(client):
    body = _text(client.get("/"))

    assert "within 5 working days" in body
    assert "within 15 working days" in body
    assert "We tell you the decision" in body


def test_home_invites_signed_out_visitors_to_register_or_sign_in(client):
    body = _text(client.get("/"))

    assert f'href="{reverse("accounts:register")}"' in body
    assert "Create an account" in body
    assert f'href="{reverse("accounts:login")}"' in body


def test_home_offers_a_signed_in_referrer_to_make_a_referral(client, referrer):
    client.force_login(referrer)
    body = _text(client.get("/"))

    assert f'href="{reverse("referrals:start")}"' in body and "Make a referral" in body
    assert f'href="{reverse("referrals:list")}"' in body


def test_home_offers_staff_no_referral_button(staff_client_for, member):
    body = _text(staff_client_for(member).get("/"))

    assert "Make a referral" not in body


def test_home_runs_no_queries_for_an_anonymous_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/")

    assert response.status_code == 200


def test_home_refuses_post(client):
    assert client.post("/").status_code == 405


# --- The frame around every page -----------------------------------------------------------


def test_the_title_names_the_page_the_service_and_the_partnership(client):
    body = _text(client.get("/no-such-page/"))

    assert "<title>Page not found – Safeguarding Practice Reviews – CSCP</title>" in body


def test_pages_send_a_content_security_policy_whose_nonce_the_inline_scripts_carry(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    header_nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    script_nonces = re.findall(r'<script[^>]* nonce="([^"]+)"', _text(response))
    assert len(script_nonces) == 2  # js-enabled and the govuk-frontend module
    assert set(script_nonces) == {header_nonce}
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_styles_and_no_unlabelled_scripts(client):
    body = _text(client.get("/"))

    assert "style=" not in body
    assert "<style" not in body
    assert re.findall(r"<script(?![^>]*nonce=)", body) == []


def test_pages_send_the_other_security_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_carry_no_gov_uk_branding(client):
    body = _text(client.get("/"))

    assert "govuk-generic-header" in body
    for branding in ("govuk-header__", "govuk-footer__crown", "copyright-logo", "Crown copyright", "GOV.UK"):
        assert branding not in body
    assert 'href="/static/images/favicon.svg"' in body
    assert 'href="/static/images/favicon.ico"' in body


def test_the_skip_link_leads_to_the_main_content(client):
    body = _text(client.get("/"))

    assert '<a href="#main-content" class="govuk-skip-link"' in body
    assert '<main class="govuk-main-wrapper" id="main-content">' in body


def test_the_navigation_marks_the_current_page(client):
    body = _text(client.get("/"))

    assert re.search(r'<a class="govuk-service-navigation__link" href="/" aria-current="page">', body)


def test_the_navigation_marks_nothing_current_on_other_pages(client):
    body = _text(client.get("/no-such-page/"))

    assert "aria-current" not in body


def test_signed_out_visitors_are_offered_sign_in(client):
    body = _text(client.get("/"))

    assert f'<a class="govuk-service-navigation__link" href="{reverse("accounts:login")}">Sign in</a>' in body
    assert "Sign out" not in body


def test_signed_in_users_see_who_they_are_and_sign_out_with_a_post(client, referrer):
    client.force_login(referrer)

    body = _text(client.get("/"))

    assert referrer.email in body
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', body, re.S)
    assert form.group(1) == reverse("accounts:logout")
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert "Sign out" in form.group(2)
    assert ">Sign in<" not in body


def test_the_phase_banner_asks_for_feedback_by_email(client, settings):
    settings.CSCP_PHASE = "Alpha"

    body = _text(client.get("/"))

    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Alpha</strong>' in body
    assert f'href="mailto:{settings.CSCP_CONTACT_EMAIL}?subject=Feedback%20on%20' in body


def test_the_demo_banner_shows_when_two_factor_authentication_is_off(client, settings):
    settings.CSCP_REQUIRE_2FA = False

    body = _text(client.get("/"))

    assert "Demo mode: two-factor authentication is switched off. Do not use real case information." in body


def test_the_demo_banner_is_absent_when_two_factor_authentication_is_on(client, settings):
    settings.CSCP_REQUIRE_2FA = True

    assert "Demo mode" not in _text(client.get("/"))


def _request_with_messages(*items):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    for level, text in items:
        messages.add_message(request, level, text)
    return request


def test_success_messages_are_success_banners_announced_at_once():
    request = _request_with_messages((messages.SUCCESS, "Referral sent"))

    body = render(request, "core/home.html").content.decode()

    banner = re.search(
        r'<div class="govuk-notification-banner([^"]*)" role="(\w+)"(.*?)</div>\s*</div>', body, re.S
    )
    assert banner.group(1) == " govuk-notification-banner--success"
    assert banner.group(2) == "alert"
    assert "Referral sent" in banner.group(3)


def test_other_messages_are_standard_banners():
    request = _request_with_messages((messages.INFO, "Draft saved"), (messages.WARNING, "Check the dates"))

    body = render(request, "core/home.html").content.decode()

    banners = re.findall(
        r'<div class="govuk-notification-banner" role="region" aria-labelledby="([^"]+)"', body
    )
    assert len(banners) == 2
    assert len(set(banners)) == 2  # each banner's title has its own id
    assert "Draft saved" in body
    assert "Check the dates" in body


# --- Error pages -----------------------------------------------------------------------------


def test_an_unknown_url_gets_our_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in _text(response)


def test_the_permission_denied_handler_renders_its_page():
    response = views.permission_denied(RequestFactory().get("/triage/"), exception=None)

    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


def test_the_bad_request_handler_renders_its_page():
    response = views.bad_request(RequestFactory().get("/"), exception=None)

    assert response.status_code == 400
    assert "Sorry, this page could not be shown" in response.content.decode()


def test_the_server_error_handler_renders_without_any_context():
    response = views.server_error(RequestFactory().get("/"))

    body = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in body
    assert "<title>Sorry, there is a problem with the service</title>" in body
    assert "app.css" in body
    # Nothing that needs the settings or the request leaks out half-rendered.
    assert "Demo mode" not in body
    assert "<script" not in body
    assert "mailto:" not in body


def test_the_server_error_page_needs_no_request_at_all():
    body = render_to_string("errors/500.html")

    assert "Sorry, there is a problem with the service" in body


def test_a_form_sent_without_a_valid_csrf_token_gets_our_page(referrer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(referrer)

    response = client.post(reverse("accounts:logout"))

    body = _text(response)
    assert response.status_code == 403
    assert "errors/csrf.html" in [t.name for t in response.templates]
    assert "Your form could not be sent" in body
    assert "may have expired" in body


# --- healthz ---------------------------------------------------------------------------------


def test_healthz_reports_the_database_and_redis(client, settings):
    settings.REDIS_URL = ""  # the embedded default: no broker, tasks run eagerly
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "not configured"}
    assert "no-cache" in response["Cache-Control"]


def test_favicon_ico_points_at_our_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response.url.endswith("/static/images/favicon.ico")


@pytest.mark.worker
def test_healthz_reports_a_reachable_redis(client, settings, private_redis):
    private_redis.start()
    settings.REDIS_URL = private_redis.url
    assert client.get("/healthz").json() == {"database": "ok", "redis": "ok"}


@pytest.mark.worker
def test_healthz_stays_healthy_while_redis_is_down(client, settings, private_redis):
    # The service works without Redis (the outbox waits), so a load balancer must not pull it.
    settings.REDIS_URL = private_redis.url  # never started
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "unavailable"}


def test_staff_find_their_sign_in_security_beside_sign_out(client, member, settings):
    settings.CSCP_REQUIRE_2FA = False
    client.force_login(member)
    body = client.get("/").content.decode()
    account_links = body[body.index("app-account-navigation") :]
    assert 'href="/accounts/2fa/"' in account_links


def test_referrers_have_no_sign_in_security_link(client, referrer):
    client.force_login(referrer)
    assert 'href="/accounts/2fa/"' not in client.get("/").content.decode()
