"""The one crispy base form every page uses (style.md 9)."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms


def gds_helper(*fields, submit: str) -> FormHelper:
    """A crispy-forms-gds helper laying out `fields` then one primary button."""
    helper = FormHelper()
    helper.layout = Layout(*fields, Button("submit", submit))
    return helper


class GDSForm(forms.Form):
    """A GOV.UK form: subclasses may list their layout in `layout_fields()` and set
    `submit_label`. Error messages are instructions, written on the fields."""

    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*self.layout_fields(), submit=self.submit_label)

    def layout_fields(self):
        return list(self.fields)


class GDSModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(*self.layout_fields(), submit=self.submit_label)

    def layout_fields(self):
        return list(self.fields)
