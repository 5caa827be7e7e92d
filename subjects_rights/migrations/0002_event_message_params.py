"""Timeline lines keep the portal's words as a message key and parameters (read in any language).

The channel of an entered or filed request and the legal ground of a refusal were stored as
finished text in the writer's language; they are rebuilt from the request itself.
"""

from django.db import migrations, models

from pdp_portal.messages import storable_params

CHANNEL = "Kênh tiếp nhận: %(channel)s"
GROUND = "Căn cứ: %(ground)s"


def to_keys(apps, schema_editor):
    from subjects_rights.models import Channel, RefusalGround

    RequestEvent = apps.get_model("subjects_rights", "RequestEvent")
    events = RequestEvent.objects.filter(
        kind__in=["entered", "filed", "refused"], message=""
    ).select_related("request")
    for event in events.iterator():
        request = event.request
        if event.kind == "refused":
            if request.refusal_ground not in RefusalGround.values:
                continue
            event.message = GROUND
            event.params = storable_params({"ground": RefusalGround(request.refusal_ground).label})
        else:
            event.message = CHANNEL
            event.params = storable_params({"channel": Channel(request.channel).label})
        event.note = ""
        event.save(update_fields=["message", "params", "note"])


class Migration(migrations.Migration):
    dependencies = [
        ("subjects_rights", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="requestevent",
            name="message",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="requestevent",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(to_keys, migrations.RunPython.noop),
    ]
