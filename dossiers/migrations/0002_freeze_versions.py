"""Refuse, in the database itself, any change to a submitted dossier version or its enclosures.

Decree 356/2025 Art. 18(4), 19(4): the dossier filed with the agency is the original; what was sent
never changes, the next change makes a new version. dossiers.services never updates a version;
these triggers make the same refusal hold for the admin, the shell and raw SQL.
"""

from django.db import migrations

TABLES = ("dossiers_dossierversion", "dossiers_versionenclosure")

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION dossiers_refuse_version_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'a submitted dossier version is frozen: % on % refused (Decree 356/2025 Art. 18(4), 19(4))', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
"""
PG_TRIGGER = """
CREATE TRIGGER {table}_frozen
  BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION dossiers_refuse_version_change();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_frozen_{op}
BEFORE {OP} ON {table}
BEGIN
  SELECT RAISE(ABORT, 'a submitted dossier version is frozen (Decree 356/2025 Art. 18(4), 19(4))');
END;
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(PG_TRIGGER.format(table=table), params=None)
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(
                    SQLITE_TRIGGER.format(table=table, op=op, OP=op.upper()), params=None
                )


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS dossiers_refuse_version_change();", params=None)
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_frozen_{op};", params=None)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
