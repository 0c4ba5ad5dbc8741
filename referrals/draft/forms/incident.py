"""Pages about the incident: what happened, why it meets the criteria for a review, and the
immediate concerns and action taken (domain.md §3 G)."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field

from cscp.core.fields import DateField, LongTextField, checkboxes, format_date, radios
from cscp.core.layout import Reveal, RevealRadios, long_text

from ...models import AbuseOrNeglect, CareStatus, Criterion, RequestedReviewType, YesNo
from .base import DraftForm


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
