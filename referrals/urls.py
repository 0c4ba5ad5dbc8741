from django.urls import include, path

import cscp.core.converters  # noqa: F401 (registers <reference:...>)

from .documents import views as documents
from .draft import views as draft
from .information import views as information
from .tracking import views as tracking
from .withdrawal import views as withdrawal

app_name = "referrals"

urlpatterns = [
    path("", tracking.my_referrals, name="list"),
    path("new/", draft.start, name="start"),
    path("drafts/", include("referrals.draft.urls")),
    path("<reference:reference>/", tracking.detail, name="detail"),
    path("<reference:reference>/submitted/", tracking.submitted, name="submitted"),
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
