"""The audit log is append-only in the database too, not only in the ORM.

Both databases refuse an UPDATE of an audit row. PostgreSQL also refuses DELETE (TRUNCATE,
which test tear-down uses, stays possible for the database owner). SQLite gets no DELETE
trigger because Django's flush deletes rows one table at a time.
"""

from django.db import migrations

SQLITE = [
    (
        "CREATE TRIGGER core_auditlog_no_update BEFORE UPDATE ON core_auditlog "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        "DROP TRIGGER IF EXISTS core_auditlog_no_update;",
    ),
]

POSTGRESQL = [
    (
        """
        CREATE FUNCTION core_auditlog_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$;
        """,
        "DROP FUNCTION IF EXISTS core_auditlog_refuse();",
    ),
    (
        "CREATE TRIGGER core_auditlog_no_change BEFORE UPDATE OR DELETE ON core_auditlog "
        "FOR EACH ROW EXECUTE FUNCTION core_auditlog_refuse();",
        "DROP TRIGGER IF EXISTS core_auditlog_no_change ON core_auditlog;",
    ),
]


def statements(vendor: str) -> list[tuple[str, str]]:
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, [])


def forwards(apps, schema_editor):
    for create, _drop in statements(schema_editor.connection.vendor):
        schema_editor.execute(create)


def backwards(apps, schema_editor):
    for _create, drop in reversed(statements(schema_editor.connection.vendor)):
        schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_actor_protect")]
    operations = [migrations.RunPython(forwards, backwards)]
