"""/dashboard/annual/ and its CSV: the figures for the yearly report."""

from django.urls import path

from . import views_annual

urlpatterns = [
    path("annual/", views_annual.annual, name="annual"),
    path("annual.csv", views_annual.annual_csv, name="annual_csv"),
]
