"""The inspection bundle (Decree 356 Art. 31(5)): request, build, file.

The organisation asks once; a Celery task builds the ZIP through ``pdp_portal.filings.bundle``
(each app's section, the index PDF, SHA256SUMS), stores it with its SHA-256 and tells the
organisation; the organisation then files it with the inspection team.
"""

from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write, locked_row
from pdp_portal.filings.bundle import build_bundle
from pdp_portal.organizations.letterhead import date_parts
from pdp_portal.uploads import sha256_of
from pdp_portal.workflow import save_fields

from .models import BUNDLE_STATUSES, Bundle, BundleStatus, Inspection, InvalidTransition, Kind
from .services import (
    _agency_url,
    _lock,
    _org_people,
    _org_url,
    _team_people,
    _tell,
    _today,
    _user,
)

log = logging.getLogger(__name__)
SYSTEM_ACTOR = "inspections.bundle"


# --- the bundle (Decree 356 Art. 31(5)) ------------------------------------------------------------


def bundle_request(*, actor, inspection: Inspection) -> Bundle:
    """Queue the building of the bundle; a bundle already in the making is returned instead."""
    from .tasks import build_bundle_task

    with transaction.atomic():
        locked = _lock(inspection)
        if locked.status not in BUNDLE_STATUSES:
            raise InvalidTransition(
                _("Chỉ chuẩn bị hồ sơ khi cuộc kiểm tra đã được thông báo và chưa kết thúc.")
            )
        making = locked.bundles.filter(
            status__in=(BundleStatus.QUEUED, BundleStatus.BUILDING)
        ).first()
        if making is not None:
            return making
        bundle = Bundle.objects.create(inspection=locked, requested_by=_user(actor))
        audit_record(
            actor=actor,
            action="inspection.bundle.request",
            message=gettext_noop("Chuẩn bị hồ sơ phục vụ kiểm tra %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"bundle": bundle.pk},
        )
        build_bundle_task.delay_on_commit(bundle.pk)
    return bundle


def _person_name(user) -> str:
    # A Vietnamese name reads family name first ("Nguyễn Thị Lan").
    if user is None:
        return ""
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _header(inspection: Inspection, bundle: Bundle) -> dict:
    today = _today()
    return {
        "title": _("MỤC LỤC HỒ SƠ PHỤC VỤ KIỂM TRA"),
        "subtitle": _("Bảo vệ dữ liệu cá nhân"),
        "issuer_name": inspection.organization.name,
        "document_number": inspection.reference,
        "place": "",
        "date_parts": date_parts(today),
        "recipient": _("Đoàn kiểm tra, Cơ quan chuyên trách bảo vệ dữ liệu cá nhân"),
        "signer_title": _("Người lập"),
        "recipients_list": [
            _("Đoàn kiểm tra (để kiểm tra)"),
            _("Lưu: bộ phận bảo vệ dữ liệu cá nhân của tổ chức"),
        ],
        "signer_name": _person_name(bundle.requested_by),
        "reference": inspection.reference,
        "kind": str(Kind(inspection.kind).label),
        "decision_number": inspection.decision_number,
        "decision_date": inspection.decision_date,
        "start_date": inspection.start_date,
        "contents": inspection.content_labels,
        "requirements": inspection.requirements,
    }


def bundle_build(*, bundle_id: int) -> Bundle | None:
    """Build the bundle's ZIP, store it with its SHA-256 and tell the organisation.

    Safe to run twice (acks_late): a bundle already finished is left as it is; one left in
    building by a worker that died is built again.
    """
    claimed = Bundle.objects.filter(
        pk=bundle_id, status__in=(BundleStatus.QUEUED, BundleStatus.BUILDING)
    ).update(status=BundleStatus.BUILDING, started_at=timezone.now(), progress=0, step="")
    if not claimed:
        return None
    bundle = Bundle.objects.select_related("inspection__organization", "requested_by").get(
        pk=bundle_id
    )
    inspection = bundle.inspection

    def progress(percent: int, step: str) -> None:
        Bundle.objects.filter(pk=bundle_id).update(progress=percent, step=step[:40])

    try:
        with tempfile.TemporaryFile() as tmp, translation.override("vi"):
            summary = build_bundle(
                tmp,
                organization=inspection.organization,
                period_start=inspection.period_start,
                period_end=inspection.period_end,
                contents=inspection.contents,
                header=_header(inspection, bundle),
                progress=progress,
            )
            size = tmp.tell()
            sha256 = sha256_of(tmp)
            with transaction.atomic():
                locked = Bundle.objects.select_for_update().get(pk=bundle_id)
                if locked.status != BundleStatus.BUILDING:
                    return locked
                locked.file.save(f"{inspection.reference}-{bundle_id}.zip", File(tmp), save=False)
                locked.status = BundleStatus.READY
                locked.progress = 100
                locked.step = ""
                locked.size = size
                locked.sha256 = sha256
                locked.summary = summary
                locked.finished_at = timezone.now()
                locked.save()
                audit_record(
                    actor=bundle.requested_by or SYSTEM_ACTOR,
                    action="inspection.bundle.ready",
                    message=gettext_noop(
                        "Hồ sơ phục vụ kiểm tra %(ref)s đã sẵn sàng, SHA-256 %(sha)s"
                    ),
                    params={"ref": inspection.reference, "sha": locked.sha256},
                    obj=inspection,
                    organization=inspection.organization,
                    data={"bundle": bundle_id, "size": size, "sha256": locked.sha256},
                )
                _tell(
                    _org_people(inspection.organization),
                    inspection=inspection,
                    key=f"inspection.bundle.ready:{bundle_id}",
                    title=gettext_noop("Hồ sơ phục vụ kiểm tra %(ref)s đã sẵn sàng"),
                    params={"ref": inspection.reference},
                    url=_org_url(inspection),
                )
            return locked
    except Exception as exc:
        log.exception("Inspection bundle %s failed", bundle_id)
        with transaction.atomic():
            Bundle.objects.filter(pk=bundle_id, status=BundleStatus.BUILDING).update(
                status=BundleStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
            )
            audit_record(
                actor=SYSTEM_ACTOR,
                action="inspection.bundle.failed",
                message=gettext_noop("Không tổng hợp được hồ sơ phục vụ kiểm tra %(ref)s"),
                params={"ref": inspection.reference},
                obj=inspection,
                organization=inspection.organization,
                data={"bundle": bundle_id, "error": str(exc)[:500]},
            )
        return Bundle.objects.get(pk=bundle_id)


def _lock_bundle(bundle: Bundle) -> Bundle:
    return locked_row(
        Bundle.objects.select_related("inspection__organization"), InvalidTransition, pk=bundle.pk
    )


def bundle_file(*, actor, bundle: Bundle) -> Bundle:
    """File the finished bundle with the inspection team (Decree 356 Art. 31(5))."""
    with locked_for_write(bundle, _lock_bundle) as locked:
        inspection = locked.inspection
        if locked.status != BundleStatus.READY or locked.filed_at is not None:
            raise InvalidTransition(_("Chỉ nộp được hồ sơ đã tổng hợp xong và chưa nộp."))
        if inspection.status not in BUNDLE_STATUSES:
            raise InvalidTransition(_("Cuộc kiểm tra không còn nhận hồ sơ."))
        save_fields(locked, filed_at=timezone.now(), filed_by=_user(actor))
        audit_record(
            actor=actor,
            action="inspection.bundle.file",
            message=gettext_noop(
                "Nộp hồ sơ phục vụ kiểm tra %(ref)s cho đoàn kiểm tra, SHA-256 %(sha)s"
            ),
            params={"ref": inspection.reference, "sha": locked.sha256},
            obj=inspection,
            organization=inspection.organization,
            data={"bundle": locked.pk, "sha256": locked.sha256},
        )
        _tell(
            _team_people(inspection),
            inspection=inspection,
            key=f"inspection.bundle.file:{locked.pk}",
            title=gettext_noop("%(org)s đã nộp hồ sơ phục vụ kiểm tra %(ref)s"),
            params={"org": inspection.organization.name, "ref": inspection.reference},
            url=_agency_url(inspection),
        )
    return bundle
