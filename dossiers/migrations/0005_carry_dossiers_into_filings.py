"""Every impact dossier already filed becomes a filing, with its timeline."""

from django.db import migrations

from pdp_portal.filings import backfill

STATUS = {
    "submitted": "submitted",
    "under_review": "under_review",
    "completion_requested": "awaiting_organisation",
    "accepted": "decided",
}
KIND_LABEL = {
    "processing": "Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân",
    "transfer": "Hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới",
}
VERSION_EVENT = {"initial": "submitted", "completion": "answered", "update": "version"}
VERSION_LABEL = {
    "initial": "Nộp lần đầu",
    "completion": "Hoàn thiện theo yêu cầu",
    "update": "Cập nhật hồ sơ (Mẫu 03a/03b)",
}
REVIEW_EVENT = {"assign": "assigned", "accept": "decided", "request_completion": "more_requested"}
REVIEW_LABEL = {
    "assign": "Phân công cán bộ xem xét",
    "accept": "Hồ sơ đạt yêu cầu",
    "request_completion": "Yêu cầu hoàn thiện hồ sơ",
}
ORGANISATION_RULES = ("dossier.complete", "dossier.update.periodic", "dossier.update.immediate")


def forwards(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    ct = backfill.content_type(apps, "dossiers", "dossier")
    version_ct = backfill.content_type(apps, "dossiers", "dossierversion")
    for dossier in Dossier.objects.filter(first_submitted_at__isnull=False).iterator():
        events = []
        latest = None
        versions = dossier.versions.only(
            "pk", "number", "kind", "submitted_at", "submitted_by_id"
        ).order_by("number")
        for v in versions:
            latest = v
            events.append(
                {
                    "source": f"dossiers.dossierversion:{v.pk}",
                    "kind": VERSION_EVENT[v.kind],
                    "at": v.submitted_at,
                    "message": VERSION_LABEL[v.kind],
                    "params": {},
                    "actor_id": v.submitted_by_id,
                    "version": v.number,
                }
            )
        for e in dossier.review_events.select_related("reviewer", "version"):
            message, params = REVIEW_LABEL[e.kind], {}
            if e.kind == "assign" and e.reviewer_id:
                message, params = "Phân công %(user)s xem xét", {"user": e.reviewer.username}
            events.append(
                {
                    "source": f"dossiers.reviewevent:{e.pk}",
                    "kind": REVIEW_EVENT[e.kind],
                    "at": e.created_at,
                    "message": message,
                    "params": params,
                    "actor_id": e.actor_id,
                    "version": e.version.number if e.version_id else None,
                    "note": e.reasons,
                }
            )
        subjects = [(ct, dossier.pk)] + ([(version_ct, latest.pk)] if latest else [])
        agency, organisation = backfill.due_dates(
            apps, subjects, ("dossier.review",), ORGANISATION_RULES
        )
        backfill.write(
            apps,
            ct=ct,
            object_id=dossier.pk,
            values={
                "organization_id": dossier.organization_id,
                "kind": "dossier",
                "reference": dossier.reference[:60],
                "title_message": KIND_LABEL[dossier.kind],
                "title_params": {},
                "status": STATUS[dossier.status],
                "app_status": dossier.status,
                "assignee_id": dossier.assigned_reviewer_id,
                "first_submitted_at": dossier.first_submitted_at,
                "last_submitted_at": dossier.last_filed_at or dossier.first_submitted_at,
                "agency_due_at": agency,
                "organisation_due_at": organisation,
            },
            events=events,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0004_domestic_transfers"),
        ("filings", "0001_initial"),
        ("clock", "0004_year_status_unsettled_days_label_keys"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
