"""/search/: the staff-wide search (members and coordinators)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.search, name="search"),
]
