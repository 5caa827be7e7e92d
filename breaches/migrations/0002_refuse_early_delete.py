"""Refuse, in the database itself, deleting a breach before its retention period has ended.

Decree 356/2025 Art. 29(1)(c): the violation record is kept at least the breach.keep_record
period from full remediation. breaches.services.breach_delete checks it; this trigger makes the
same refusal hold for the admin, the shell and raw SQL ("by anyone").
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION breaches_refuse_early_delete() RETURNS trigger AS $$
BEGIN
  IF OLD.retain_until IS NULL OR OLD.retain_until >= now() THEN
    RAISE EXCEPTION 'breach % must be kept until the end of its retention period (Decree 356/2025 Art. 29(1)(c))', OLD.reference
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER breaches_breach_refuse_early_delete
  BEFORE DELETE ON breaches_breach
  FOR EACH ROW EXECUTE FUNCTION breaches_refuse_early_delete();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS breaches_breach_refuse_early_delete ON breaches_breach;
DROP FUNCTION IF EXISTS breaches_refuse_early_delete();
"""
SQLITE_UP = """
CREATE TRIGGER breaches_breach_refuse_early_delete
BEFORE DELETE ON breaches_breach
WHEN OLD.retain_until IS NULL OR OLD.retain_until >= strftime('%Y-%m-%d %H:%M:%f', 'now')
BEGIN
  SELECT RAISE(ABORT, 'breach must be kept until the end of its retention period (Decree 356/2025 Art. 29(1)(c))');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS breaches_breach_refuse_early_delete;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP, params=None)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN, params=None)


class Migration(migrations.Migration):
    dependencies = [("breaches", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
