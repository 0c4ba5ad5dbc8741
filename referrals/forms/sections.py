"""The pages of the referral form that answer questions about the referral itself
(domain.md §3 B, C, G, H, I). Children, family members and agencies are in items.py."""

import re

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field
from django import forms
from django.core.validators import EmailValidator

from ..models import (
    AbuseOrNeglect,
    CareStatus,
    Criterion,
    ParallelProcess,
    RequestedReviewType,
    YesNo,
    YesNoUnknown,
)
from .base import (
    AgencyField,
    DateField,
    DraftForm,
    LongTextField,
    Reveal,
    RevealRadios,
    TextField,
    checkboxes,
    format_date,
    long_text,
    radios,
    text,
)


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


class WhatHappenedForm(DraftForm):
    incident_date = DateField(
        label="When did the incident happen?",
        help_text="For example, 27 3 2026. If you do not know the exact day, enter your best estimate.",
        subject="The incident date",
        required_message="Enter the incident date",
    )
    aware_date = DateField(
        label="When did your agency become aware of it?",
        subject="The date your agency became aware",
        required_message="Enter the date your agency became aware",
    )
    incident_description = LongTextField(
        label="What happened?",
        help_text="Describe the incident and the circumstances around it: who was involved, "
        "where, and what harm the child suffered.",
        required_message="Describe what happened",
    )
    summary_labels = {
        "incident_date": "Incident date",
        "aware_date": "Date your agency became aware",
        "incident_description": "What happened",
    }

    def layout_fields(self):
        return [Field("incident_date"), Field("aware_date"), long_text("incident_description", rows=10)]

    def clean(self):
        cleaned = super().clean()
        incident, aware = cleaned.get("incident_date"), cleaned.get("aware_date")
        if incident and aware and aware < incident:
            self.add_error(
                "aware_date",
                "The date your agency became aware must be the same as or after the incident date",
            )
        if incident:
            for child in self.referral.children.all():
                if child.date_of_birth and not child.is_unborn and incident < child.date_of_birth:
                    self.add_error("incident_date", born_after_incident_message(child))
                    break
        return cleaned


def born_after_incident_message(child) -> str:
    name = child.full_name or "the child"
    return (
        f"The incident date must be after the child's date of birth ({name} was born on "
        f"{format_date(child.date_of_birth)}). If the child was unborn at the time, say so on their page"
    )


class CriteriaForm(DraftForm):
    criteria = checkboxes(
        "Which of these apply?",
        Criterion.choices,
        help_text="Select all that apply.",
        required_message="Select at least one of the criteria",
    )
    abuse_or_neglect = radios(
        "Is abuse or neglect of the child known or suspected?",
        AbuseOrNeglect.choices,
        required_message="Select whether abuse or neglect is known or suspected",
    )
    care_status = radios(
        "Was the child looked after, or a care leaver?",
        [
            Choice(CareStatus.LOOKED_AFTER, CareStatus.LOOKED_AFTER.label),
            Choice(CareStatus.CARE_LEAVER, CareStatus.CARE_LEAVER.label, hint="Aged 24 or under."),
            Choice(CareStatus.NEITHER, CareStatus.NEITHER.label),
        ],
        required_message="Select whether the child was looked after or a care leaver",
    )
    reasons_criteria_met = LongTextField(
        label="Why do you think the case meets the criteria for a review?",
        required_message="Enter why you think the case meets the criteria",
    )
    learning_anticipated = LongTextField(
        label="What do you think agencies could learn from a review?",
        required_message="Enter what you think agencies could learn",
    )
    requested_review_type = radios(
        "What kind of review do you think fits?",
        [
            Choice(RequestedReviewType.SPR, RequestedReviewType.SPR.label),
            Choice(
                RequestedReviewType.LEARNING_REVIEW,
                RequestedReviewType.LEARNING_REVIEW.label,
                hint="A lighter multi-agency review, for example of good practice or of agencies working together.",
            ),
            Choice(
                RequestedReviewType.NEAR_MISS_INQUIRY,
                RequestedReviewType.NEAR_MISS_INQUIRY.label,
                hint="A child was at risk of serious harm or death, but it was averted.",
            ),
            Choice(RequestedReviewType.NOT_SURE, RequestedReviewType.NOT_SURE.label),
        ],
        help_text="The Review Group decides; this tells them what you think.",
        required_message="Select the kind of review you think fits, or 'Not sure'",
    )
    summary_labels = {
        "criteria": "Criteria",
        "abuse_or_neglect": "Abuse or neglect",
        "care_status": "Looked after or care leaver",
        "reasons_criteria_met": "Why the criteria are met",
        "learning_anticipated": "What could be learned",
        "requested_review_type": "Review you think fits",
    }

    def layout_fields(self):
        return [
            Field.checkboxes("criteria"),
            Field.radios("abuse_or_neglect"),
            Field.radios("care_status"),
            long_text("reasons_criteria_met"),
            long_text("learning_anticipated"),
            Field.radios("requested_review_type"),
        ]


class ConcernsForm(DraftForm):
    immediate_concerns = radios(
        "Do you have immediate concerns for this child or any other child?",
        YesNo.choices,
        help_text="If a child is in immediate danger, call 999 now. Do not wait for this referral.",
        required_message="Select yes if you have immediate concerns for a child",
    )
    immediate_concerns_details = LongTextField(label="What are your concerns?", required=False)
    actions_taken = LongTextField(
        label="What action has already been taken to keep children safe?",
        help_text="For example, a strategy meeting or a child protection plan. If no action has been "
        "taken, say so.",
        required_message="Enter the action already taken, or say that none has been taken",
    )
    revealed = {"immediate_concerns_details": ("immediate_concerns", YesNo.YES)}
    summary_labels = {
        "immediate_concerns": "Immediate concerns",
        "immediate_concerns_details": "Concerns",
        "actions_taken": "Action already taken",
    }

    def layout_fields(self):
        return [
            RevealRadios(
                "immediate_concerns",
                Reveal("Yes", long_text("immediate_concerns_details", rows=4)),
                Reveal("No"),
            ),
            long_text("actions_taken"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("immediate_concerns") == YesNo.YES:
            self.require("immediate_concerns_details", "Enter your concerns")
        return cleaned


class ParallelProcessesForm(DraftForm):
    parallel_processes = checkboxes(
        "Are any of these under way or planned?",
        ParallelProcess.choices,
        help_text="Select all that apply. Leave them all unselected if none are.",
    )
    parallel_processes_details = LongTextField(
        label="Details (optional)",
        help_text="For example, the investigating officer, the inquest date or the review's lead.",
        required=False,
    )
    summary_labels = {"parallel_processes": "Under way or planned", "parallel_processes_details": "Details"}

    def layout_fields(self):
        return [Field.checkboxes("parallel_processes"), long_text("parallel_processes_details", rows=4)]

    def display(self, name, field):
        value = super().display(name, field)
        return value or ("None" if name == "parallel_processes" else "")


class FamilyToldForm(DraftForm):
    family_informed = radios(
        "Has the child's family been told about this referral?",
        YesNo.choices,
        required_message="Select yes if the family has been told about this referral",
    )
    family_informed_date = DateField(
        label="When were they told?",
        subject="The date the family was told",
        required_message="Enter the date the family was told",
        required=False,
    )
    family_informed_by = TextField(label="Who told them?", max_length=200, required=False)
    family_not_informed_reason = LongTextField(label="Why have they not been told?", required=False)
    revealed = {
        "family_informed_date": ("family_informed", YesNo.YES),
        "family_informed_by": ("family_informed", YesNo.YES),
        "family_not_informed_reason": ("family_informed", YesNo.NO),
    }
    summary_labels = {
        "family_informed": "Family told",
        "family_informed_date": "When",
        "family_informed_by": "By whom",
        "family_not_informed_reason": "Why not",
    }

    def layout_fields(self):
        return [
            RevealRadios(
                "family_informed",
                Reveal("Yes", Field("family_informed_date"), text("family_informed_by", width=30)),
                Reveal("No", long_text("family_not_informed_reason", rows=4)),
            )
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("family_informed") == YesNo.YES:
            self.require("family_informed_date", "Enter the date the family was told")
            self.require("family_informed_by", "Enter who told the family")
        elif cleaned.get("family_informed") == YesNo.NO:
            self.require("family_not_informed_reason", "Enter why the family has not been told")
        return cleaned


class MediaForm(DraftForm):
    media_interest = radios(
        "Has there been any media interest in the case?",
        YesNoUnknown.choices,
        required_message="Select yes if there has been media interest, or 'Not known'",
    )
    media_interest_details = LongTextField(label="Tell us about the media interest", required=False)
    revealed = {"media_interest_details": ("media_interest", YesNoUnknown.YES)}
    summary_labels = {"media_interest": "Media interest", "media_interest_details": "Details"}

    def layout_fields(self):
        return [
            RevealRadios(
                "media_interest",
                Reveal("Yes", long_text("media_interest_details", rows=4)),
                Reveal("No"),
                Reveal("Not known"),
            )
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("media_interest") == YesNoUnknown.YES:
            self.require("media_interest_details", "Enter what media interest there has been")
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
