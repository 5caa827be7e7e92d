"""The Decree's certification forms as documents (Decree 356/2025, Forms 04 to 07).

Snapshots (what was filed or decided, frozen at that moment), template contexts and PDF rendering
of Form 04 (application, Art. 25(1)), Form 05 (certificate, Art. 25(4)), Form 06 (reissue or
replacement request, Art. 26) and Form 07 (revocation decision, Art. 27); the certificate's public
verification address and its QR code; the public notice of a revocation (Art. 27(4)).
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.organizations.letterhead import date_parts, default_place
from pdp_portal.pdf import render_pdf

from .checks import conditions_checklist, enclosure_checklist
from .models import (
    REVOCATION_POINTS,
    SCHEME_POINTS,
    Application,
    Certificate,
    ChangeRequest,
    Enclosure,
    point_param,
)
from .workflow import AGENCY_NAME, AGENCY_PLACE, LETTERS, _local_date

# --- Form 04 -----------------------------------------------------------------------------------


def _org_block(organization) -> dict:
    return {
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "name_foreign": organization.name_foreign,
        "head_office": organization.head_office,
        "registration_document": organization.registration_document,
        "tax_code": organization.tax_code,
        "phone": organization.phone,
        "website": organization.website,
        "email": organization.email,
    }


def form04_snapshot(
    application: Application,
    *,
    at: dt.datetime | None = None,
    version: int | None = None,
    note: str = "",
) -> dict:
    """Return the Form 04 content of ``application`` as plain data (what a submission freezes)."""
    org = application.organization
    local = _local_date(at)
    enclosures = []
    for item in enclosure_checklist(application):
        count = sum(1 for e in application.enclosures.all() if e.kind == item["kind"])
        enclosures.append(
            {"name": item["label"], "count": count, "note": item["note"] or item["basis"]}
        )
    diplomas = [e for e in application.enclosures.all() if e.kind == Enclosure.Kind.DIPLOMA]
    enclosures.append(
        {
            "name": str(Enclosure.Kind.DIPLOMA.label),
            "count": len(diplomas),
            "note": str(_("Điều 25 khoản 1 điểm đ")),
        }
    )
    others = [e for e in application.enclosures.all() if e.kind == Enclosure.Kind.OTHER]
    for e in others:
        enclosures.append({"name": e.description or e.original_name, "count": 1, "note": ""})
    return {
        "form_code": gettext_noop("Mẫu số 04"),
        "reference": application.reference,
        "document_number": application.document_number or f"{application.reference}/ĐN",
        "place": application.place or default_place(org),
        "date": local.isoformat() if local else "",
        "version": version,
        "note": note,
        "organization": {
            **_org_block(org),
            "transaction_office": application.transaction_office or org.head_office,
            "fax": application.fax,
            "legal_representative": application.legal_representative,
            "legal_representative_contact": application.legal_representative_contact,
        },
        "head": {
            "name": application.head_name,
            "vietnamese_citizen": application.head_is_vietnamese_citizen,
            "resides_in_vietnam": application.head_resides_in_vietnam,
        },
        "staff": [
            {
                "full_name": s.full_name,
                "position": s.position,
                "phone": s.phone,
                "email": s.email,
                "degree": s.get_degree_level_display(),
                "field": s.get_experience_field_display(),
            }
            for s in application.staff.all()
        ],
        "services": [
            {
                "service": s.service,
                "name": s.get_service_display(),
                "clause": s.clause,
                "scope": s.scope,
            }
            for s in application.services.all()
        ],
        "enclosures": enclosures,
        "scheme": [
            {
                "letter": letter,
                "label": str(label),
                "text": application.scheme_points.get(letter, ""),
            }
            for letter, label in SCHEME_POINTS
        ],
        "conditions": conditions_checklist(application),
        "signer_name": application.signer_name,
    }


def _applicant_form_context(snapshot: dict, *, draft: bool, title: str, subtitle: str) -> dict:
    date = dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None
    return {
        "s": snapshot,
        "draft": draft,
        "form_code": _(snapshot["form_code"]),
        "issuer_name": snapshot["organization"]["name"],
        "document_number": snapshot.get("document_number"),
        "place": snapshot.get("place"),
        "date_parts": date_parts(date),
        "title": title,
        "subtitle": subtitle,
        "recipient": _("Bộ Công an."),
        "recipients_list": [],
        "signer_title": _("TM. TỔ CHỨC, DOANH NGHIỆP"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
        "signer_name": snapshot.get("signer_name", ""),
    }


def _render_applicant_form(
    template: str, snapshot: dict, *, title: str, draft: bool, language: str, **extra
) -> bytes:
    """Return an applicant's form (04, 06) as PDF bytes, its fixed wording in ``language``."""
    with translation.override(language):
        context = _applicant_form_context(
            snapshot,
            draft=draft,
            title=_(title),
            subtitle=_("ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN"),
        )
    return render_pdf(template, {**context, **extra}, language=language)


def render_form04(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 04 (Decree 356/2025 appendix) as PDF bytes, in ``language``."""
    return _render_applicant_form(
        "certification/pdf/form04.html",
        snapshot,
        title=gettext_noop("ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN"),
        draft=draft,
        language=language,
    )


# --- Form 05: the certificate -------------------------------------------------------------------


def verification_url(number: str) -> str:
    """Return the absolute address of a certificate's public verification page."""
    return settings.SITE_URL + reverse("certification_public:verify", args=[number])


def _lookup(certificate: Certificate) -> tuple[str, dict]:
    return gettext_noop("Tra cứu công khai: %(url)s"), {"url": verification_url(certificate.number)}


def qr_data_uri(data: str) -> str:
    """Return a PNG QR code of ``data`` as a data: URI (the only kind the PDF fetcher reads)."""
    image = qrcode.make(data, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def form05_snapshot(
    *,
    organization,
    application: Application,
    services: list[dict],
    number: str,
    at: dt.datetime,
    signer_name: str,
    signer_title: str,
    proposed_by: str,
    replaces: Certificate | None = None,
) -> dict:
    """Return the Form 05 content of a certificate about to be issued."""
    applied = _local_date(application.submitted_at)
    return {
        "form_code": gettext_noop("Mẫu số 05"),
        "number": number,
        "place": AGENCY_PLACE,
        "date": _local_date(at).isoformat(),
        "organization": {
            **_org_block(organization),
            "legal_representative": application.legal_representative,
        },
        "application": {
            "reference": application.reference,
            "date": applied.isoformat() if applied else "",
        },
        "services": services,
        "proposed_by": proposed_by,
        "signer_name": signer_name,
        "signer_title": signer_title,
        "replaces": replaces.number if replaces else "",
        "verification_url": verification_url(number),
    }


def form05_context(snapshot: dict) -> dict:
    """Return the template context of Form 05 for a snapshot."""
    date = dt.date.fromisoformat(snapshot["date"])
    applied = snapshot["application"].get("date")
    return {
        "s": snapshot,
        "form_code": _(snapshot["form_code"]),
        "issuer_name": _(AGENCY_NAME).upper(),
        "document_number": snapshot["number"],
        "place": _(snapshot["place"]),
        "date_parts": date_parts(date),
        "applied_parts": date_parts(dt.date.fromisoformat(applied)) if applied else None,
        "title": _("GIẤY CHỨNG NHẬN"),
        "subtitle": _("ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN"),
        "recipient": "",
        "recipients_list": [],
        "signer_title": _(snapshot["signer_title"]) if snapshot["signer_title"] else "",
        "signer_note": _("(Ký, đóng dấu, ghi rõ chức vụ, họ tên)"),
        "signer_name": snapshot["signer_name"],
        "qr": qr_data_uri(snapshot["verification_url"]),
    }


def render_form05(snapshot: dict, *, language: str = "vi") -> bytes:
    """Return the certificate (Form 05) as PDF bytes, with the QR code of its verification page."""
    with translation.override(language):
        context = form05_context(snapshot)
    return render_pdf("certification/pdf/form05.html", context, language=language)


# --- Form 06: reissue and replacement -----------------------------------------------------------


def form06_snapshot(change: ChangeRequest, certificate: Certificate, *, at: dt.datetime) -> dict:
    """Return the Form 06 content of a reissue or replacement request."""
    org = certificate.organization
    application = certificate.application
    return {
        "form_code": gettext_noop("Mẫu số 06"),
        "kind": change.kind,
        "document_number": change.document_number,
        "place": change.place or default_place(org),
        "date": _local_date(at).isoformat(),
        "certificate": {
            "number": certificate.number,
            "date": _local_date(certificate.issued_at).isoformat(),
        },
        "organization": {
            **_org_block(org),
            "transaction_office": application.transaction_office or org.head_office,
            "fax": application.fax,
            "legal_representative": application.legal_representative,
            "legal_representative_contact": application.legal_representative_contact,
        },
        "staff": [
            {"full_name": s.full_name, "position": s.position, "phone": s.phone, "email": s.email}
            for s in application.staff.all()
        ],
        "reason": change.reason,
        "changes": change.changes,
        "enclosures": [e.description or e.original_name for e in change.enclosures.all()],
        "signer_name": change.signer_name,
    }


def render_form06(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 06 (reissue/replacement request) as PDF bytes, in ``language``."""
    return _render_applicant_form(
        "certification/pdf/form06.html",
        snapshot,
        title=gettext_noop("ĐƠN ĐỀ NGHỊ CẤP LẠI/CẤP ĐỔI GIẤY CHỨNG NHẬN"),
        draft=draft,
        language=language,
        letters=LETTERS,
        enclosures=list(zip(LETTERS, snapshot.get("enclosures", []), strict=False)),
    )


# --- Form 07: revocation ------------------------------------------------------------------------


def form07_context(certificate: Certificate, snapshot: dict) -> dict:
    """Return the template context of the revocation decision (Form 07)."""
    date = dt.date.fromisoformat(snapshot["date"])
    return {
        "s": snapshot,
        "form_code": _("Mẫu số 07"),
        "issuer_name": _(AGENCY_NAME).upper(),
        "document_number": snapshot["decision_number"],
        "place": _(AGENCY_PLACE),
        "date_parts": date_parts(date),
        "issued_parts": date_parts(dt.date.fromisoformat(snapshot["certificate"]["date"])),
        "title": _("QUYẾT ĐỊNH"),
        "subtitle": _(
            "Về việc thu hồi Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ xử lý dữ liệu cá nhân"
        ),
        "recipient": "",
        "recipients_list": [_("Như Điều 3;"), _("Lưu: VT, A05.")],
        "signer_title": _(snapshot["signer_title"]) if snapshot["signer_title"] else "",
        "signer_note": _("(Ký, đóng dấu, ghi rõ chức vụ, họ tên)"),
        "signer_name": snapshot["signer_name"],
    }


def render_form07(certificate: Certificate, snapshot: dict, *, language: str = "vi") -> bytes:
    """Return the revocation decision (Form 07) as PDF bytes, in ``language``."""
    with translation.override(language):
        context = form07_context(certificate, snapshot)
    return render_pdf("certification/pdf/form07.html", context, language=language)


REVOCATION_NOTICE = gettext_noop(
    "Cơ quan chuyên trách bảo vệ dữ liệu cá nhân thông báo: Giấy chứng nhận đủ điều kiện kinh "
    "doanh dịch vụ xử lý dữ liệu cá nhân số %(n)s cấp cho %(org)s (mã số thuế %(tax)s) đã bị thu "
    "hồi từ ngày %(date)s theo điểm %(point)s khoản 1 Điều 27 Nghị định số 356/2025/NĐ-CP."
)


def default_revocation_notice(
    certificate: Certificate, ground: str, at: dt.datetime
) -> tuple[str, dict]:
    """Return the public notice of a revocation (Decree 356 Art. 27(4)): its key and parameters."""
    return REVOCATION_NOTICE, {
        "n": certificate.number,
        "org": certificate.holder_name,
        "tax": certificate.holder_tax_code,
        "date": timezone.localtime(at).strftime("%d/%m/%Y"),
        "point": point_param(REVOCATION_POINTS.get(ground, "?")),
    }
