"""The acknowledgement of receipt as PDF: what was received, when, and every due date with its basis.

The due dates are read from the request's Deadline rows (the clock service computed them); this
module only lays them out, in the data subject's language.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import deadlines_for, format_due
from pdp_portal.organizations.letterhead import date_parts, default_place, primary_contact
from pdp_portal.pdf import render_pdf

from .models import RESPOND_RULES, RightsRequest

TEMPLATE = "pdf/subjects_rights/acknowledgement.html"
LANGUAGES = ("vi", "en")


def _what(rule: str) -> str:
    if rule in RESPOND_RULES:
        return _("Phản hồi cho người yêu cầu (cho biết sẽ thực hiện thế nào)")
    if rule.endswith(".third_party"):
        return _("Bên xử lý, bên thứ ba thực hiện")
    return _("Thực hiện yêu cầu")


def _clock_rows(request: RightsRequest) -> list[dict]:
    rows = []
    for deadline in deadlines_for(request).exclude(status=Deadline.Status.CANCELLED):
        rule = get_rule(deadline.rule)
        rows.append(
            {
                "rule": deadline.rule,
                "what": _what(deadline.rule),
                "period": f"{rule.period} {rule.unit_label}",
                "started": format_due(deadline.started_at),
                "due": format_due(deadline.effective_due_at),
                "original_due": format_due(deadline.due_at) if deadline.extended_due_at else "",
                "extension_days": deadline.extension_days,
                "extension_reason": deadline.extension_reason,
                "met": format_due(deadline.met_at) if deadline.met_at else "",
                "basis": rule.basis,
            }
        )
    return rows


def acknowledgement_context(request: RightsRequest, *, language: str) -> dict:
    """Return the template context of the acknowledgement in ``language``."""
    organization = request.organization
    contact = primary_contact(organization)
    today = timezone.localdate()
    with translation.override(language):
        return {
            "r": request,
            "organization": organization,
            # Foreign-owned organisations have a registered foreign name: the English text uses it.
            "organization_name": (
                organization.name_foreign
                if language == "en" and organization.name_foreign
                else organization.name
            ),
            "contact": contact,
            "received": format_due(request.received_at),
            "clocks": _clock_rows(request),
            "type_label": request.get_request_type_display(),
            "channel_label": request.get_channel_display(),
            "status_label": request.get_status_display(),
            "issuer_name": organization.name,
            "document_number": request.reference,
            "place": default_place(organization),
            "date_parts": date_parts(today),
            "title": _("GIẤY XÁC NHẬN"),
            "subtitle": _("TIẾP NHẬN YÊU CẦU CỦA CHỦ THỂ DỮ LIỆU"),
            "recipient": _("Ông/Bà %(name)s") % {"name": request.full_name},
            "recipients_list": [
                _("Như trên;"),
                _("Lưu: hồ sơ yêu cầu %(ref)s.") % {"ref": request.reference},
            ],
            "signer_title": _("Đầu mối bảo vệ dữ liệu cá nhân"),
            "signer_note": _("(Văn bản điện tử do hệ thống tạo, không cần chữ ký)"),
            "signer_name": contact.name if contact else "",
        }


def acknowledgement_language(request: RightsRequest, requested: str | None = None) -> str:
    """Return the language of the PDF: ``requested`` if it is known, else the request's."""
    if requested in LANGUAGES:
        return requested
    return request.language if request.language in LANGUAGES else "vi"


def acknowledgement_pdf(request: RightsRequest, *, language: str | None = None) -> bytes:
    """Return the acknowledgement of a received request as PDF bytes."""
    language = acknowledgement_language(request, language)
    return render_pdf(
        TEMPLATE, acknowledgement_context(request, language=language), language=language
    )


def acknowledgement_filename(request: RightsRequest) -> str:
    return f"xac-nhan-{request.reference}.pdf"


REQUEST_FORM_TEMPLATE = "pdf/subjects_rights/request_form.html"


def request_form_pdf(organization, *, language: str = "vi") -> bytes:
    """Return the blank printable request form of an organisation (Decree 356/2025 Art. 5(1))."""
    from .centre import RIGHTS, right_titles, type_facts

    language = language if language in LANGUAGES else "vi"
    with translation.override(language):
        rights = [
            {
                "point": point,
                "title": right_titles()[point],
                "types": [type_facts(t) for t in types],
            }
            for point, types in RIGHTS
        ]
        contact = primary_contact(organization)
        context = {
            "organization": organization,
            "contact": contact,
            "rights": rights,
            "pdf_language": language,
        }
    return render_pdf(REQUEST_FORM_TEMPLATE, context, language=language)
