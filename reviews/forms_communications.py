"""Recording who was told of the decision: when, how and by whom, or why not."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from cscp.core.fields import DateField, LongTextField, TextField, radios
from cscp.core.layout import Reveal, RevealRadios, long_text

from .communications import MAY_GIVE_REASON, RECORDED_RECIPIENTS
from .models import Communication

TOLD = (("yes", "Yes"), ("no", "No"))
# The channels a coordinator chooses from; "This service" is the referrer's automatic row.
CHANNELS = [c for c in Communication.Channel.choices if c[0] != Communication.Channel.PORTAL]


class CommunicationForm(forms.Form):
    recipient = radios(
        "Who was told?",
        [(r.value, r.label) for r in RECORDED_RECIPIENTS],
        required_message="Select who was told",
    )
    told = radios("Were they told of the decision?", TOLD, required_message="Select yes if they were told")
    sent_on = DateField(
        label="When were they told?",
        help_text="For example, 27 3 2026.",
        subject="The date they were told",
        required_message="Enter the date they were told",
        required=False,
    )
    channel = radios("How were they told?", CHANNELS)
    by_whom = TextField(label="Who told them?", max_length=150, required=False)
    not_sent_reason = LongTextField(label="Why were they not told?", required=False)
    summary = LongTextField(
        label="Notes (optional)",
        help_text="What they were told. Do not name the child or family.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].required = False
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.radios("recipient", legend_size=Size.SMALL),
            RevealRadios(
                "told",
                Reveal("Yes", Field("sent_on"), Field.radios("channel", small=True), Field.text("by_whom")),
                Reveal("No", long_text("not_sent_reason", rows=3)),
            ),
            long_text("summary", rows=3),
            Button("record", "Record communication"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("told") == "yes":
            self._require("sent_on", "Enter the date they were told")
            self._require("channel", "Select how they were told")
            self._require("by_whom", "Enter who told them")
            cleaned["not_sent_reason"] = ""
        elif cleaned.get("told") == "no":
            for name in ("sent_on", "channel", "by_whom"):
                self._errors.pop(name, None)
                cleaned[name] = None if name == "sent_on" else ""
            if cleaned.get("recipient") and cleaned["recipient"] not in MAY_GIVE_REASON:
                self.add_error("told", "The Panel, Ofsted and the DfE must be told: enter when and how")
            else:
                self._require("not_sent_reason", "Enter why they were not told")
        return cleaned

    def _require(self, name, message):
        if name not in self.errors and not self.cleaned_data.get(name):
            self.add_error(name, message)

    def service_answers(self) -> dict:
        data = self.cleaned_data
        return {
            "recipient": data["recipient"],
            "channel": data.get("channel") or "",
            "sent_on": data.get("sent_on"),
            "by_whom": data.get("by_whom") or "",
            "not_sent_reason": data.get("not_sent_reason") or "",
            "summary": data.get("summary") or "",
        }
