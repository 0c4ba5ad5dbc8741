"""/triage/, /dashboard/, /search/ and /reviews/ (design.md §3). Each part of the Review Group's
work keeps its own URL module; the triage one puts the queue's fixed paths before
/triage/<reference>/."""

from django.urls import include, path

import cscp.core.converters  # noqa: F401 (registers <reference:...>)

app_name = "reviews"

urlpatterns = [
    path("triage/", include("reviews.triage.urls")),
    path("dashboard/", include("reviews.reporting.urls")),
    path("search/", include("reviews.search.urls")),
    path("reviews/", include("reviews.cases.urls")),
    path("reviews/", include("reviews.actions.urls")),
    path("triage/<reference:reference>/", include("reviews.decision.urls")),
]
