"""/reviews/<reference>/documents/ (issue 5 §3): a case's documents and their versions."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.document_list, name="case_documents"),
    path("add/", views.document_new, name="case_document_add"),
    path("<int:document_id>/", views.document_detail, name="case_document"),
    path("<int:document_id>/add-version/", views.version_new, name="case_document_version_add"),
    path("<int:document_id>/v<int:number>/", views.version_download, name="case_document_download"),
]
