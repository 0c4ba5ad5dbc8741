"""Uploading a case document or a new version of one. The file is checked here by
referrals.uploads.check_upload (type by content, size, safe name): a bad file gets its message
on the file field and the other answers are kept. The views call services.py."""

from django import forms
from django.conf import settings

from cscp.core.fields import TextField, radios
from referrals.documents.checks import ACCEPTED, check_upload

from ...models import DocumentKind
from ..forms import OnCaseForm

FILE_MESSAGES = {
    "required": "Select a file to upload",
    "empty": "The selected file is empty",
    "invalid": "The selected file could not be uploaded – try again",
    "missing": "The selected file could not be uploaded – try again",
}


def file_field() -> forms.FileField:
    return forms.FileField(label="File", error_messages=FILE_MESSAGES)


def note_field() -> TextField:
    return TextField(
        label="What changed in this version? (optional)",
        max_length=300,
        required=False,
        help_text="Do not name the child or family.",
    )


class UploadForm(OnCaseForm):
    """A form with a `file`: `checked` holds the file's safe name, real type and size once valid."""

    checked = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"Upload {ACCEPTED}, up to {settings.CSCP_UPLOAD_MAX_MB} MB."

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = check_upload(upload)
        return upload


class DocumentAddForm(UploadForm):
    submit_label = "Upload document"
    kind = radios(
        "What kind of document is it?", DocumentKind.choices, required_message="Select the kind of document"
    )
    title = TextField(
        label="Title",
        max_length=200,
        required_message="Enter the title",
        help_text="For example, Health agency report. Do not name the child or family.",
    )
    file = file_field()
    note = note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = "Note (optional)"


class VersionAddForm(UploadForm):
    submit_label = "Upload version"
    file = file_field()
    note = note_field()
