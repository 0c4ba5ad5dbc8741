from django.urls import include, path

from . import views, views_draft, views_information

app_name = "referrals"

urlpatterns = [
    path("", views.my_referrals, name="list"),
    path("new/", views_draft.start, name="start"),
    path("drafts/", include("referrals.urls_draft")),
    path("<str:reference>/", views.detail, name="detail"),
    path("<str:reference>/submitted/", views.submitted, name="submitted"),
    path("<str:reference>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:reference>/request-withdrawal/", views.request_withdrawal, name="request_withdrawal"),
    path("<str:reference>/documents/<int:document_id>/", views.document, name="document"),
    path(
        "<str:reference>/information-requests/<int:request_id>/",
        views_information.answer,
        name="information_answer",
    ),
]
