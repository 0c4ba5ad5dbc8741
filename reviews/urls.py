"""/triage/ and /dashboard/ (design.md §3). Each part of the Review Group's work keeps its own
URL module; the queue's fixed paths come before /triage/<reference>/."""

from django.urls import include, path

from . import dashboard

app_name = "reviews"

urlpatterns = [
    path("triage/", include("reviews.urls_queue")),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/", include("reviews.urls_annual")),
    path("reviews/", include("reviews.urls_cases")),
    path("triage/<str:reference>/", include("reviews.urls_triage")),
    path("triage/<str:reference>/", include("reviews.urls_decision")),
]
