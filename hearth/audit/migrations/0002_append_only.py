"""Make the audit log append-only in the database itself, on SQLite and PostgreSQL.

Row triggers refuse UPDATE and DELETE unless the one-row table `audit_unlock` holds a row. That
table is not a Django model, so nothing in the application writes it; only someone with direct
database access could, and the keyed hash chain would still expose any change. The test suite
uses it to empty the table between transactional tests. TRUNCATE is left to privileges (the
application's role should not be granted it; docs/operations.md).
"""

from django.db import migrations

SQLITE = [
    "CREATE TABLE audit_unlock (id INTEGER PRIMARY KEY)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_unlock)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_auditentry
       WHEN NOT EXISTS (SELECT 1 FROM audit_unlock)
       BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
]
POSTGRES = [
    "CREATE TABLE audit_unlock (id INTEGER PRIMARY KEY)",
    """CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM audit_unlock) THEN
           RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
         END IF;
         RAISE EXCEPTION 'audit log is append-only';
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
       FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
