"""/reviews/ (issue 5): the case list and its CSV, the case page and the coordinator's forms on
a case; a case's documents and who took part in it have their own URL modules, included here.
The action plan's pages sit beside these (reviews/actions/urls.py)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.csv", views.case_export_csv, name="case_export"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/move/<str:to>/", views.case_move, name="case_move"),
    path("<int:pk>/reviewers/", views.case_reviewers, name="case_reviewers"),
    path("<int:pk>/details/", views.case_details, name="case_details"),
    path("<int:pk>/progress/", views.case_progress, name="case_progress"),
    path("<int:pk>/late/<slug:step>/", views.case_late_reason, name="case_late_reason"),
    path("<int:pk>/documents/", include("reviews.cases.documents.urls")),
    path("<int:pk>/", include("reviews.cases.involvement.urls")),
]
