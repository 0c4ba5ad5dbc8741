"""The history of one record: its django-auditlog entries, ready for the page."""

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import ForeignObjectRel
from django.utils import formats, timezone
from django.utils.text import capfirst

from cscp.accounts.roles import Role

HISTORY_ROLES = (Role.COORDINATOR, Role.ADMIN)

ACTION_LABELS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Viewed",
}
EMPTY = "(empty)"


def can_view_history(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*HISTORY_ROLES))


def audited_model(app_label: str, model_name: str) -> type[models.Model] | None:
    """The model with this label and name, if django-auditlog records it; otherwise None."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return None
    return model if auditlog.contains(model) else None


def record_key(model: type[models.Model], pk: str):
    """The pk from the URL as the model's pk type, or None if it cannot be one."""
    try:
        return model._meta.pk.to_python(pk)
    except ValidationError:
        return None


def entries_for(model: type[models.Model], key):
    """Every entry for the record, newest first, whether or not the record still exists."""
    entries = LogEntry.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )
    # auditlog fills object_id (indexed, numeric) for integer keys and object_pk always.
    entries = entries.filter(object_id=key) if isinstance(key, int) else entries.filter(object_pk=str(key))
    return entries.select_related("actor", "content_type").order_by("-timestamp", "-id")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    timestamp: datetime
    actor: str
    action: str
    changes: list[FieldChange]


def history_row(entry: LogEntry) -> HistoryRow:
    return HistoryRow(
        timestamp=entry.timestamp,
        actor=actor_label(entry),
        action=ACTION_LABELS.get(entry.action, "Recorded"),
        changes=field_changes(entry),
    )


def actor_label(entry: LogEntry) -> str:
    if entry.actor is not None:
        return entry.actor.email
    # The account may have been deleted since: auditlog keeps the address it had.
    return entry.actor_email or "System"


def field_changes(entry: LogEntry) -> list[FieldChange]:
    """The entry's changes as label, old, new; never a password field. No queries: a foreign
    key shows the id it held, which the linked record's own history explains."""
    model = entry.content_type.model_class()
    changes = []
    for name, change in sorted(entry.changes_dict.items()):
        field = _field(model, name)
        if "password" in name.lower() or _is_noise(field):
            continue
        label = capfirst(str(getattr(field, "verbose_name", name.replace("_", " "))))
        if isinstance(change, dict) and change.get("type") == "m2m":
            verb = "Added" if change.get("operation") == "add" else "Removed"
            changes.append(
                FieldChange(label, "", f"{verb}: {', '.join(map(str, change.get('objects', [])))}")
            )
        elif isinstance(change, list | tuple) and len(change) == 2:
            # A creation has no "before" worth showing.
            old = "" if entry.action == LogEntry.Action.CREATE else display_value(field, change[0])
            changes.append(FieldChange(label, old, display_value(field, change[1])))
    return changes


def _is_noise(field) -> bool:
    # auditlog's creation diff also lists the record's own id and reverse relations
    # ("accounts.User.None"), which say nothing to a reader.
    return isinstance(field, ForeignObjectRel) or bool(field is not None and field.primary_key)


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def display_value(field, value) -> str:
    """A stored change value as people read it: choices by label, yes/no, local dates."""
    if value is None or value in ("None", ""):
        return EMPTY
    value = str(value)
    if field is not None and getattr(field, "choices", None):
        return str({str(key): label for key, label in field.flatchoices}.get(value, value))
    if isinstance(field, models.BooleanField):
        return {"True": "Yes", "False": "No"}.get(value, value)
    if isinstance(field, models.DateTimeField):
        return _format_datetime(value)
    if isinstance(field, models.DateField):
        return _format_date(value)
    return value


def _format_datetime(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j M Y, H:i")


def _format_date(value: str) -> str:
    try:
        return formats.date_format(date.fromisoformat(value), "j M Y")
    except ValueError:
        return value
