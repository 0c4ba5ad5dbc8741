"""/triage/: the queue, its export and the themes. Included before /triage/<reference>/, so
these fixed paths win."""

from django.urls import path

from . import views_queue
from .themes import views as views_themes

urlpatterns = [
    path("", views_queue.queue, name="queue"),
    path("export.csv", views_queue.export_csv, name="queue_export"),
    path("themes/", views_themes.theme_list, name="themes"),
    path("themes/add/", views_themes.theme_add, name="theme_add"),
    path("themes/<slug:slug>/", views_themes.theme_change, name="theme_change"),
    path("themes/<slug:slug>/retire/", views_themes.theme_retire, name="theme_retire"),
    path("themes/<slug:slug>/reinstate/", views_themes.theme_reinstate, name="theme_reinstate"),
]
