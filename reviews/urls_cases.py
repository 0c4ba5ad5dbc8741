"""/reviews/ (issue 5): the case list, the case page and the coordinator's forms on a case."""

from django.urls import path

from . import views_cases

urlpatterns = [
    path("", views_cases.case_list, name="case_list"),
    path("<int:pk>/", views_cases.case_detail, name="case"),
    path("<int:pk>/move/<str:to>/", views_cases.case_move, name="case_move"),
    path("<int:pk>/reviewers/", views_cases.case_reviewers, name="case_reviewers"),
    path("<int:pk>/details/", views_cases.case_details, name="case_details"),
    path("<int:pk>/progress/", views_cases.case_progress, name="case_progress"),
]
