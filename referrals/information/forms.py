"""The one question on the page answering a request for more information: the answer."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from cscp.core.fields import LongTextField


class AnswerForm(forms.Form):
    answer = LongTextField(label="Your answer", required_message="Enter your answer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.textarea("answer", label_size=Size.MEDIUM, label_tag="h2", rows=8, max_characters=10_000),
            Button("submit", "Send your answer"),
        )
