"""Consent records, their decisions and the published receipt keys are append-only; a published
notice and its purposes are frozen (Decree 356/2025 Art. 6(2): the controller keeps the proof).

Triggers refuse UPDATE and DELETE of records, decisions and receipt keys, any change of a
published notice, and any change of a published notice's purposes except the register's deletion
of their activity (which flags the notice; the purpose keeps the data types it named).
"""

from django.db import migrations

FROZEN = ("consents_consentrecord", "consents_consentdecision", "consents_receiptkey")
PURPOSE_CONTENT = (
    "notice_id", "code", "label_vi", "label_en", "basic_data_types", "sensitive_data_types",
    "marketing", "discloses_private_life", "position",
)
MESSAGE = "consent records are append-only"

PG = f"""
CREATE OR REPLACE FUNCTION consents_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION consents_notice_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION '{MESSAGE}: % of a published notice refused', TG_OP
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION consents_purpose_guard() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM consents_notice WHERE id = OLD.notice_id AND status = 'published')
     AND (TG_OP = 'DELETE'
          OR ({", ".join("NEW." + c for c in PURPOSE_CONTENT)})
             IS DISTINCT FROM ({", ".join("OLD." + c for c in PURPOSE_CONTENT)})) THEN
    RAISE EXCEPTION '{MESSAGE}: % of a published purpose refused', TG_OP
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER consents_notice_frozen BEFORE UPDATE OR DELETE ON consents_notice
  FOR EACH ROW EXECUTE FUNCTION consents_notice_guard();
CREATE TRIGGER consents_purpose_frozen BEFORE UPDATE OR DELETE ON consents_purpose
  FOR EACH ROW EXECUTE FUNCTION consents_purpose_guard();
""" + "".join(
    f"""CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
  FOR EACH ROW EXECUTE FUNCTION consents_refuse_change();
"""
    for t in FROZEN
)

_PUBLISHED = "EXISTS (SELECT 1 FROM consents_notice WHERE id = OLD.notice_id AND status = 'published')"
SQLITE = [
    f"""CREATE TRIGGER {t}_no_{op} BEFORE {op.upper()} ON {t}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op.upper()} refused'); END;"""
    for t in FROZEN
    for op in ("update", "delete")
] + [
    f"""CREATE TRIGGER consents_notice_no_{op} BEFORE {op.upper()} ON consents_notice
WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op.upper()} of a published notice refused'); END;"""
    for op in ("update", "delete")
] + [
    f"""CREATE TRIGGER consents_purpose_no_delete BEFORE DELETE ON consents_purpose
WHEN {_PUBLISHED}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE of a published purpose refused'); END;""",
    f"""CREATE TRIGGER consents_purpose_no_update BEFORE UPDATE ON consents_purpose
WHEN {_PUBLISHED} AND ({" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in PURPOSE_CONTENT)})
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE of a published purpose refused'); END;""",
]
SQLITE_NAMES = [f"{t}_no_{op}" for t in FROZEN for op in ("update", "delete")] + [
    "consents_notice_no_update", "consents_notice_no_delete",
    "consents_purpose_no_update", "consents_purpose_no_delete",
]


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement, params=None)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for t in (*FROZEN, "consents_notice", "consents_purpose"):
            for name in (f"{t}_append_only", "consents_notice_frozen", "consents_purpose_frozen"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {t};", params=None)
        for fn in ("consents_refuse_change", "consents_notice_guard", "consents_purpose_guard"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {fn}();", params=None)
    elif vendor == "sqlite":
        for name in SQLITE_NAMES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};", params=None)


class Migration(migrations.Migration):

    dependencies = [("consents", "0001_initial")]

    operations = [migrations.RunPython(up, down)]
