"""The forms of the triage page. Each carries the status it was made for (`expected_status`,
hidden) so that a form posted after someone else moved the referral is refused, not applied.
Forms validate what was typed; the services in services.py make the changes (the rapid
review's forms are in rapid_review_forms.py)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from cscp.core.fields import DateField, LongTextField, TextField, radios
from referrals.models import Referral

from ..clocks import notification_due
from ..decision.identifying import reason_refusal
from ..lateness import NOTIFICATION, missing_reason
from ..models import ReferralLink, Theme

YES_NO = [("yes", "Yes"), ("no", "No")]


class TriageForm(forms.Form):
    """A GOV.UK form with the hidden status check and one button (or a warning button)."""

    submit_label = "Save"
    submit_warning = False

    expected_status = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": "Reload the page and try again"}
    )

    def __init__(self, *args, referral: Referral, action: str = "", **kwargs):
        self.referral = referral
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"expected_status": referral.status, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_action = action  # a form shown on the triage page posts to its own step
        button = Button.warning if self.submit_warning else Button
        self.helper.layout = Layout(
            "expected_status", *self.layout_fields(), button("submit", self.submit_label)
        )

    def layout_fields(self):
        return [name for name in self.fields if name != "expected_status"]

    # Reasons the Panel is given (a step late, a case not notifiable), which the coordinators'
    # CSVs export: refused when they identify the referral's child or family.
    panel_reasons: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.panel_reasons:
            if error := reason_refusal([self.referral], cleaned.get(name) or ""):
                self.add_error(name, error)
        return cleaned


class OneTextForm(TriageForm):
    """A form of one long text (a reason, a note, a question) in a textarea of `text_rows`."""

    text_field = ""
    text_rows = 5

    def layout_fields(self):
        return [Field.textarea(self.text_field, rows=self.text_rows, max_characters=10_000)]


def date_field(label, subject, required_message="", required=False, **kwargs):
    return DateField(
        label=label,
        subject=subject,
        required_message=required_message or f"Enter {subject[0].lower()}{subject[1:]}",
        required=required,
        **kwargs,
    )


class ConfirmForm(TriageForm):
    """A confirm step with nothing to type (start triage, ready for decision)."""

    def __init__(self, *args, submit_label: str = "Confirm", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class SinForm(TriageForm):
    submit_label = "Save the notification"
    panel_reasons = ("late_reason", "not_required_reason")

    sin_required = radios(
        "Does the case meet the criteria to notify the Panel?",
        YES_NO,
        required_message="Select whether the case meets the criteria to notify the Panel",
        help_text="A child has died or been seriously harmed and abuse or neglect is known or suspected.",
    )
    not_required_reason = LongTextField(
        label="If not, why is the case not notifiable?",
        required=False,
        help_text="Needed if you answer no: the Panel notification clock stops on it. Do not name the child or family.",
    )
    la_aware_on = date_field(
        "When did the local authority become aware?",
        "The date the local authority became aware",
        help_text="Prefilled from the referral: the date the referrer's agency became aware. Check it.",
    )
    sent_on = date_field(
        "When was the notification sent to the Panel? (optional)",
        "The date the notification was sent",
        help_text="Leave empty until it has been sent through the Child Safeguarding Online Notification System.",
    )
    late_reason = LongTextField(
        label="If it was sent after its due date, why?",
        required=False,
        help_text="Needed if it was sent more than 5 working days after the local authority became aware: the Panel asks the reason.",
    )
    panel_reference = TextField(label="Panel's reference (optional)", max_length=50, required=False)
    lac_death_notified_on = date_field(
        "When was a looked-after child's death notified to the Secretary of State and Ofsted? (optional)",
        "The date the death was notified",
    )

    def __init__(self, *args, triage=None, **kwargs):
        if triage is not None:
            kwargs["initial"] = {
                "sin_required": {True: "yes", False: "no"}.get(triage.sin_required),
                "not_required_reason": triage.sin_not_required_reason,
                "la_aware_on": triage.la_aware_on,
                "sent_on": triage.sin_sent_on,
                "late_reason": triage.sin_late_reason,
                "panel_reference": triage.panel_reference,
                "lac_death_notified_on": triage.lac_death_notified_on,
            }
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [
            Field.radios("sin_required", legend_size=Size.MEDIUM, inline=True),
            Field.textarea("not_required_reason", rows=3, max_characters=10_000),
            Field("la_aware_on"),
            Field("sent_on"),
            Field.textarea("late_reason", rows=3, max_characters=10_000),
            Field.text("panel_reference", field_width=20),
            Field("lac_death_notified_on"),
        ]

    def clean(self):
        cleaned = super().clean()
        required, aware, sent = (
            cleaned.get("sin_required"),
            cleaned.get("la_aware_on"),
            cleaned.get("sent_on"),
        )
        if required == "yes" and not aware and "la_aware_on" not in self.errors:
            self.add_error("la_aware_on", "Enter the date the local authority became aware")
        if required == "no" and sent:
            self.add_error(
                "sent_on", "Leave the date sent empty: you said the case does not meet the criteria"
            )
        if required == "no" and not cleaned.get("not_required_reason", "").strip():
            self.add_error("not_required_reason", "Enter why the case is not notifiable")
        if required == "yes" and sent:
            self._check_late(aware or self.referral.aware_date, sent, cleaned.get("late_reason", ""))
        if aware and sent and sent < aware:
            self.add_error(
                "sent_on",
                "The date the notification was sent must be the same as or after the date the local authority became aware",
            )
        return cleaned

    def _check_late(self, aware, sent, reason: str) -> None:
        error = missing_reason(NOTIFICATION, notification_due(aware), sent, reason)
        if error:
            self.add_error("late_reason", error)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "sin_required": data["sin_required"] == "yes",
            "not_required_reason": data["not_required_reason"],
            "la_aware_on": data["la_aware_on"],
            "sent_on": data["sent_on"],
            "late_reason": data["late_reason"],
            "panel_reference": data["panel_reference"],
            "lac_death_notified_on": data["lac_death_notified_on"],
        }


class ReasonForm(OneTextForm):
    text_field, text_rows = "reason", 5
    submit_label = "Withdraw the referral"
    submit_warning = True

    reason = LongTextField(
        label="Why is the referral being withdrawn?",
        required_message="Enter why the referral is being withdrawn",
        help_text="The reason is recorded on the referral's timeline.",
    )


class MergeForm(TriageForm):
    submit_label = "Merge the referrals"
    submit_warning = True

    into = TextField(
        label="Reference of the referral to merge it into",
        max_length=20,
        required_message="Enter the reference of the referral to merge it into",
        help_text="For example, SPR-2026-0042.",
    )
    reason = LongTextField(
        label="Why are they being merged?", required_message="Enter why the referrals are being merged"
    )

    def layout_fields(self):
        return [Field.text("into", field_width=10), Field.textarea("reason", rows=5, max_characters=10_000)]

    def clean_into(self):
        reference = self.cleaned_data["into"].strip().upper()
        if reference == self.referral.reference:
            raise forms.ValidationError(
                "Enter the reference of another referral: a referral cannot be merged into itself"
            )
        target = Referral.objects.submitted().filter(reference=reference).first()
        if target is None:
            raise forms.ValidationError("Enter the reference of an existing referral, like SPR-2026-0042")
        return target


class ThemesForm(TriageForm):
    submit_label = "Save themes"

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes",
        help_text="Select all that apply.",
        error_messages={
            "invalid_choice": "Select themes from the list",
            "invalid_pk_value": "Select themes from the list",
        },
    )

    def __init__(self, *args, themes, selected=(), **kwargs):
        kwargs["initial"] = {"themes": [theme.pk for theme in selected]}
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)
        # The list is passed in (already loaded) so the page does not query it twice.
        self.fields["themes"].choices = [(theme.pk, theme.name) for theme in themes]

    def layout_fields(self):
        return [Field.checkboxes("themes", legend_size=Size.MEDIUM, legend_tag="h2", small=True)]


class ConflictForm(OneTextForm):
    text_field, text_rows = "note", 3
    submit_label = "Declare a conflict of interest"

    note = LongTextField(
        label="What is the conflict? (optional)",
        required=False,
        help_text="For example, you or your team worked with the family.",
    )


class InformationRequestForm(OneTextForm):
    text_field, text_rows = "question", 5
    submit_label = "Send the question"

    question = LongTextField(
        label="What do you want to ask the referrer?",
        required_message="Enter the question for the referrer",
        help_text="The referrer is emailed a link to answer it in this service. The email does not include the question.",
    )


class LateReasonForm(OneTextForm):
    """Why a step was done late, asked on its own page wherever the step shows it was late and
    no reason is kept (a due date moved earlier, a date recorded before the reason was asked)."""

    text_field, text_rows = "reason", 4
    submit_label = "Save the reason"
    panel_reasons = ("reason",)

    reason = LongTextField(label="Why was it late?", required_message="Enter why it was late")

    def __init__(self, *args, question: str, reason: str = "", **kwargs):
        kwargs.setdefault("initial", {})["reason"] = reason
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = question
        self.fields["reason"].help_text = "The Panel asks the reason. Do not name the child or family."


class DuplicateAnswerForm(TriageForm):
    """The Review Group's answer to a likely duplicate: related, or not the same child, and why."""

    submit_label = "Save the answer"

    answer = radios(
        "Are the two referrals about the same child?",
        [
            (ReferralLink.Kind.RELATED, "Yes: relate them, so that each shows the other"),
            (ReferralLink.Kind.DISMISSED, "No: not the same child"),
        ],
        required_message="Select whether the referrals are about the same child",
    )
    reason = LongTextField(
        label="Why?",
        max_length=2000,
        required_message="Enter why",
        help_text="For example, what you checked. Do not name the child or family.",
    )

    def layout_fields(self):
        return [Field.radios("answer", legend_size=Size.MEDIUM), Field.textarea("reason", rows=4)]
