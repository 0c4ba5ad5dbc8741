from django.urls import include, path

import cscp.core.converters  # noqa: F401 (registers <reference:...>)

from . import views
from .documents import views as documents
from .draft import views as draft
from .information import views as information
from .withdrawal import views as withdrawal

app_name = "referrals"

urlpatterns = [
    path("", views.my_referrals, name="list"),
    path("new/", draft.start, name="start"),
    path("drafts/", include("referrals.draft.urls")),
    path("<reference:reference>/", views.detail, name="detail"),
    path("<reference:reference>/submitted/", views.submitted, name="submitted"),
    path("<reference:reference>/withdraw/", withdrawal.withdraw, name="withdraw"),
    path(
        "<reference:reference>/request-withdrawal/", withdrawal.request_withdrawal, name="request_withdrawal"
    ),
    path("<reference:reference>/documents/<int:document_id>/", documents.document, name="document"),
    path(
        "<reference:reference>/information-requests/<int:request_id>/",
        information.answer,
        name="information_answer",
    ),
]
