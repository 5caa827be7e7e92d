"""The audit ledger: lock-free appends, sealed into a Merkle tree with signed checkpoints.

Events of the old chain keep their content (their summary text becomes a literal message) and
wait, unsealed, for the first run of the sealer, which gives them their positions in id order.
Triggers refuse UPDATE and DELETE of the ledger's tables, except the sealer's one update that
gives an unsealed event its position.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CONTENT = (
    "id", "created_at", "actor_id", "actor_label", "organization_id", "organization_ref",
    "action", "object_type", "object_id", "message", "params", "data",
)
FROZEN = ("audit_audittreenode", "audit_auditcheckpoint", "audit_signingkey")
MESSAGE = "the audit ledger is append-only"

PG = f"""
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION audit_event_guard() RETURNS trigger AS $$
BEGIN
  -- The one update allowed: the sealer gives an unsealed event its position and hashes.
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND ({", ".join("NEW." + c for c in CONTENT)})
         IS NOT DISTINCT FROM ({", ".join("OLD." + c for c in CONTENT)}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
""" + "".join(
    f"""CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t}
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
    for t in FROZEN
)

SQLITE = [
    f"""CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END;""",
    f"""CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT)}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END;""",
] + [
    f"""CREATE TRIGGER {t}_no_{op} BEFORE {op.upper()} ON {t}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {op.upper()} refused'); END;"""
    for t in FROZEN
    for op in ("update", "delete")
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
        for t in ("audit_auditevent", *FROZEN):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_event_guard();", params=None)
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change();", params=None)
    elif vendor == "sqlite":
        names = ["audit_auditevent_no_delete", "audit_auditevent_no_update"] + [
            f"{t}_no_{op}" for t in FROZEN for op in ("update", "delete")
        ]
        for name in names:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0003_head"),
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name="AuditHead"),
        migrations.RenameField(model_name="auditevent", old_name="summary", new_name="message"),
        migrations.AlterField(
            model_name="auditevent",
            name="message",
            field=models.TextField(verbose_name="nội dung"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                blank=True, null=True, unique=True, verbose_name="vị trí trong nhật ký"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="leaf_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="chain_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.organization",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["organization", "seq"], name="audit_org_seq"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)), fields=["id"], name="audit_unsealed"
            ),
        ),
        migrations.CreateModel(
            name="AuditTreeNode",
            fields=[
                ("pk", models.CompositePrimaryKey("level", "number", blank=True, editable=False, primary_key=True, serialize=False)),
                ("level", models.PositiveSmallIntegerField()),
                ("number", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
            ],
            options={"verbose_name": "nút cây Merkle"},
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.BigIntegerField(verbose_name="số sự kiện")),
                ("root_hash", models.CharField(max_length=64, verbose_name="gốc Merkle")),
                ("chain_hash", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(db_index=True, verbose_name="thời điểm")),
                ("key_id", models.CharField(max_length=64)),
                ("signature", models.TextField()),
            ],
            options={
                "verbose_name": "điểm kiểm tra nhật ký",
                "verbose_name_plural": "điểm kiểm tra nhật ký",
                "ordering": ["-tree_size"],
                "constraints": [
                    models.UniqueConstraint(fields=("tree_size",), name="audit_checkpoint_one_per_size")
                ],
            },
        ),
        migrations.CreateModel(
            name="AuditLogState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.BigIntegerField(default=0)),
                ("chain_hash", models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64)),
                ("sealed_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "trạng thái niêm phong nhật ký",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("pk", 1)), name="audit_state_single_row")
                ],
            },
        ),
        migrations.CreateModel(
            name="SigningKey",
            fields=[
                ("kid", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("public_jwk", models.JSONField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"verbose_name": "khóa ký"},
        ),
        migrations.RunPython(up, down),
    ]
