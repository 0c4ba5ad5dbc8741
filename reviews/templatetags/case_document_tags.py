"""For the case page's documents section: whether the signed-in user may upload on the case,
from the appointments the page has already loaded (no query)."""

from django import template

from reviews.cases.documents.services import may_upload

register = template.Library()


@register.simple_tag(takes_context=True)
def may_upload_documents(context, case, appointments) -> bool:
    return may_upload(context["request"].user, case, appointments)
