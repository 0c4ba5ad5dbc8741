"""Who viewed what (design.md §2 "Audit"): one call for every staff view of a sensitive record.

Function views call `log_access(request, obj)`; class-based detail views mix in
`AccessLoggedDetailMixin`. The entry is django-auditlog's ACCESS action, in the same table as
the change history, so the history page shows views beside changes.
"""

from auditlog.middleware import AuditlogMiddleware
from auditlog.mixins import LogAccessMixin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import ImproperlyConfigured


def log_access(request, obj) -> LogEntry:
    """Record that `request.user` viewed `obj` (a model registered with django-auditlog).

    The actor and address are taken from the request itself rather than from the context
    AuditlogMiddleware sets, so the entry is complete wherever this is called from.
    """
    if not auditlog.contains(type(obj)):
        # An access entry for an unregistered model would never appear on a history page.
        raise ImproperlyConfigured(f"{type(obj).__name__} is not registered with django-auditlog.")
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else None
    return LogEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        remote_addr=AuditlogMiddleware._get_remote_addr(request),
        remote_port=AuditlogMiddleware._get_remote_port(request),
    )


class AccessLoggedDetailMixin(LogAccessMixin):
    """For a DetailView of a sensitive record: each successful render logs an ACCESS entry.

    Replaces auditlog's LogAccessMixin.render_to_response, which fetches the object a second
    time (one more query) and takes the actor only from the middleware's context.
    """

    def render_to_response(self, context, **response_kwargs):
        log_access(self.request, self.object)
        return super(LogAccessMixin, self).render_to_response(context, **response_kwargs)
