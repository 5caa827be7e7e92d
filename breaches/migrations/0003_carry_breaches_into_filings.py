"""Every breach notification already sent becomes a filing, with its timeline."""

from django.db import migrations

from pdp_portal.filings import backfill

STATUS = {
    "received": "submitted",
    "supplemented": "submitted",
    "acknowledged": "under_review",
    "info_requested": "awaiting_organisation",
    "closed": "closed",
}
REVIEW_EVENT = {"acknowledge": "reviewed", "request_info": "more_requested", "close": "closed"}
SUBMISSION_LABEL = {"initial": "Thông báo lần đầu", "supplement": "Thông báo bổ sung"}
REVIEW_LABEL = {
    "acknowledge": "Xác nhận đã nhận",
    "request_info": "Yêu cầu bổ sung thông tin",
    "close": "Kết thúc xem xét",
}


def forwards(apps, schema_editor):
    Breach = apps.get_model("breaches", "Breach")
    ct = backfill.content_type(apps, "breaches", "breach")
    breaches = Breach.objects.filter(submitted_at__isnull=False).exclude(review_status="")
    for breach in breaches.iterator():
        events = []
        last = breach.submitted_at
        for s in breach.submissions.defer("pdf", "snapshot").order_by("version"):
            last = max(last, s.submitted_at)
            kind = (
                "submitted" if s.version == 1 else "answered" if s.answers_request_id else "version"
            )
            events.append(
                {
                    "source": f"breaches.breachsubmission:{s.pk}",
                    "kind": kind,
                    "at": s.submitted_at,
                    "message": SUBMISSION_LABEL[s.kind],
                    "params": {},
                    "actor_id": s.submitted_by_id,
                    "version": s.version,
                    "note": s.note,
                }
            )
        for e in breach.review_events.all():
            events.append(
                {
                    "source": f"breaches.breachreviewevent:{e.pk}",
                    "kind": REVIEW_EVENT[e.kind],
                    "at": e.created_at,
                    "message": REVIEW_LABEL[e.kind],
                    "params": {},
                    "actor_id": e.actor_id,
                    "note": e.message,
                }
            )
        _agency, organisation = backfill.due_dates(
            apps, [(ct, breach.pk)], (), ("breach.notify_agency", "breach.notify_subjects")
        )
        backfill.write(
            apps,
            ct=ct,
            object_id=breach.pk,
            values={
                "organization_id": breach.organization_id,
                "kind": "breach",
                "reference": breach.reference[:60],
                "title_message": "%(text)s",
                "title_params": {"text": breach.summary[:200]},
                "status": STATUS[breach.review_status],
                "app_status": breach.review_status,
                "first_submitted_at": breach.submitted_at,
                "last_submitted_at": last,
                "agency_due_at": None,
                "organisation_due_at": organisation,
            },
            events=events,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("breaches", "0002_refuse_early_delete"),
        ("filings", "0001_initial"),
        ("clock", "0004_year_status_unsettled_days_label_keys"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
