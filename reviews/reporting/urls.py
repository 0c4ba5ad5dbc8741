"""/dashboard/ and /dashboard/annual/ with its CSVs: the dashboard, and the figures and the
timeliness of the statutory steps for the yearly report."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("annual/", views.annual, name="annual"),
    path("annual.csv", views.annual_csv, name="annual_csv"),
    path("annual/timeliness.csv", views.annual_timeliness_csv, name="annual_timeliness_csv"),
]
