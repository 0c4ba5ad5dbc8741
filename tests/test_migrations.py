from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cscp.accounts.roles import Role


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"Models changed without a migration (run manage.py makemigrations):\n{out.getvalue()}")


def applied_accounts_migrations() -> set[str]:
    executor = MigrationExecutor(connection)
    return {name for app, name in executor.loader.applied_migrations if app == "accounts"}


@pytest.mark.django_db(transaction=True)
def test_the_role_groups_migration_reverses_and_reapplies():
    # No assertion on the starting rows: an earlier transactional test may have flushed them.
    call_command("migrate", "accounts", "0001", verbosity=0)
    assert applied_accounts_migrations() == {"0001_initial"}
    assert not Group.objects.filter(name__in=Role.values).exists()

    call_command("migrate", verbosity=0)
    assert "0002_role_groups" in applied_accounts_migrations()
    assert set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == set(Role.values)


@pytest.mark.django_db(transaction=True)
def test_the_casework_version_migration_reverses_and_reapplies():
    from django.apps import apps

    from reviews import casework_triggers

    call_command("migrate", "reviews", "0006", verbosity=0)
    assert casework_triggers.tables_with_trigger(connection) == set()

    call_command("migrate", verbosity=0)
    assert set(casework_triggers.casework_tables(apps)) <= casework_triggers.tables_with_trigger(connection)
