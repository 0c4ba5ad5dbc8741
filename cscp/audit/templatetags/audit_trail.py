from django import template
from django.urls import reverse

from cscp.audit.history import can_view_history

register = template.Library()


@register.simple_tag
def audit_history_url(obj) -> str:
    """The history page of a model instance: {% audit_history_url referral %}."""
    opts = obj._meta
    return reverse("audit:history", args=[opts.app_label, opts.model_name, obj.pk])


@register.filter
def may_view_history(user) -> bool:
    """{% if request.user|may_view_history %}: coordinators and admins."""
    return can_view_history(user)
