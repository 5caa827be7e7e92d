"""Fewer indexes on audit events: each one costs every append one more index insert.

Dropped: the pattern index on action (only equality is asked), the indexes on actor (nothing
looks events up by actor) and on organization alone (audit_org_recent starts with it). The
unique index on seq and audit_org_seq hold sealed events only: an append, whose seq is still
NULL, skips them; the sealer's update adds each event as it gives it its position.

On SQLite, altering a column rebuilds the table, which drops its triggers: the append-only
triggers of 0004 are created again after (and again after the reversed alterations).
"""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ledger = importlib.import_module("pdp_portal.audit.migrations.0004_ledger")


def sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in ledger.SQLITE:
            if " ON audit_auditevent\n" in statement:
                schema_editor.execute(
                    statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1),
                    params=None,
                )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_ledger'),
        ('organizations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Unapplied last: after the reversed alterations rebuilt the table on SQLite.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers),
        migrations.RemoveIndex(
            model_name='auditevent',
            name='audit_org_seq',
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(max_length=80, verbose_name='hành động'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='actor',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='organization',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organizations.organization'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='seq',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='vị trí trong nhật ký'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(condition=models.Q(('seq__isnull', False)), fields=['organization', 'seq'], name='audit_org_seq'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['action'], name='audit_action'),
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(condition=models.Q(('seq__isnull', False)), fields=('seq',), name='audit_seq_unique'),
        ),
        migrations.RunPython(sqlite_triggers, migrations.RunPython.noop),
    ]
