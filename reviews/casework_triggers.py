"""The database triggers that move CaseworkVersion on whenever a casework row changes.

PostgreSQL: a deferred constraint trigger on each table, so the counter is moved on as the
transaction commits, not when the row is written. Taking the counter's row lock at the end
means two transactions can never each hold a row the other wants while waiting for the counter
(no deadlock), and a writer's transaction holds the lock only for its commit. A reader sees the
new counter only together with the committed change; a reader that saw the old counter may have
read the new rows, and caches them under a counter nobody will ask for again, which is harmless.
Every row changed fires the trigger at commit; only the first in each statement (the COMMIT, or
a statement while triggers fire at once: `SET CONSTRAINTS ... IMMEDIATE`, which the test suite
uses inside its never-committed transactions) moves the counter, so a bulk insert of thousands
of rows moves it once.

SQLite (the embedded default): plain AFTER triggers. SQLite runs one writer at a time and
readers see the counter with the change when it commits.

The counter row is upserted, so it comes back if it is ever deleted (a test flush).

Migrations: PostgreSQL will not build an index on a table with deferred trigger events pending,
so a migration that writes rows and then indexes the same table fires them first (reviews 0009);
SQLite drops a table's triggers when a migration rebuilds it, and post_migrate installs any
missing (reviews/apps.py)."""

TRIGGER = "cscp_casework_version"
FUNCTION = "cscp_move_casework_version"
VERSION_TABLE = "reviews_caseworkversion"

# What the cached pages may show or filter by: every table of these apps, and these others.
APPS = ("referrals", "reviews")
OTHER_TABLES = ("accounts_agency", "accounts_user", "accounts_user_groups", "auth_group")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cscp_move_casework_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    marker text := pg_current_xact_id()::text || '@' || statement_timestamp()::text;
BEGIN
    IF current_setting('cscp.casework_moved', true) IS NOT DISTINCT FROM marker THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('cscp.casework_moved', marker, true);
    INSERT INTO reviews_caseworkversion (id, version, changed_at) VALUES (1, 1, clock_timestamp())
    ON CONFLICT (id) DO UPDATE
        SET version = reviews_caseworkversion.version + 1, changed_at = EXCLUDED.changed_at;
    RETURN NULL;
END
$$;
"""

_SQLITE_MOVE = (
    "INSERT INTO reviews_caseworkversion (id, version, changed_at) "
    "VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now')) "
    "ON CONFLICT (id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;"
)
_SQLITE_EVENTS = ("insert", "update", "delete")


def casework_tables(apps) -> list[str]:
    """The tables to watch, from the app registry `apps` (a migration's historical one, or the
    live one): every concrete model's table and many-to-many table in APPS, and OTHER_TABLES."""
    tables = set(OTHER_TABLES)
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy and model._meta.db_table != VERSION_TABLE:
                tables.add(model._meta.db_table)
    return sorted(tables)


def install(connection, tables) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
                )
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in _SQLITE_EVENTS:
                    name = f"{TRIGGER}_{table}_{event}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event.upper()} ON "{table}" '
                        f"FOR EACH ROW BEGIN {_SQLITE_MOVE} END"
                    )
        else:
            raise NotImplementedError(f"No casework version triggers for {connection.vendor}")


def uninstall(connection, tables) -> None:
    """Drop the triggers from `tables` and from any other table that has one (post_migrate
    adds them to tables made after reviews 0007, which its historical models do not know)."""
    tables = sorted(set(tables) | tables_with_trigger(connection))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {connection.ops.quote_name(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
        elif connection.vendor == "sqlite":
            for table in tables:
                for event in _SQLITE_EVENTS:
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{TRIGGER}_{table}_{event}"')


def tables_with_trigger(connection) -> set[str]:
    """The tables the trigger is installed on now (for the tests and a check)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s",
                [TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        rows = cursor.fetchall()
    names = {name for _, name in rows}
    # A table counts only with all three (insert, update, delete).
    return {table for table, _ in rows if all(f"{TRIGGER}_{table}_{e}" in names for e in _SQLITE_EVENTS)}
