"""Every certificate application and Form 06 request already filed becomes a filing."""

from django.db import migrations

from pdp_portal.filings import backfill

APPLICATION_STATUS = {
    "submitted": "submitted",
    "under_review": "under_review",
    "supplement_requested": "awaiting_organisation",
    "granted": "decided",
    "refused": "decided",
    "withdrawn": "closed",
}
APPLICATION_EVENT = {
    "submit": "submitted",
    "request_supplement": "more_requested",
    "supplement": "answered",
    "complete": "reviewed",
    "grant": "decided",
    "refuse": "decided",
    "withdraw": "closed",
}
EVENT_LABEL = {
    "submit": "Nộp hồ sơ",
    "request_supplement": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "supplement": "Nộp hồ sơ bổ sung",
    "complete": "Xác nhận hồ sơ đầy đủ, hợp lệ",
    "grant": "Cấp giấy chứng nhận",
    "refuse": "Không cấp giấy chứng nhận",
    "withdraw": "Rút hồ sơ",
}
CHANGE_STATUS = {"submitted": "submitted", "granted": "decided", "refused": "decided"}
CHANGE_KIND_LABEL = {
    "reissue": "Cấp lại (mất, hỏng bản giấy)",
    "replace": "Cấp đổi (sai thông tin, thay đổi nội dung)",
}
CHANGE_STATUS_LABEL = {"granted": "Đã cấp", "refused": "Không cấp"}


def applications(apps):
    Application = apps.get_model("certification", "Application")
    ct = backfill.content_type(apps, "certification", "application")
    for a in Application.objects.filter(submitted_at__isnull=False).iterator():
        events = [
            {
                "source": f"certification.applicationevent:{e.pk}",
                "kind": APPLICATION_EVENT[e.kind],
                "at": e.created_at,
                "message": e.system_message or EVENT_LABEL[e.kind],
                "params": e.system_params if e.system_message else {},
                "actor_id": e.actor_id,
                "note": e.message,
            }
            for e in a.events.all()
        ]
        agency, organisation = backfill.due_dates(
            apps,
            [(ct, a.pk)],
            ("certificate.check", "certificate.decide"),
            ("certificate.supplement",),
        )
        backfill.write(
            apps,
            ct=ct,
            object_id=a.pk,
            values={
                "organization_id": a.organization_id,
                "kind": "application",
                "reference": a.reference[:60],
                "title_message": "Đơn đề nghị cấp giấy chứng nhận (Mẫu số 04)",
                "title_params": {},
                "status": APPLICATION_STATUS[a.status],
                "app_status": a.status,
                "first_submitted_at": a.submitted_at,
                "last_submitted_at": a.last_submitted_at or a.submitted_at,
                "agency_due_at": agency,
                "organisation_due_at": organisation,
            },
            events=events,
        )


def changes(apps):
    ChangeRequest = apps.get_model("certification", "ChangeRequest")
    ct = backfill.content_type(apps, "certification", "changerequest")
    for c in ChangeRequest.objects.select_related("certificate").defer("pdf").iterator():
        events = [
            {
                "source": f"certification.changerequest:{c.pk}:submitted",
                "kind": "submitted",
                "at": c.submitted_at,
                "message": CHANGE_KIND_LABEL[c.kind],
                "params": {},
                "actor_id": c.submitted_by_id,
                "note": c.reason,
            }
        ]
        if c.decided_at and c.status != "submitted":
            events.append(
                {
                    "source": f"certification.changerequest:{c.pk}:decided",
                    "kind": "decided",
                    "at": c.decided_at,
                    "message": CHANGE_STATUS_LABEL[c.status],
                    "params": {},
                    "note": c.decision_reason,
                }
            )
        agency, _organisation = backfill.due_dates(
            apps, [(ct, c.pk)], ("certificate.reissue", "certificate.replace"), ()
        )
        backfill.write(
            apps,
            ct=ct,
            object_id=c.pk,
            values={
                "organization_id": c.certificate.organization_id,
                "kind": "certificate_change",
                "reference": f"{c.certificate.number}/{c.pk}"[:60],
                "title_message": "%(kind)s: %(number)s",
                "title_params": {
                    "kind": {"message": CHANGE_KIND_LABEL[c.kind]},
                    "number": c.certificate.number,
                },
                "status": CHANGE_STATUS[c.status],
                "app_status": c.status,
                "first_submitted_at": c.submitted_at,
                "last_submitted_at": c.submitted_at,
                "agency_due_at": agency,
                "organisation_due_at": None,
            },
            events=events,
        )


def forwards(apps, schema_editor):
    applications(apps)
    changes(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0002_reader_language_messages"),
        ("filings", "0001_initial"),
        ("clock", "0004_year_status_unsettled_days_label_keys"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
