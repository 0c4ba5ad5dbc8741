"""/reviews/<reference>/ (issue 5 §3): the coordinator's pages for agency contributions, practitioner
events and the family's involvement. Included from reviews/cases/urls.py under the case."""

from django.urls import path

from . import views

urlpatterns = [
    path("contributions/add/", views.contribution_add, name="contribution_add"),
    path("contributions/<int:contribution_id>/", views.contribution_edit, name="contribution"),
    path(
        "contributions/<int:contribution_id>/received/",
        views.contribution_received,
        name="contribution_received",
    ),
    path(
        "contributions/<int:contribution_id>/late/",
        views.contribution_late_reason,
        name="contribution_late_reason",
    ),
    path("practitioner-events/add/", views.practitioner_event_add, name="practitioner_event_add"),
    path("practitioner-events/<int:event_id>/", views.practitioner_event_edit, name="practitioner_event"),
    path("family/add/", views.family_add, name="family_add"),
    path("family/<int:engagement_id>/", views.family_edit, name="family"),
]
