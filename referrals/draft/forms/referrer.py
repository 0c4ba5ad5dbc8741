"""Pages about the referrer: who they are, the safeguarding lead who agreed the referral, and
their declaration (domain.md §3 B, C, I)."""

import re

from crispy_forms_gds.layout import Field
from django import forms
from django.core.validators import EmailValidator

from cscp.core.fields import LongTextField, TextField, radios
from cscp.core.layout import Reveal, RevealRadios, long_text, text

from ...models import YesNo
from .base import AgencyField, DraftForm


class AboutYouForm(DraftForm):
    referrer_name = TextField(label="Full name", max_length=150, required_message="Enter your full name")
    referrer_job_title = TextField(label="Job title", max_length=150, required_message="Enter your job title")
    referrer_agency = AgencyField(
        label="Agency",
        empty_label="Choose your agency",
        error_messages={
            "required": "Select your agency",
            "invalid_choice": "Select your agency from the list",
        },
    )
    referrer_email = TextField(
        label="Email address",
        max_length=254,
        required_message="Enter your email address",
        widget=forms.TextInput(attrs={"autocomplete": "email", "spellcheck": "false", "inputmode": "email"}),
    )
    referrer_phone = TextField(
        label="Telephone number",
        help_text="The Review Group's coordinators may call you to talk about the referral.",
        max_length=40,
        required_message="Enter a telephone number",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def layout_fields(self):
        return [
            text("referrer_name"),
            text("referrer_job_title"),
            Field.select("referrer_agency"),
            text("referrer_email"),
            text("referrer_phone", width=20),
        ]

    def clean_referrer_email(self):
        email = self.cleaned_data["referrer_email"].strip()
        try:
            EmailValidator()(email)
        except forms.ValidationError:
            raise forms.ValidationError(
                "Enter an email address in the correct format, like name@example.org", code="invalid"
            ) from None
        return email.lower()

    def clean_referrer_phone(self):
        return clean_phone(self.cleaned_data["referrer_phone"])


def clean_phone(value: str) -> str:
    if len(re.findall(r"[0-9]", value)) < 6 or not re.fullmatch(
        r"[0-9 +()\-.]+(\s*(ext|x)\.?\s*[0-9]+)?", value
    ):
        raise forms.ValidationError("Enter a telephone number, like 020 7946 0000", code="invalid")
    return value


class SafeguardingLeadForm(DraftForm):
    lead_name = TextField(
        label="Full name of your agency's safeguarding lead",
        max_length=150,
        required_message="Enter the full name of your agency's safeguarding lead",
    )
    lead_job_title = TextField(
        label="Their job title", max_length=150, required_message="Enter the safeguarding lead's job title"
    )
    lead_contact = TextField(
        label="Their email address or telephone number",
        max_length=200,
        required_message="Enter an email address or telephone number for the safeguarding lead",
    )
    lead_agreed = radios(
        "Has the safeguarding lead agreed that this case should be referred?",
        YesNo.choices,
        required_message="Select yes if the safeguarding lead has agreed this referral",
    )
    lead_not_agreed_reason = LongTextField(label="Why has the safeguarding lead not agreed?", required=False)
    revealed = {"lead_not_agreed_reason": ("lead_agreed", YesNo.NO)}
    summary_labels = {
        "lead_name": "Name",
        "lead_job_title": "Job title",
        "lead_contact": "Contact details",
        "lead_agreed": "Agreed this referral",
        "lead_not_agreed_reason": "Why they have not agreed",
    }

    def layout_fields(self):
        return [
            text("lead_name"),
            text("lead_job_title"),
            text("lead_contact", width=30),
            RevealRadios(
                "lead_agreed", Reveal("Yes"), Reveal("No", long_text("lead_not_agreed_reason", rows=4))
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lead_agreed") == YesNo.NO:
            self.require("lead_not_agreed_reason", "Enter why the safeguarding lead has not agreed")
        return cleaned


DECLARATION = (
    "I confirm the information is accurate to the best of my knowledge and my agency's "
    "safeguarding lead has agreed this referral"
)
DECLARATION_NOT_AGREED = (
    "I confirm the information is accurate to the best of my knowledge and I have said why my "
    "agency's safeguarding lead has not agreed this referral"
)


class DeclarationForm(DraftForm):
    declaration_confirmed = forms.BooleanField(
        label=DECLARATION,
        error_messages={"required": "Confirm the declaration before you continue"},
    )
    summary_labels = {"declaration_confirmed": "Declaration confirmed"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.referral.lead_agreed == YesNo.NO:
            self.fields["declaration_confirmed"].label = DECLARATION_NOT_AGREED

    def layout_fields(self):
        return [Field.checkbox("declaration_confirmed")]
