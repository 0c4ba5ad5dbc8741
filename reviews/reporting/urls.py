"""/dashboard/ and /dashboard/annual/ with its CSV: the dashboard and the figures for the yearly
report."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("annual/", views.annual, name="annual"),
    path("annual.csv", views.annual_csv, name="annual_csv"),
]
