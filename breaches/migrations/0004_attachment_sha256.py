"""Each breach attachment records the SHA-256 of its file, as the dossier and certification
enclosures do. Attachments uploaded before get the hash of the file as stored now; one whose file
is missing keeps an empty hash (and is not served: nothing can show it is the file uploaded)."""

from django.db import migrations, models


def hash_stored_files(apps, schema_editor):
    from pdp_portal.uploads import sha256_of

    BreachAttachment = apps.get_model("breaches", "BreachAttachment")
    for attachment in BreachAttachment.objects.filter(sha256="").iterator(chunk_size=500):
        try:
            with attachment.file.open("rb") as handle:
                attachment.sha256 = sha256_of(handle)
        except (FileNotFoundError, OSError):
            continue
        attachment.save(update_fields=["sha256"])


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0003_carry_breaches_into_filings"),
    ]

    operations = [
        migrations.AddField(
            model_name="breachattachment",
            name="sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(hash_stored_files, migrations.RunPython.noop),
    ]
