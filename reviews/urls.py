"""/triage/ and /dashboard/ (design.md §3). Each part of the Review Group's work keeps its own
URL module; the triage one puts the queue's fixed paths before /triage/<reference>/."""

from django.urls import include, path

import cscp.core.converters  # noqa: F401 (registers <reference:...>)

from . import dashboard

app_name = "reviews"

urlpatterns = [
    path("triage/", include("reviews.triage.urls")),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/", include("reviews.urls_annual")),
    path("reviews/", include("reviews.urls_cases")),
    path("triage/<reference:reference>/", include("reviews.decision.urls")),
]
