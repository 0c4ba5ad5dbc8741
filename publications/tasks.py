"""Celery tasks of the publications app (rendering: publications/rendering.py; scheduled
publishing: publications/services.py). Being written."""
