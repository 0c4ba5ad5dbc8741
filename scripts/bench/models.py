"""The reference page's two tables and the seed marker. Used only by the benchmark settings."""

from django.db import models
from django.utils import timezone


class BenchGroup(models.Model):
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=40)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class BenchItem(models.Model):
    """10,000 rows; the reference page lists 50 of them, each with its group (one join)."""

    group = models.ForeignKey(BenchGroup, on_delete=models.CASCADE, related_name="items")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=24)
    created_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.reference


class BenchSeed(models.Model):
    """One row per completed seed: the runner reseeds only when SEED_VERSION changes."""

    version = models.PositiveIntegerField()
    seeded_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)

    def __str__(self):
        return f"Bench seed version {self.version}"
