"""/triage/<reference>/decision/ and /triage/<reference>/communications/ (issue 4 scope 7-8)."""

from django.urls import path

from . import views

urlpatterns = [
    path("decision/", views.decision, name="decision"),
    path("decision/confirm/", views.decision_confirm, name="decision_confirm"),
    path("communications/", views.communications, name="communications"),
    path("communications/close/", views.close, name="close"),
]
