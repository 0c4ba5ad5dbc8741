"""/triage/<reference>/decision/ and /triage/<reference>/communications/ (issue 4 scope 7-8)."""

from django.urls import path

from . import views_communications, views_decision

urlpatterns = [
    path("decision/", views_decision.decision, name="decision"),
    path("decision/confirm/", views_decision.decision_confirm, name="decision_confirm"),
    path("communications/", views_communications.communications, name="communications"),
    path("communications/close/", views_communications.close, name="close"),
]
