"""{% clock_tag clock %}: one statutory clock (reviews.clocks.Clock) as a GOV.UK tag with its
state (green on track, yellow due soon, red overdue, grey done) and, beside it, "due 3 December
2026, 2 working days left". A tag rather than an included template: the queue and the dashboard
show one on each of hundreds of rows (issue 8)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def clock_tag(clock):
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>\n<span class="govuk-body-s govuk-!-margin-left-1">{}</span>',
        clock.tag_class,
        clock.label,
        clock.summary,
    )
