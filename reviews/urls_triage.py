"""/triage/<reference>/: the triage page and its steps (names prefixed triage_ in the
"reviews" namespace, beside the decision's URLs under the same prefix)."""

from django.urls import path

from . import views_triage as views

urlpatterns = [
    path("", views.page, name="triage"),
    path("start/", views.start, name="triage_start"),
    path("notification/", views.sin, name="triage_sin"),
    path("rapid-review/start/", views.rapid_review_start, name="triage_rapid_review_start"),
    path("rapid-review/", views.rapid_review, name="triage_rapid_review"),
    path("rapid-review/send/", views.send_to_panel, name="triage_send_to_panel"),
    path("ready-for-decision/", views.ready_for_decision, name="triage_ready_for_decision"),
    path("withdraw/", views.withdraw, name="triage_withdraw"),
    path("merge/", views.merge, name="triage_merge"),
    path("themes/", views.themes, name="triage_themes"),
    path("conflict/", views.conflict, name="triage_conflict"),
    path("information-requests/new/", views.ask, name="triage_ask"),
]
