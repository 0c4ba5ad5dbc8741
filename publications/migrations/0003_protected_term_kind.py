"""Each protected term says what it is (issue 14 §2: a term typed by hand is varied as the
derived ones are). Terms taken from a referral get the kind of their source; those typed by hand
are read: a date, a postcode or a line with a number (an address), else a person's name."""

import re

from django.db import migrations, models

SOURCE_KINDS = {
    "child_name": "name",
    "family_name": "name",
    "date_of_birth": "date",
    "key_date": "date",
    "address": "address",
    "school": "school",
}
DATE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}")
POSTCODE_RE = re.compile(r"\s*[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\s*", re.IGNORECASE)


def kind_for(source: str, term: str) -> str:
    if source in SOURCE_KINDS:
        return SOURCE_KINDS[source]
    text = term.strip()
    if DATE_RE.fullmatch(text):
        return "date"
    if POSTCODE_RE.fullmatch(text) or re.search(r"\d", text):
        return "address"
    return "name"


def set_kinds(apps, schema_editor):
    ProtectedTerm = apps.get_model("publications", "ProtectedTerm")
    for term in ProtectedTerm.objects.only("pk", "source", "term").iterator():
        ProtectedTerm.objects.filter(pk=term.pk).update(kind=kind_for(term.source, term.term))


class Migration(migrations.Migration):
    dependencies = [("publications", "0002_protected_key_dates")]

    operations = [
        migrations.AddField(
            model_name="protectedterm",
            name="kind",
            field=models.CharField(
                choices=[
                    ("name", "A person's name"),
                    ("date", "A date"),
                    ("address", "An address or postcode"),
                    ("school", "A school or setting"),
                    ("other", "Something else"),
                ],
                default="other",
                max_length=8,
            ),
        ),
        migrations.RunPython(set_kinds, migrations.RunPython.noop),
    ]
