"""The controlled vocabulary of themes (domain.md §2.1 E, §6): tagged on referrals at triage and
reused by review cases and publications."""

from django.db import models
from django.utils import timezone


class Theme(models.Model):
    """The controlled vocabulary of themes (neglect, domestic abuse...), managed by
    coordinators, tagged on referrals at triage and reused by review cases and publications."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
