"""The roles of design.md §1, held as Django groups."""

from django.db import models


class Role(models.TextChoices):
    REFERRER = "referrer", "Referrer"
    MEMBER = "member", "Review Group member"
    COORDINATOR = "coordinator", "Coordinator"
    REVIEWER = "reviewer", "Independent reviewer"
    ADMIN = "admin", "System administrator"


# Staff sign in with a second factor; referrers do not.
STAFF_ROLES = frozenset({Role.MEMBER, Role.COORDINATOR, Role.REVIEWER, Role.ADMIN})
