"""/reviews/ (issue 5): the case list and its CSV, the case page and the coordinator's forms on
a case; a case's documents and who took part in it have their own URL modules, included here."""

from django.urls import include, path

from .. import views_action_plans as plans
from .. import views_case_list_extras as extras
from . import views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("export.csv", views.case_export_csv, name="case_export"),
    path("actions/", extras.action_list, name="action_list"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/move/<str:to>/", views.case_move, name="case_move"),
    path("<int:pk>/reviewers/", views.case_reviewers, name="case_reviewers"),
    path("<int:pk>/details/", views.case_details, name="case_details"),
    path("<int:pk>/progress/", views.case_progress, name="case_progress"),
    path("<int:pk>/documents/", include("reviews.cases.documents.urls")),
    path("<int:pk>/", include("reviews.cases.involvement.urls")),
    path("<int:pk>/recommendations/add/", plans.recommendation_new, name="recommendation_add"),
    path("<int:pk>/recommendations/<int:number>/", plans.recommendation_edit, name="recommendation"),
    path("<int:pk>/actions/add/", plans.action_new, name="action_add"),
    path("<int:pk>/actions/<int:action_id>/", plans.action_detail, name="action"),
    path("<int:pk>/actions/<int:action_id>/change/", plans.action_edit, name="action_edit"),
    path("<int:pk>/actions/<int:action_id>/close/", plans.action_close_view, name="action_close"),
    path(
        "<int:pk>/actions/<int:action_id>/carry-forward/",
        plans.action_carry_forward_view,
        name="action_carry_forward",
    ),
]
