import django.utils.timezone
from django.db import migrations, models

from reviews import casework_triggers


def install_triggers(apps, schema_editor):
    apps.get_model("reviews", "CaseworkVersion").objects.get_or_create(pk=1)
    casework_triggers.install(schema_editor.connection, casework_triggers.casework_tables(apps))


def uninstall_triggers(apps, schema_editor):
    casework_triggers.uninstall(schema_editor.connection, casework_triggers.casework_tables(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("referrals", "0002_status_urgent_index"),
        ("reviews", "0006_decision_date_outcome_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseworkVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.PositiveBigIntegerField(default=1)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(install_triggers, uninstall_triggers),
    ]
