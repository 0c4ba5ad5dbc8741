"""The version counter the casework cache keys on (see reviews/casework_cache.py)."""

from django.db import models
from django.utils import timezone


class CaseworkVersion(models.Model):
    """A counter the database itself moves on whenever a row of casework changes: any table of
    the referrals and reviews apps, and the agencies, users and roles (groups) they name (triggers
    installed by migration reviews/0007; see reviews/casework_triggers.py). The staff list pages
    (triage queue, review cases, dashboard) cache what they render under it, so a change made by
    any code path (a service, a bulk update, the admin, a Celery task, the shell) makes every
    cached page stale at once, in every process. One row (id 1)."""

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Casework version {self.version}"
