import pytest
from django.template import TemplateDoesNotExist

from cscp.notifications.emails import email_context, email_render


def test_it_renders_the_subject_on_one_line(context):
    rendered = email_render("outbox-test", context)
    assert rendered.subject == "Referral SPR-2026-0042 needs your attention"


def test_it_renders_the_text_body_without_html_escaping(context):
    rendered = email_render("outbox-test", context)
    assert "Hello Sam O'Neill," in rendered.body_text
    assert "Open it: http://testserver/referrals/SPR-2026-0042/" in rendered.body_text


def test_it_appends_the_footer_to_the_text_body(context, settings):
    body = email_render("outbox-test", context).body_text
    assert "no personal details of any child" in body
    assert f"{settings.CSCP_SITE_URL}/" in body
    assert settings.CSCP_PARTNERSHIP_NAME in body


def test_it_renders_the_html_body_in_the_layout(context, settings):
    html = email_render("outbox-test", context).body_html
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert "Hello Sam O&#x27;Neill," in html
    assert settings.CSCP_PARTNERSHIP_NAME in html
    assert "no personal details of any child" in html
    assert 'href="http://testserver/referrals/SPR-2026-0042/"' in html


def test_it_escapes_html_in_the_html_body():
    html = email_render("outbox-test", {"name": "<b>x</b>"}).body_html
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_it_adds_the_service_context(settings):
    context = email_context({"reference": "SPR-2026-0001"})
    assert context["site_url"] == settings.CSCP_SITE_URL
    assert context["service_name"] == settings.CSCP_SERVICE_NAME
    assert context["partnership_name"] == settings.CSCP_PARTNERSHIP_NAME
    assert context["partnership_short_name"] == settings.CSCP_PARTNERSHIP_SHORT_NAME
    assert context["contact_email"] == settings.CSCP_CONTACT_EMAIL
    assert context["reference"] == "SPR-2026-0001"


def test_it_uses_the_partnership_short_name(context, settings):
    settings.CSCP_PARTNERSHIP_SHORT_NAME = "XSCP"
    assert "updated at XSCP." in email_render("outbox-test", context).body_text


def test_it_rejects_a_missing_template():
    with pytest.raises(TemplateDoesNotExist):
        email_render("no-such-email", {})


@pytest.mark.parametrize("name", ["../secret", "emails/../x", "", "Outbox Test", "/abs"])
def test_it_rejects_a_name_that_is_not_a_template_name(name):
    with pytest.raises(ValueError):
        email_render(name, {})
