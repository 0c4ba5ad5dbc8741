"""/triage/: the queue, its export and the themes (fixed paths, so they come before
/triage/<reference>/), then the triage page and its steps under /triage/<reference>/ (names
prefixed triage_ in the "reviews" namespace, beside the decision's URLs under the same prefix)."""

from django.urls import include, path

from ..themes import views as views_themes
from . import views

page_patterns = [
    path("", views.page, name="triage"),
    path("start/", views.start, name="triage_start"),
    path("notification/", views.sin, name="triage_sin"),
    path("rapid-review/start/", views.rapid_review_start, name="triage_rapid_review_start"),
    path("rapid-review/", views.rapid_review, name="triage_rapid_review"),
    path("rapid-review/send/", views.send_to_panel, name="triage_send_to_panel"),
    path("late/<slug:step>/", views.late_reason, name="triage_late_reason"),
    path("ready-for-decision/", views.ready_for_decision, name="triage_ready_for_decision"),
    path("withdraw/", views.withdraw, name="triage_withdraw"),
    path("merge/", views.merge, name="triage_merge"),
    path("duplicates/<reference:other>/", views.duplicate, name="triage_duplicate"),
    path("themes/", views.themes, name="triage_themes"),
    path("conflict/", views.conflict, name="triage_conflict"),
    path("information-requests/new/", views.ask, name="triage_ask"),
]

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export.csv", views.export_csv, name="queue_export"),
    path("themes/", views_themes.theme_list, name="themes"),
    path("themes/add/", views_themes.theme_add, name="theme_add"),
    path("themes/<slug:slug>/", views_themes.theme_change, name="theme_change"),
    path("themes/<slug:slug>/retire/", views_themes.theme_retire, name="theme_retire"),
    path("themes/<slug:slug>/reinstate/", views_themes.theme_reinstate, name="theme_reinstate"),
    path("<reference:reference>/", include(page_patterns)),
]
