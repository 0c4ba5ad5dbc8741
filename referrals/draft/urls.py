"""/referrals/drafts/...: a draft being written (design.md §3). Names join the "referrals"
namespace. The explicit paths come before the generic <step> page."""

from django.urls import path

from ..documents import views as documents
from . import views

urlpatterns = [
    path("<uuid:public_id>/", views.resume, name="draft"),
    path("<uuid:public_id>/delete/", views.delete, name="draft_delete"),
    path("<uuid:public_id>/check-your-answers/", views.check_answers, name="check_answers"),
    path("<uuid:public_id>/documents/<int:document_id>/", documents.document_download, name="draft_document"),
    path(
        "<uuid:public_id>/documents/<int:document_id>/remove/",
        documents.document_remove_page,
        name="draft_document_remove",
    ),
    path("<uuid:public_id>/<slug:section>/add/", views.item_add, name="item_add"),
    path("<uuid:public_id>/<slug:section>/<int:item_id>/", views.item_change, name="item_change"),
    path("<uuid:public_id>/<slug:section>/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<uuid:public_id>/<slug:slug>/", views.step, name="step"),
]
