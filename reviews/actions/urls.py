"""/reviews/actions/ and /reviews/<reference>/recommendations/, /reviews/<reference>/actions/ (issue 5 §5):
every action of every plan, and the coordinator's pages for a case's action plan. Included
from reviews/urls.py beside the case pages (reviews/cases/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    path("<case:reference>/recommendations/add/", views.recommendation_new, name="recommendation_add"),
    path("<case:reference>/recommendations/<int:number>/", views.recommendation_edit, name="recommendation"),
    path("<case:reference>/actions/add/", views.action_new, name="action_add"),
    path("<case:reference>/actions/<int:action_id>/", views.action_detail, name="action"),
    path("<case:reference>/actions/<int:action_id>/change/", views.action_edit, name="action_edit"),
    path("<case:reference>/actions/<int:action_id>/close/", views.action_close_view, name="action_close"),
    path(
        "<case:reference>/actions/<int:action_id>/carry-forward/",
        views.action_carry_forward_view,
        name="action_carry_forward",
    ),
]
