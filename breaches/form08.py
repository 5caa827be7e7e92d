"""Form 08, the notification of a violation to the agency (Decree 356/2025 Art. 28(1)).

What is still missing before it can be sent, its snapshot (frozen at submission), the text
helpers that word the time and volume of the violation, its template context and PDF (draft or
filed), and the written record of the violation (Law 91/2025 Art. 23(2)).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pdp_portal.organizations.letterhead import date_parts, default_place, primary_contact
from pdp_portal.pdf import render_pdf

from .models import (
    Breach,
)
from .workflow import breach_deadlines

# --- Form 08 -----------------------------------------------------------------------------------


def missing_for_submission(breach: Breach) -> list[str]:
    """Return the Decree 356 Art. 28(1) contents still missing before Form 08 can be sent."""
    missing = []
    checks = [
        (breach.location.strip(), _("địa điểm")),
        (breach.acts.strip(), _("hành vi vi phạm")),
        (
            breach.basic_data_types
            or breach.sensitive_data_types
            or breach.data_description.strip(),
            _("các loại dữ liệu cá nhân"),
        ),
        (
            breach.subject_count is not None or breach.record_count is not None,
            _("số lượng dữ liệu"),
        ),
        (breach.consequences.strip(), _("hậu quả, thiệt hại có thể xảy ra")),
        (breach.measures_taken.strip(), _("biện pháp áp dụng")),
    ]
    for ok, label in checks:
        if not ok:
            missing.append(str(label))
    if primary_contact(breach.organization) is None:
        missing.append(
            str(_("đầu mối bảo vệ dữ liệu cá nhân của tổ chức (Điều 28 khoản 1 điểm b)"))
        )
    return missing


def _local(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _time_text(occurred_from, occurred_until, discovered_at) -> str:
    parts = []
    if occurred_from and occurred_until:
        parts.append(
            _("từ %(start)s đến %(end)s")
            % {"start": _local(occurred_from), "end": _local(occurred_until)}
        )
    elif occurred_from:
        parts.append(_("từ %(start)s") % {"start": _local(occurred_from)})
    parts.append(_("phát hiện lúc %(at)s") % {"at": _local(discovered_at)})
    return "; ".join(str(p) for p in parts) + " " + str(_("(giờ Việt Nam)"))


def _volume_text(record_count: int | None, subject_count: int | None) -> str:
    parts = []
    if record_count is not None:
        parts.append(
            ngettext("%(n)s bản ghi", "%(n)s bản ghi", record_count)
            % {"n": f"{record_count:,}".replace(",", ".")}
        )
    if subject_count is not None:
        parts.append(
            ngettext("%(n)s chủ thể dữ liệu", "%(n)s chủ thể dữ liệu", subject_count)
            % {"n": f"{subject_count:,}".replace(",", ".")}
        )
    return ", ".join(str(p) for p in parts)


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def submission_facts(snapshot: dict) -> dict:
    """Return the time, data types and volume of a filed Form 08, in the reader's language.

    The snapshot is the document as filed, frozen in Vietnamese like its PDF; a page reads its
    facts again from the plain values. Its data-type labels were written in Vietnamese, so they
    are the catalogue's message keys. A snapshot filed before the occurrence times were kept in
    it shows its frozen time text.
    """
    v = snapshot["violation"]
    if "occurred_from" in v:
        time = _time_text(
            _instant(v["occurred_from"]),
            _instant(v["occurred_until"]),
            _instant(v["discovered_at"]),
        )
    else:
        time = v["time"]
    return {
        "time": time,
        "data_types": [_(label) for label in v["data_types"]],
        "volume": _volume_text(v.get("record_count"), v.get("subject_count")),
    }


def form08_snapshot(
    breach: Breach,
    *,
    document_number: str = "",
    place: str = "",
    at: dt.datetime | None = None,
    version: int | None = None,
    kind: str = "",
    late_reason: str = "",
    note: str = "",
    signer_name: str = "",
    language: str = "vi",
) -> dict:
    """Return the Form 08 content of ``breach`` as plain data (what a submission freezes)."""
    # The labels (data types, severity, times) in the document's language, not the reader's.
    with translation.override(language):
        return _form08_data(
            breach,
            document_number=document_number,
            place=place,
            at=at,
            version=version,
            kind=kind,
            late_reason=late_reason,
            note=note,
            signer_name=signer_name,
        )


def _form08_data(breach: Breach, *, at, **fields) -> dict:
    org = breach.organization
    contact = primary_contact(org)
    data_types = breach.basic_data_labels() + breach.sensitive_data_labels()
    local = timezone.localtime(at) if at else None
    return {
        "form_code": _("Mẫu số 08"),
        "reference": breach.reference,
        "document_number": fields["document_number"],
        "place": fields["place"],
        "date": local.date().isoformat() if local else "",
        "version": fields["version"],
        "kind": fields["kind"],
        "organization": {
            "name": org.name,
            "name_foreign": org.name_foreign,
            "head_office": org.head_office,
            "registration_document": org.registration_document,
            "tax_code": org.tax_code,
            "phone": org.phone,
            "website": org.website,
            "email": org.email,
        },
        "contact": {
            "name": contact.name if contact else "",
            "position": contact.position if contact else "",
            "phone": contact.phone if contact else "",
            "email": contact.email if contact else "",
            "kind": contact.get_kind_display() if contact else "",
        },
        "violation": {
            "summary": breach.summary,
            "time": _time_text(breach.occurred_from, breach.occurred_until, breach.discovered_at),
            "discovered_at": breach.discovered_at.isoformat(),
            "occurred_from": breach.occurred_from.isoformat() if breach.occurred_from else None,
            "occurred_until": breach.occurred_until.isoformat() if breach.occurred_until else None,
            "discovery_method": breach.discovery_method,
            "location": breach.location,
            "acts": breach.acts,
            "parties": breach.parties_involved,
            "data_types": data_types,
            "data_description": breach.data_description,
            "volume": _volume_text(breach.record_count, breach.subject_count),
            "record_count": breach.record_count,
            "subject_count": breach.subject_count,
            "consequences": breach.consequences,
            "measures_taken": breach.measures_taken,
            "measures_proposed": breach.measures_proposed,
            "severity": breach.get_severity_display(),
            "acting_role": breach.get_acting_role_display(),
            "controller_name": breach.controller_name,
        },
        "attachments": [a.description or a.original_name for a in breach.attachments.all()],
        "late_reason": fields["late_reason"],
        "note": fields["note"],
        "signer_name": fields["signer_name"],
    }


# Points of a list in Vietnamese legal drafting: a), b), c), d), đ), e), g), ...
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def form08_context(snapshot: dict, *, draft: bool = False, language: str = "vi") -> dict:
    """Return the template context of Form 08 for a snapshot, its fixed wording in ``language``."""
    date = dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None
    with translation.override(language):
        if language != "vi":
            # A translation reads the time, data types and volume again from the plain values;
            # the Vietnamese document stays exactly as filed.
            violation = {**snapshot["violation"], **submission_facts(snapshot)}
            snapshot = {**snapshot, "violation": violation}
        return {
            "s": snapshot,
            "attachments": list(zip(_LETTERS, snapshot.get("attachments", []), strict=False)),
            "draft": draft,
            "form_code": _("Mẫu số 08"),
            "issuer_name": snapshot["organization"]["name"],
            "document_number": snapshot.get("document_number"),
            "place": snapshot.get("place"),
            "date_parts": date_parts(date),
            "title": _("THÔNG BÁO"),
            "subtitle": _("VI PHẠM QUY ĐỊNH BẢO VỆ DỮ LIỆU CÁ NHÂN"),
            "recipient": _("Cơ quan chuyên trách bảo vệ dữ liệu cá nhân, Bộ Công an."),
            "recipients_list": [_("Như trên;"), _("Lưu: VT.")],
            **_signature_block(),
            "signer_name": snapshot.get("signer_name", ""),
        }


def _signature_block() -> dict:
    """Return the signer's title and note of the appendix forms, in the active language."""
    return {
        "signer_title": _("TM. TỔ CHỨC, DOANH NGHIỆP"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
    }


def render_form08(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 08 (Decree 356/2025 appendix) as PDF bytes."""
    return render_pdf(
        "breaches/pdf/form08.html",
        form08_context(snapshot, draft=draft, language=language),
        language=language,
    )


def form08_draft_pdf(breach: Breach, *, language: str = "vi") -> bytes:
    """Return the draft Form 08 of ``breach`` as it stands now, marked as a draft."""
    snapshot = form08_snapshot(
        breach, place=default_place(breach.organization), at=timezone.now(), language=language
    )
    return render_form08(snapshot, draft=True, language=language)


def record_pdf(breach: Breach, *, language: str = "vi") -> bytes:
    """Return the written record of the violation (Law 91/2025 Art. 23(2)) as PDF bytes."""
    return render_pdf(
        "breaches/pdf/record.html", record_context(breach, language=language), language=language
    )


def record_context(breach: Breach, *, language: str = "vi") -> dict:
    """Return the context of the written record of the violation (Law 91/2025 Art. 23(2))."""
    snapshot = form08_snapshot(breach, place=default_place(breach.organization), language=language)
    now = timezone.localtime()
    with translation.override(language):
        return {
            "s": snapshot,
            "breach": breach,
            "form_code": "",
            "issuer_name": breach.organization.name,
            "document_number": f"{breach.reference}/BB",
            "place": snapshot["place"],
            "date_parts": date_parts(now),
            "printed_at": now,
            "title": _("BIÊN BẢN"),
            "subtitle": _(
                "XÁC NHẬN VIỆC XẢY RA HÀNH VI VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN"
            ),
            "recipient": "",
            "recipients_list": [
                _("Cơ quan chuyên trách bảo vệ dữ liệu cá nhân (để phối hợp);"),
                _("Lưu: VT."),
            ],
            **_signature_block(),
            "signer_name": "",
            "submissions": list(breach.submissions.defer("pdf").order_by("version")),
            "clocks": list(breach_deadlines(breach).values()),
        }
