"""The texts the portal wrote on applications and certificates become message keys.

Rows written before keep reading as they are, except those whose text is exactly what the portal
wrote (in Vietnamese or English): they become the message key and its parameters.
"""

import re

from django.db import migrations, models
from django.utils import timezone, translation
from django.utils.translation import gettext

GRANTED = "Giấy chứng nhận số %(n)s"
REVOKED = "Giấy chứng nhận đã bị thu hồi."
NOTICE = (
    "Cơ quan chuyên trách bảo vệ dữ liệu cá nhân thông báo: Giấy chứng nhận đủ điều kiện kinh "
    "doanh dịch vụ xử lý dữ liệu cá nhân số %(n)s cấp cho %(org)s (mã số thuế %(tax)s) đã bị thu "
    "hồi từ ngày %(date)s theo điểm %(point)s khoản 1 Điều 27 Nghị định số 356/2025/NĐ-CP."
)
POINTS = {"conditions": "a", "inactive": "b", "dissolved": "c", "unremedied": "d", "requested": "đ"}
NUMBER = re.compile(r"GCN-\d+-\d+")


def _written(message: str, params: dict | None = None) -> set[str]:
    """Return ``message`` as the portal wrote it in each of its languages."""
    texts = set()
    for language in ("vi", "en"):
        with translation.override(language):
            text = gettext(message)
            texts.add(text % params if params else text)
    return texts


def to_keys(apps, schema_editor):
    ApplicationEvent = apps.get_model("certification", "ApplicationEvent")
    ChangeRequest = apps.get_model("certification", "ChangeRequest")
    Certificate = apps.get_model("certification", "Certificate")
    for event in ApplicationEvent.objects.filter(kind="grant", system_message=""):
        found = NUMBER.search(event.message)
        if found and event.message in _written(GRANTED, {"n": found.group()}):
            event.system_message = GRANTED
            event.system_params = {"n": found.group()}
            event.message = ""
            event.save(update_fields=["system_message", "system_params", "message"])
    ChangeRequest.objects.filter(decision_reason__in=_written(REVOKED)).update(
        decision_message=REVOKED, decision_reason=""
    )
    for certificate in Certificate.objects.filter(status="revoked").exclude(revocation_notice=""):
        point = POINTS.get(certificate.revocation_ground, "?")
        params = {
            "n": certificate.number,
            "org": certificate.holder_name,
            "tax": certificate.holder_tax_code,
            "date": timezone.localtime(certificate.revoked_at).strftime("%d/%m/%Y"),
        }
        if certificate.revocation_notice in _written(NOTICE, {**params, "point": point}):
            certificate.revocation_notice_message = NOTICE
            certificate.revocation_notice_params = {
                **params,
                "point": {"message": point} if point == "đ" else point,
            }
            certificate.revocation_notice = ""
            certificate.save(
                update_fields=[
                    "revocation_notice",
                    "revocation_notice_message",
                    "revocation_notice_params",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationevent",
            name="system_message",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="applicationevent",
            name="system_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="certificate",
            name="revocation_notice_message",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="certificate",
            name="revocation_notice_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="changerequest",
            name="decision_message",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(to_keys, migrations.RunPython.noop),
    ]
