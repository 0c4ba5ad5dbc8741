"""The list pages' filter forms, rendered once and kept (issue 8: crispy-forms' GOV.UK
templates were a quarter of the triage queue's time).

A filter form's HTML depends only on what was asked for (the GET parameters, errors included)
and on the choices its drop-downs list. `freeze_choices` loads each model drop-down's choices
in one small query and puts them on the widget, so rendering runs no query of its own;
`fragment_key` hashes the parameters and those choices, so the template's
`{% cache ... filter_key %}` serves the same HTML until either changes (a theme renamed, an
agency added: the key changes at once, in every process)."""

import hashlib


def freeze_choices(form, field_name: str, rows, *, value=lambda obj: obj.pk, label=str) -> list:
    """Load the choices of the model drop-down `field_name` now, from the objects `rows`, and
    give them to its widget: the same options the field would list, without a query at render."""
    field = form.fields[field_name]
    choices = [(value(obj), label(obj)) for obj in rows]
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.widget.choices = empty + choices
    return choices


def fragment_key(form, params, *choices) -> str:
    """A key for the rendered `form`: the parameters it has fields for (not the page number, or
    anything else the form does not show) and every drop-down's choices."""
    asked = sorted((name, params.getlist(name)) for name in params if name in form.fields)
    return hashlib.sha256(repr((asked, choices)).encode()).hexdigest()
