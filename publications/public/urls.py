"""The public site: /reports/, /reports/<slug>/, its PDFs, the feed, /learning/."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_list, name="list"),
    # Before the detail pattern: "feed" is not a report.
    path("reports/feed/", views.feed, name="feed"),
    path("reports/<slug:slug>/", views.report_detail, name="detail"),
    path("reports/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<slug:slug>/briefing.pdf", views.briefing_pdf, name="briefing_pdf"),
    path("learning/", views.learning, name="learning"),
]
