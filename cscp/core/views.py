import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cscp.accounts.roles import Role
from cscp.notifications.broker import broker_status

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    user = request.user
    return render(
        request, "core/home.html", {"is_referrer": user.is_authenticated and user.has_role(Role.REFERRER)}
    )


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers (the service can work without Redis: the outbox waits);
    503 when it does not. Reports Redis either way."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any database failure means unhealthy; the reason goes to the log
        logger.exception("healthz: database check failed")
        database = "unavailable"
    body = {"database": database, "redis": broker_status()}
    return JsonResponse(body, status=200 if database == "ok" else 503)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a request context: the failure may lie in a context processor.
    return render(None, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)
