from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "scripts.bench"
    label = "bench"  # its tables (bench_benchseed, ...) and migrations keep the name they have
    verbose_name = "Benchmark"
    default_auto_field = "django.db.models.BigAutoField"
