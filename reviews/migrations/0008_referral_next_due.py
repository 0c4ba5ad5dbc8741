"""Referral.next_due (referrals 0003) filled for the referrals already submitted: triage's
earliest open clock where triage has started, else the provisional Panel notification (the
referrer's awareness date + 5 working days) while the referral is still running."""

from django.db import migrations

RUNNING = ("submitted", "screening", "rapid_review", "awaiting_decision")


def fill(apps, schema_editor):
    from cscp.calendar import add_working_days  # dates only: the same rule today as when written

    Referral = apps.get_model("referrals", "Referral")
    Triage = apps.get_model("reviews", "Triage")
    triaged = dict(Triage.objects.values_list("referral_id", "next_due"))
    changed = []
    for referral in Referral.objects.filter(status__in=RUNNING).only("id", "aware_date", "next_due"):
        if referral.id in triaged:
            referral.next_due = triaged[referral.id]
        else:
            referral.next_due = add_working_days(referral.aware_date, 5) if referral.aware_date else None
        changed.append(referral)
    Referral.objects.bulk_update(changed, ["next_due"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_next_due"),
        ("reviews", "0007_caseworkversion"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
