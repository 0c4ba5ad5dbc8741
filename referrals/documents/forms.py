"""The supporting documents page: one file at a time, checked by checks.py."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from ..draft.forms.base import buttons
from .checks import ACCEPTED, MAX_DOCUMENTS, check_upload, too_many_documents


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded – try again",
            "missing": "The selected file could not be uploaded – try again",
        },
    )

    def __init__(self, data=None, files=None, *, referral, max_mb, **kwargs):
        super().__init__(data, files, **kwargs)
        self.referral = referral
        self.checked = None
        self.fields[
            "file"
        ].help_text = f"Upload {ACCEPTED}, up to {max_mb} MB each and {MAX_DOCUMENTS} files in all."
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field("file"), Button.secondary("upload", "Upload file"), buttons())

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            if "upload" in self.data:
                raise ValidationError("Select a file to upload", code="required")
            return None
        if too_many_documents(self.referral):
            raise ValidationError(
                f"You can upload up to {MAX_DOCUMENTS} files. Remove one before you upload another",
                code="too_many",
            )
        self.checked = check_upload(upload)
        return upload
