from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Triage, decisions and review cases"

    def ready(self):
        from django.db.models.signals import post_save

        from . import audit  # noqa: F401  registers the models with django-auditlog
        from .models import Triage

        post_save.connect(triage_saved, sender=Triage, dispatch_uid="triage-next-due")


def triage_saved(sender, instance, **kwargs):
    """Triage's earliest open clock is the referral's (Referral.next_due, the one place the
    queue, its filter and the export read), on every path that saves a triage."""
    from referrals.models import Referral

    referral = Referral.objects.filter(pk=instance.referral_id)
    if instance.next_due is None:
        referral.filter(next_due__isnull=False).update(next_due=None)
    else:
        referral.exclude(next_due=instance.next_due).update(next_due=instance.next_due)
