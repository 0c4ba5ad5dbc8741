"""/reviews/ (issue 5): the case list and its CSV, the case page (/reviews/REV-2026-012/, by its
reference: issue 17 §6) and the coordinator's forms on a case; a case's documents and who took part in it have their own URL modules, included here.
The action plan's pages sit beside these (reviews/actions/urls.py)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.csv", views.case_export_csv, name="case_export"),
    path("<case:reference>/", views.case_detail, name="case"),
    path("<case:reference>/move/<str:to>/", views.case_move, name="case_move"),
    path("<case:reference>/reviewers/", views.case_reviewers, name="case_reviewers"),
    path("<case:reference>/details/", views.case_details, name="case_details"),
    path("<case:reference>/progress/", views.case_progress, name="case_progress"),
    path("<case:reference>/late/<slug:step>/", views.case_late_reason, name="case_late_reason"),
    path("<case:reference>/documents/", include("reviews.cases.documents.urls")),
    path("<case:reference>/", include("reviews.cases.involvement.urls")),
    # Addresses by id from before cases were addressed by reference: sent on, once the viewer
    # may see the case.
    path("<int:pk>/", views.case_by_id, name="case_by_id"),
    path("<int:pk>/<path:rest>", views.case_by_id, name="case_by_id_path"),
]
