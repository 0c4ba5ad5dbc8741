from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from cscp.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Pages link their icons; this is for clients that ask for /favicon.ico directly. Lazy, so
    # the hashed name is looked up per request, not at import (before collectstatic has run).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("images/favicon.ico"))),
    path("accounts/", include("cscp.accounts.urls")),
    path("audit/", include("cscp.audit.urls")),
    path("referrals/", include("referrals.urls")),
    path("", include("reviews.urls")),
    path("publications/", include("publications.staff.urls")),
    # The public site: /reports/... and /learning/.
    path("", include("publications.public.urls")),
    # One sign-in page for everyone, with lockout and the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("admin/", admin.site.urls),
]

handler400 = "cscp.core.views.bad_request"
handler403 = "cscp.core.views.permission_denied"
handler404 = "cscp.core.views.page_not_found"
handler500 = "cscp.core.views.server_error"
