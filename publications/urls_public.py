"""The public site: /reports/, /reports/<slug>/, its PDFs, the feed, /learning/."""

from django.urls import path

from . import views_public

app_name = "reports"
urlpatterns = [
    path("reports/", views_public.report_list, name="list"),
    # Before the detail pattern: "feed" is not a report.
    path("reports/feed/", views_public.feed, name="feed"),
    path("reports/<slug:slug>/", views_public.report_detail, name="detail"),
    path("reports/<slug:slug>/report.pdf", views_public.report_pdf, name="report_pdf"),
    path("reports/<slug:slug>/briefing.pdf", views_public.briefing_pdf, name="briefing_pdf"),
    path("learning/", views_public.learning, name="learning"),
]
