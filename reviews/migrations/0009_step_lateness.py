"""Issue 16 §2: where each step's lateness reason is kept, the case's planned publication date,
and ReviewCase.published_on filled from each case's timeline (its first move to published, as a
date in the service's time zone)."""

from django.db import migrations, models
from django.utils import timezone


def fill_published_on(apps, schema_editor):
    ReviewCase = apps.get_model("reviews", "ReviewCase")
    ReviewCaseEvent = apps.get_model("reviews", "ReviewCaseEvent")
    first = {}
    for case_id, at in ReviewCaseEvent.objects.filter(to_status="published").order_by("at", "id").values_list(
        "case_id", "at"
    ):
        first.setdefault(case_id, timezone.localtime(at).date())
    cases = list(ReviewCase.objects.filter(pk__in=first).only("id", "published_on"))
    for case in cases:
        case.published_on = first[case.id]
    ReviewCase.objects.bulk_update(cases, ["published_on"], batch_size=2000)


def fire_pending_triggers(apps, schema_editor):
    """PostgreSQL will not build an index on a table with trigger events pending, and adding a
    column with a default writes every row, which queues the casework version's deferred
    triggers (reviews 0007): on a database with cases, building published_on's index failed
    ('cannot CREATE INDEX "reviews_reviewcase" because it has pending trigger events'). Fire
    them now; from here on in this migration's transaction they fire with each statement."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0008_referral_next_due'),
    ]

    operations = [
        migrations.AddField(
            model_name='agencycontribution',
            name='late_reason',
            field=models.TextField(blank=True, help_text='Why it came after its due date.'),
        ),
        migrations.AddField(
            model_name='rapidreview',
            name='sent_late_reason',
            field=models.TextField(blank=True, help_text='Why it was sent after its due date.'),
        ),
        migrations.AddField(
            model_name='reviewcase',
            name='final_report_late_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='reviewcase',
            name='planned_publication_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='reviewcase',
            name='publication_late_reason',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fire_pending_triggers, fire_pending_triggers),
        migrations.AddField(
            model_name='reviewcase',
            name='published_on',
            field=models.DateField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name='triage',
            name='sin_late_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='triage',
            name='sin_not_required_reason',
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_published_on, migrations.RunPython.noop),
    ]
