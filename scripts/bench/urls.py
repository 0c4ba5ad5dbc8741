"""The bench settings' URL configuration: the whole service plus the reference page."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/reference/", views.reference, name="bench-reference"),
    path("", include("cscp.urls")),
]

handler400 = "cscp.core.views.bad_request"
handler403 = "cscp.core.views.permission_denied"
handler404 = "cscp.core.views.page_not_found"
handler500 = "cscp.core.views.server_error"
