"""/triage/ and /dashboard/ (design.md §3). Each part of the Review Group's work keeps its own
URL module; the queue's fixed paths come before /triage/<reference>/."""

from django.urls import include, path

import cscp.core.converters  # noqa: F401 (registers <reference:...>)

app_name = "reviews"

urlpatterns = [
    path("triage/", include("reviews.urls_queue")),
    path("dashboard/", include("reviews.reporting.urls")),
    path("reviews/", include("reviews.cases.urls")),
    path("reviews/", include("reviews.actions.urls")),
    path("triage/<reference:reference>/", include("reviews.urls_triage")),
    path("triage/<reference:reference>/", include("reviews.urls_decision")),
]
