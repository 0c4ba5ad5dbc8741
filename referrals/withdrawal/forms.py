"""The one question asked before a referral is withdrawn, or its withdrawal requested: why."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

REASON_MAX_LENGTH = 5000


class ReasonField(forms.CharField):
    widget = forms.Textarea

    def widget_attrs(self, widget):
        # No maxlength: the character count tells people they typed too much rather than the
        # browser silently cutting what they paste (as the referral form's fields do).
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class WithdrawalReasonForm(forms.Form):
    reason = ReasonField(max_length=REASON_MAX_LENGTH)

    def __init__(self, *args, label: str, hint: str, required_message: str, submit: Button, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.help_text = hint
        field.error_messages = {
            "required": required_message,
            "max_length": f"Reason must be {REASON_MAX_LENGTH:,} characters or less",
            "null_characters_not_allowed": "Reason must not contain null characters",
        }
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea(
                "reason", label_size=Size.MEDIUM, label_tag="h2", rows=5, max_characters=REASON_MAX_LENGTH
            ),
            submit,
        )


def withdraw_form(data=None) -> WithdrawalReasonForm:
    return WithdrawalReasonForm(
        data,
        label="Why are you withdrawing this referral?",
        hint="The coordinators will see your reason.",
        required_message="Enter why you are withdrawing this referral",
        submit=Button.warning("withdraw", "Withdraw referral"),
    )


def withdrawal_request_form(data=None) -> WithdrawalReasonForm:
    return WithdrawalReasonForm(
        data,
        label="Why do you want this referral withdrawn?",
        hint="A coordinator will read your reason and decide what to do.",
        required_message="Enter why you want this referral withdrawn",
        submit=Button.warning("request", "Ask the coordinators to withdraw it"),
    )
