"""The partnership's starting vocabulary of themes; coordinators add, rename and retire them
from /triage/themes/ afterwards. Reversing removes only themes no triage or review uses."""

from django.db import migrations

THEMES = [
    ("Neglect", "neglect"),
    ("Domestic abuse", "domestic-abuse"),
    ("Parental mental health", "parental-mental-health"),
    ("Perinatal mental health", "perinatal-mental-health"),
    ("Parental substance misuse", "parental-substance-misuse"),
    ("Criminal exploitation", "criminal-exploitation"),
    ("Sexual abuse", "sexual-abuse"),
    ("Physical abuse", "physical-abuse"),
    ("Sudden unexpected death in infancy", "sudden-unexpected-death-in-infancy"),
    ("Adolescent safety", "adolescent-safety"),
    ("Online harm", "online-harm"),
    ("Child sexual exploitation", "child-sexual-exploitation"),
    ("Disability", "disability"),
    ("Race and culture", "race-and-culture"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    for name, slug in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


def remove_unused_themes(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    slugs = [slug for _, slug in THEMES]
    Theme.objects.filter(slug__in=slugs, triages__isnull=True, review_cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(add_themes, remove_unused_themes)]
