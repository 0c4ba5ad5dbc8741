from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Triage, decisions and review cases"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from . import audit  # noqa: F401  registers the models with django-auditlog
        from .models import Triage

        post_save.connect(triage_saved, sender=Triage, dispatch_uid="triage-next-due")
        post_migrate.connect(casework_triggers_reinstalled, sender=self, dispatch_uid="casework-triggers")


def casework_triggers_reinstalled(sender, using="default", apps=None, **kwargs):
    """The casework version's triggers on every casework table after every migrate. SQLite
    rebuilds a table to add a column with a default (as reviews 0009 did), which drops its
    triggers, and a new table needs one too: installing them again here means no migration has
    to remember. Only the tables missing one are touched (a test database's flush sends this
    signal too); nothing to do before the version table exists."""
    from django.apps import apps as live_apps
    from django.db import connections

    from . import casework_triggers

    apps = apps or live_apps  # some senders (a test database's flush) name no registry
    connection = connections[using]
    if casework_triggers.VERSION_TABLE not in connection.introspection.table_names():
        return
    watched = casework_triggers.casework_tables(apps)
    missing = sorted(set(watched) - casework_triggers.tables_with_trigger(connection))
    if missing:
        casework_triggers.install(connection, missing)


def triage_saved(sender, instance, **kwargs):
    """Triage's earliest open clock is the referral's (Referral.next_due, the one place the
    queue, its filter and the export read), on every path that saves a triage."""
    from referrals.models import Referral

    referral = Referral.objects.filter(pk=instance.referral_id)
    if instance.next_due is None:
        referral.filter(next_due__isnull=False).update(next_due=None)
    else:
        referral.exclude(next_due=instance.next_due).update(next_due=instance.next_due)
