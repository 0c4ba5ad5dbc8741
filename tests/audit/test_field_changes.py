import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from cscp.accounts.models import Agency, AllowedDomain, User
from cscp.audit.history import EMPTY, display_value, field_changes

pytestmark = pytest.mark.django_db


def _field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    ("value", "shown"),
    [("None", EMPTY), (None, EMPTY), ("", EMPTY), ("police", "Police"), ("unknown", "unknown")],
)
def test_it_shows_choices_by_label(value, shown):
    assert display_value(_field(Agency, "kind"), value) == shown


@pytest.mark.parametrize(("value", "shown"), [("True", "Yes"), ("False", "No")])
def test_it_shows_booleans_as_yes_or_no(value, shown):
    assert display_value(_field(Agency, "is_active"), value) == shown


def test_it_shows_datetimes_in_local_time():
    # 12:30 UTC in June is 13:30 in London.
    assert (
        display_value(_field(AllowedDomain, "created_at"), "2026-06-01 12:30:00+00:00") == "1 Jun 2026, 13:30"
    )


def test_it_leaves_unparseable_dates_alone():
    assert display_value(_field(AllowedDomain, "created_at"), "yesterday") == "yesterday"


def test_it_shows_a_foreign_key_as_the_id_it_held():
    assert display_value(_field(AllowedDomain, "agency"), "12") == "12"


def _entry(model, action, changes):
    return LogEntry(content_type=ContentType.objects.get_for_model(model), action=action, changes=changes)


def test_it_labels_fields_by_verbose_name():
    entry = _entry(Agency, LogEntry.Action.UPDATE, {"is_statutory_partner": ["False", "True"]})
    (change,) = field_changes(entry)
    assert (change.field, change.old, change.new) == ("Is statutory partner", "No", "Yes")


def test_it_leaves_out_the_old_value_of_a_creation():
    entry = _entry(Agency, LogEntry.Action.CREATE, {"name": ["None", "Croydon Council"]})
    (change,) = field_changes(entry)
    assert (change.old, change.new) == ("", "Croydon Council")


def test_it_never_includes_a_password():
    entry = _entry(User, LogEntry.Action.UPDATE, {"password": ["a", "b"], "full_name": ["A", "B"]})
    assert [c.field for c in field_changes(entry)] == ["Full name"]


def test_it_describes_many_to_many_changes():
    changes = {"groups": {"type": "m2m", "operation": "delete", "objects": ["member", "coordinator"]}}
    (change,) = field_changes(_entry(User, LogEntry.Action.UPDATE, changes))
    assert (change.field, change.old, change.new) == ("Groups", "", "Removed: member, coordinator")


def test_it_keeps_fields_the_model_no_longer_has():
    (change,) = field_changes(_entry(Agency, LogEntry.Action.UPDATE, {"old_field": ["1", "2"]}))
    assert (change.field, change.old, change.new) == ("Old field", "1", "2")


def test_it_leaves_out_the_id_and_reverse_relations():
    changes = {
        "id": ["None", "3"],
        "users": ["None", "accounts.User.None"],
        "name": ["None", "Croydon Council"],
    }
    assert [c.field for c in field_changes(_entry(Agency, LogEntry.Action.CREATE, changes))] == ["Name"]
