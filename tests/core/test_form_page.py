"""templates/form_page.html: the page every form uses, and its error summary."""

import re

import pytest
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.test import RequestFactory

from cscp.core.forms import GDSForm


class ReferralKindForm(GDSForm):
    name = forms.CharField(label="Your name", error_messages={"required": "Enter your name"})
    kind = forms.ChoiceField(
        label="What kind of review are you asking for?",
        choices=[("spr", "Child Safeguarding Practice Review"), ("learning", "Learning review")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of review"},
    )
    agencies = forms.MultipleChoiceField(
        label="Which agencies were involved?",
        choices=[("police", "Police"), ("health", "Health")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies involved"},
    )
    incident = DateInputField(label="Date of the incident")

    def layout_fields(self):
        return [Field.text("name"), Field.radios("kind"), Field.checkboxes("agencies"), Field("incident")]


class ChecksEverythingForm(GDSForm):
    email = forms.CharField(label="Email address", required=False)

    def clean(self):
        raise forms.ValidationError("Enter a correct email address and password")


def _render(form, **context):
    request = RequestFactory().get("/form/")
    request.user = AnonymousUser()
    return render(request, "form_page.html", {"form": form, **context}).content.decode()


def _summary_links(body):
    summary = body[body.index('class="govuk-error-summary"') :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def test_it_shows_the_title_as_the_heading_and_in_the_page_title():
    body = _render(ReferralKindForm(), title="About the referral", caption="New referral")

    assert '<span class="govuk-caption-l">New referral</span>' in body
    assert '<h1 class="govuk-heading-l">About the referral</h1>' in body
    assert "<title>About the referral – " in body
    assert "govuk-error-summary" not in body


def test_it_prefixes_the_page_title_with_error_when_the_form_has_errors():
    form = ReferralKindForm(data={})
    form.is_valid()

    body = _render(form, title="About the referral")

    assert "<title>Error: About the referral – " in body


def test_it_puts_the_error_summary_above_the_heading():
    form = ReferralKindForm(data={})
    form.is_valid()

    body = _render(form, title="About the referral")

    assert body.index("govuk-error-summary") < body.index("<h1")


@pytest.mark.parametrize(
    ("message", "target"),
    [
        ("Enter your name", "id_name"),
        ("Select the kind of review", "id_kind_1"),
        ("Select the agencies involved", "id_agencies_1"),
    ],
)
def test_every_error_summary_link_points_at_an_element_on_the_page(message, target):
    form = ReferralKindForm(data={})
    form.is_valid()

    body = _render(form, title="About the referral")

    assert (target, message) in _summary_links(body)
    assert f'id="{target}"' in body


def test_a_date_error_links_to_the_first_box():
    form = ReferralKindForm(data={"incident_0": "", "incident_1": "", "incident_2": ""})
    form.is_valid()

    body = _render(form, title="About the referral")

    targets = [target for target, message in _summary_links(body) if "incident" in target]
    assert targets
    assert all(f'id="{target}"' in body for target in targets)
    assert "id_incident" not in targets  # the wrapping div, which cannot take focus


def test_errors_that_belong_to_no_field_appear_in_the_summary():
    form = ChecksEverythingForm(data={"email": "someone@council.example"})
    form.is_valid()

    body = _render(form, title="Sign in")

    assert ("id_email", "Enter a correct email address and password") in _summary_links(body)
    assert "alert-danger" not in body  # crispy-forms-gds' Bootstrap markup is replaced


def test_it_renders_the_lead_and_after_form_blocks_around_the_form(tmp_path, settings):
    (tmp_path / "page.html").write_text(
        '{% extends "form_page.html" %}'
        '{% block lead %}<p class="govuk-body">LEAD</p>{% endblock %}'
        '{% block after_form %}<p class="govuk-body">AFTER</p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    request = RequestFactory().get("/form/")
    request.user = AnonymousUser()

    body = render(request, "page.html", {"form": ReferralKindForm(), "title": "T"}).content.decode()

    assert body.index("LEAD") < body.index("<form") < body.index("</form>") < body.index("AFTER")
