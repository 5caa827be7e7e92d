"""Receipts (page and PDF, in the subject's language) and the DPO's evidence export (JSON, PDF)."""

from __future__ import annotations

import base64
import datetime as dt
import json

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import inclusion_proofs, latest_checkpoint
from pdp_portal.clock.services import format_due
from pdp_portal.datatypes import basic_label, sensitive_label
from pdp_portal.organizations.letterhead import date_parts
from pdp_portal.pdf import render_pdf

from .models import CollectionPoint, ConsentRecord, Decision, Method

EXPORT_FORMAT = "pdp-portal/consent-evidence/v1"


def receipt_payload_of(record: ConsentRecord) -> dict:
    """Return what the stored receipt says (its signed payload)."""
    body = record.receipt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def labels(payload: dict) -> dict:
    """Return the receipt's method, collection point and decisions in words (active language)."""
    return {
        "method": str(Method(payload["method"]).label) if payload.get("method") else "",
        "collection_point": str(CollectionPoint(payload["collection_point"]).label),
        # Rendered now, in the language of the override around the call (lazy texts would not be).
        "decisions": [
            {
                **d,
                "decision_label": str(Decision(d["decision"]).label),
                "types_label": ", ".join(basic_label(c) for c in d.get("data_types", [])),
                "sensitive_label": ", ".join(
                    sensitive_label(c) for c in d.get("sensitive_data_types", [])
                ),
                # The period the notice stated ends the consent (Law 91/2025 Art. 9(4)(c)).
                "valid_until_label": (
                    format_due(dt.datetime.fromisoformat(d["valid_until"]))
                    if d.get("valid_until")
                    else ""
                ),
            }
            for d in payload["decisions"]
        ],
    }


def receipt_context(record: ConsentRecord, token: str = "", *, language: str | None = None):
    payload = receipt_payload_of(record)
    with translation.override(language or record.language):
        from datetime import datetime

        return {
            "record": record,
            "organization": record.organization,
            "payload": payload,
            "labels": labels(payload),
            "collected": format_due(datetime.fromisoformat(payload["collected_at"])),
            "token": token,
        }


def receipt_pdf(record: ConsentRecord) -> bytes:
    """Return the readable receipt as PDF, in the subject's language, with its signed text."""
    language = record.language if record.language in ("vi", "en") else "vi"
    with translation.override(language):
        context = receipt_context(record, language=language)
        today = timezone.localdate()
        context.update(
            {
                "issuer_name": record.organization.name,
                "document_number": str(record.uid)[:8].upper(),
                "place": "",
                "date_parts": date_parts(today),
                "table_class": "grid",
                "title": _("BIÊN NHẬN"),
                "subtitle": _("SỰ ĐỒNG Ý XỬ LÝ DỮ LIỆU CÁ NHÂN"),
                "recipients_list": [_("Chủ thể dữ liệu;"), _("Lưu: bên kiểm soát dữ liệu.")],
                "signer_title": _("Bên kiểm soát dữ liệu cá nhân"),
                "signer_note": _("(Ký số bằng khóa của tổ chức, xem chữ ký bên dưới)"),
                "signer_name": record.organization.name,
            }
        )
    return render_pdf("pdf/consents/receipt.html", context, language=language)


def receipt_filename(record: ConsentRecord) -> str:
    return f"bien-nhan-dong-y-{str(record.uid)[:8]}.pdf"


def evidence(record: ConsentRecord, history) -> dict:
    """Return the evidence of one record for a dispute (Decree 356/2025 Art. 6(2)).

    The notice as shown, the record and its evidence, the signed receipt, the subject's history,
    and the audit events with their inclusion proofs against the latest signed checkpoint.
    """
    events = list(
        AuditEvent.objects.filter(pk=record.audit_event_id)
        if record.audit_event_id
        else AuditEvent.objects.none()
    ) + list(
        AuditEvent.objects.filter(
            object_type=ConsentRecord._meta.label_lower, object_id=str(record.pk)
        ).order_by("id")
    )
    checkpoint = latest_checkpoint()
    proofs = inclusion_proofs(events, checkpoint)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "organization": {
            "name": record.organization.name,
            "tax_code": record.organization.tax_code,
        },
        "notice": {
            "version": record.notice.version,
            "content_hash": record.notice.content_hash,
            "published_at": record.notice.published_at.isoformat(timespec="seconds"),
            "as_shown": record.notice.snapshot,
        },
        "record": {
            "receipt_id": str(record.uid),
            "subject_key": record.subject_key,
            "method": record.method,
            "collection_point": record.collection_point,
            "collected_at": record.collected_at.isoformat(timespec="seconds"),
            "recorded_at": record.created_at.isoformat(timespec="seconds"),
            "language": record.language,
            "subject_age": record.subject_age,
            "capacity": record.capacity,
            "representative": record.representative,
            "source": record.source,
            "rights_request": record.rights_request_id,
            "decisions": [
                {"purpose": d.purpose.code, "decision": d.decision}
                for d in record.decisions.select_related("purpose")
            ],
        },
        "evidence": {**record.evidence, "file": record.evidence_file.name or None},
        "receipt": {"jws": record.receipt, "kid": record.receipt_kid},
        "history": [
            {
                "receipt_id": str(d.record.uid),
                "collected_at": d.record.collected_at.isoformat(timespec="seconds"),
                "notice_version": d.record.notice.version,
                "purpose": d.purpose.code,
                "decision": d.decision,
            }
            for d in history
        ],
        "audit": [
            {
                "id": event.pk,
                "action": event.action,
                "created_at": event.created_at.isoformat(timespec="seconds"),
                "data": event.data,
                "proof": proofs.get(event.pk),
            }
            for event in events
        ],
        "checkpoint": checkpoint.signature if checkpoint else None,
    }


def evidence_pdf(record: ConsentRecord, exported: dict) -> bytes:
    today = timezone.localdate()
    context = {
        "record": record,
        "e": exported,
        "payload": receipt_payload_of(record),
        "purposes": [
            {
                **p,
                "types_label": ", ".join(basic_label(c) for c in p["basic_data_types"]),
                "sensitive_label": ", ".join(sensitive_label(c) for c in p["sensitive_data_types"]),
            }
            for p in exported["notice"]["as_shown"]["purposes"]
        ],
        "issuer_name": record.organization.name,
        "document_number": str(record.uid)[:8].upper(),
        "date_parts": date_parts(today),
        "title": _("HỒ SƠ CHỨNG MINH SỰ ĐỒNG Ý"),
        "subtitle": _("Nghị định 356/2025 Điều 6 khoản 2"),
        "recipients_list": [_("Lưu: bên kiểm soát dữ liệu.")],
        "signer_title": _("Đầu mối bảo vệ dữ liệu cá nhân"),
        "signer_note": _("(Văn bản điện tử do hệ thống tạo, không cần chữ ký)"),
        "signer_name": "",
    }
    return render_pdf("pdf/consents/evidence.html", context)
