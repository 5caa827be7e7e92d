"""The dossier forms as PDF (Decree 356/2025 appendix): Forms 01a/01b, 02a/02b, 03a/03b, 09, 10.

Every form renders a frozen snapshot. In Vietnamese it is the document filed with the agency; in
English (``language="en"``) the same snapshot reads as a translation for reference, for the
foreign-owned organisations that file: the fixed wording is translated, what the organisation
entered stays as it was written.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from pdp_portal.organizations.letterhead import date_parts
from pdp_portal.pdf import render_pdf

from .catalogue import (
    FORM09_SENSITIVE_ROWS,
    FORM10_SENSITIVE_ROWS,
    FORM_BASIC_ROWS,
    PROCESSING,
    SERVICE_ROWS,
    BasicDataType,
    ProcessingService,
    SensitiveDataType,
)

# Points of a list in Vietnamese legal drafting: a), b), c), d), đ), e), g), ...
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def _form09_transfer_titles() -> dict:
    """Return Form 09 section A.II.1 as printed, in the active language."""
    return {
        "1.1": _(
            "Chuyển giao dữ liệu cá nhân thu thập, lưu trữ tại Việt Nam đến hệ thống máy chủ đặt "
            "ngoài lãnh thổ nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        ),
        "1.2": _(
            "Lưu trữ, xử lý dữ liệu cá nhân trên dịch vụ điện toán đám mây của nhà cung cấp dịch "
            "vụ ở nước ngoài"
        ),
        "1.3": _(
            "Thu thập dữ liệu cá nhân của cá nhân sử dụng dịch vụ tại Việt Nam và chuyển đến nền "
            "tảng ở ngoài lãnh thổ nước Cộng hòa xã hội chủ nghĩa Việt Nam để tiếp tục xử lý"
        ),
        "1.4": _(
            "Chuyển dữ liệu cá nhân xuyên biên giới thông qua đối tác, đại lý trung gian tại Việt Nam"
        ),
        "1.5": _("Trường hợp khác (nêu cụ thể)"),
    }


def _label_rows(rows, labels: dict, chosen: set) -> list:
    return [[(str(labels[c]), c in chosen) if c else None for c in row] for row in rows]


def report_context(snapshot: dict, *, draft: bool = False) -> dict:
    """Return the template context of Form 10 / Form 09 for a snapshot, in the active language."""
    sensitive_rows = (
        FORM10_SENSITIVE_ROWS if snapshot["kind"] == PROCESSING else FORM09_SENSITIVE_ROWS
    )
    services = set(snapshot["answers"].get("services") or [])
    by_item: dict[str, list] = {item: [] for item in ("1.1", "1.2", "1.3", "1.4", "1.5")}
    for t in snapshot["transfers"]:
        by_item[t["item"]].append(t)
    titles = _form09_transfer_titles()
    return {
        "s": snapshot,
        "a": snapshot["answers"],
        "draft": draft,
        "basic_rows": _label_rows(
            FORM_BASIC_ROWS, dict(BasicDataType.choices), set(snapshot["basic_types"])
        ),
        "sensitive_rows": _label_rows(
            sensitive_rows, dict(SensitiveDataType.choices), set(snapshot["sensitive_types"])
        ),
        "service_rows": _label_rows(SERVICE_ROWS, dict(ProcessingService.choices), services),
        "transfer_items": by_item,
        "transfer_groups": [(item, titles[item], by_item[item]) for item in titles],
        "flow_groups": [
            (
                "1.1. "
                + _("Bên kiểm soát dữ liệu cá nhân, Bên kiểm soát và xử lý dữ liệu cá nhân"),
                snapshot["flows"]["controller"],
            ),
            ("1.2. " + _("Bên xử lý dữ liệu cá nhân"), snapshot["flows"]["processor"]),
            ("1.3. " + _("Bên thứ ba"), snapshot["flows"]["third_party"]),
        ],
        "enclosure_lines": list(
            zip(LETTERS, [e["name"] for e in snapshot["enclosures"]], strict=False)
        ),
    }


def render_report(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 10 (processing) or Form 09 (transfer) as PDF bytes, in ``language``."""
    template = (
        "dossiers/pdf/form10.html" if snapshot["kind"] == PROCESSING else "dossiers/pdf/form09.html"
    )
    with translation.override(language):
        context = report_context(snapshot, draft=draft)
    return render_pdf(template, context, language=language)


def _notice_common(snapshot: dict, *, draft: bool) -> dict:
    individual = snapshot["filer_kind"] == "individual"
    ctx = {
        "s": snapshot,
        "o": snapshot["organization"],
        "a": snapshot["answers"],
        "c": snapshot["dpo"],
        "draft": draft,
        "issuer_name": snapshot["organization"]["name"],
        "document_number": snapshot.get("document_number"),
        "place": snapshot.get("place"),
        "date_parts": date_parts(
            dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None
        ),
        "recipient": _("Cơ quan chuyên trách bảo vệ dữ liệu cá nhân, Bộ Công an."),
        "recipients_list": [_("Như trên;"), _("Lưu: VT.")],
        "signer_title": _("TM. TỔ CHỨC, DOANH NGHIỆP"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
        "signer_name": snapshot.get("signer_name", ""),
        "individual": individual,
        "dossier_name": (
            _("Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân")
            if snapshot["kind"] == PROCESSING
            else _("Hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới")
        ),
    }
    if individual:
        # Forms 01b, 02b, 03b: the filer signs alone, with no "Nơi nhận" column.
        ctx.update(
            {
                "recipients_list": [],
                "signer_title": _("NGƯỜI NỘP HỒ SƠ"),
                "signer_note": _("(Ký, ghi rõ họ tên)"),
                "signer_name": snapshot.get("signer_name") or snapshot["organization"]["name"],
            }
        )
    return ctx


def _report_line(snapshot: dict) -> str:
    return _("Báo cáo đánh giá tác động theo %(form)s") % {"form": _(snapshot["report_form"])}


def notice_context(snapshot: dict, *, draft: bool = False) -> dict:
    """Return the context of Form 02a/02b (processing) or 01a/01b (transfer)."""
    ctx = _notice_common(snapshot, draft=draft)
    lines = [_report_line(snapshot)] + [e["name"] for e in snapshot["enclosures"]]
    ctx.update(
        {
            "form_code": _(snapshot["notice_form"]),
            "title": _("THÔNG BÁO"),
            "subtitle": (
                _("GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN")
                if snapshot["kind"] == PROCESSING
                else _("GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN XUYÊN BIÊN GIỚI")
            ),
            "dossier_lines": list(zip(LETTERS, lines, strict=False)),
        }
    )
    return ctx


def render_notice(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return the notice that goes with the report (Form 02a/02b/01a/01b) as PDF bytes."""
    template = (
        "dossiers/pdf/notice_individual.html"
        if snapshot["filer_kind"] == "individual"
        else "dossiers/pdf/notice.html"
    )
    with translation.override(language):
        context = notice_context(snapshot, draft=draft)
    return render_pdf(template, context, language=language)


def update_context(
    snapshot: dict, *, change_summary: str, change_reason: str, draft: bool = False
) -> dict:
    """Return the context of Form 03a/03b: what changed and why."""
    ctx = _notice_common(snapshot, draft=draft)
    attachments = [_report_line(snapshot) + " " + _("(cập nhật)")]
    attachments += [e["name"] for e in snapshot["enclosures"]]
    ctx.update(
        {
            "form_code": _("Mẫu số 03b") if ctx["individual"] else _("Mẫu số 03a"),
            "title": _("THÔNG BÁO"),
            # "THAY ĐỔI NỘI DUNG HỒ SƠ ……" completed with the dossier's name (the form's
            # footnote), whose own first word is "Hồ sơ": the word is not written twice.
            "subtitle": (
                _("THAY ĐỔI NỘI DUNG HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN")
                if snapshot["kind"] == PROCESSING
                else _(
                    "THAY ĐỔI NỘI DUNG HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG CHUYỂN DỮ LIỆU CÁ NHÂN XUYÊN BIÊN GIỚI"
                )
            ),
            "change_summary": change_summary,
            "change_reason": change_reason,
            "attachment_lines": list(zip(LETTERS, attachments, strict=False)),
        }
    )
    return ctx


def render_update(
    snapshot: dict,
    *,
    change_summary: str,
    change_reason: str,
    draft: bool = False,
    language: str = "vi",
) -> bytes:
    """Return Form 03a/03b as PDF bytes, in ``language``."""
    template = (
        "dossiers/pdf/update_individual.html"
        if snapshot["filer_kind"] == "individual"
        else "dossiers/pdf/update.html"
    )
    with translation.override(language):
        context = update_context(
            snapshot, change_summary=change_summary, change_reason=change_reason, draft=draft
        )
    return render_pdf(template, context, language=language)
