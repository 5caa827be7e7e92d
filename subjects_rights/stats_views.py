"""The request log export (CSV, XLSX); the request figures are on the statistics page (stats.py)."""

import csv
import io
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdp_portal.apivalidation import id_or_none
from pdp_portal.audit.services import audit_record
from pdp_portal.downloads import XLSX, document_response, spreadsheet_safe
from pdp_portal.organizations.permissions import visible_organizations

from .models import CLOSED_STATUSES, Status
from .permissions import visible_requests
from .stats import with_late

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _scope(request):
    """Return the requests the user may see, optionally narrowed to one organisation."""
    qs = visible_requests(request.user).exclude(status=Status.UNVERIFIED)
    org = id_or_none(request.GET.get("organization"))
    if org:
        qs = qs.filter(organization_id=org)
    return qs


@login_required
def statistics(request):
    """Send the reader to the statistics page, which now draws the request figures with the rest."""
    url = reverse("stats:page")
    org = request.GET.get("organization", "")
    return redirect(f"{url}?organization={org}" if id_or_none(org) else url)


COLUMNS = [
    ("reference", gettext_lazy("Mã yêu cầu")),
    ("organization", gettext_lazy("Tổ chức")),
    ("type", gettext_lazy("Loại yêu cầu")),
    ("status", gettext_lazy("Trạng thái")),
    ("channel", gettext_lazy("Kênh tiếp nhận")),
    ("relationship", gettext_lazy("Quan hệ với tổ chức")),
    ("received_at", gettext_lazy("Tiếp nhận lúc")),
    ("respond_due", gettext_lazy("Hạn phản hồi")),
    ("responded_at", gettext_lazy("Phản hồi lúc")),
    ("fulfil_due", gettext_lazy("Hạn thực hiện")),
    ("extension_days", gettext_lazy("Số ngày gia hạn")),
    ("closed_at", gettext_lazy("Kết thúc lúc")),
    ("refusal_ground", gettext_lazy("Căn cứ từ chối")),
    ("on_time", gettext_lazy("Đúng hạn")),
]


def _local(value):
    return value.astimezone(VN).strftime("%d/%m/%Y %H:%M") if value else ""


def _log_rows(request):
    """Yield the request log (no contact details: data minimisation), one dict per request."""
    qs = (
        with_late(_scope(request))
        .select_related("organization")
        .prefetch_related("deadlines")
        .order_by("received_at", "id")
    )
    for r in qs:
        deadlines = {d.rule: d for d in r.deadlines.all()}
        respond = deadlines.get(r.respond_rule)
        fulfil = deadlines.get(r.fulfil_rule)
        yield {
            "reference": r.reference,
            "organization": r.organization.name,
            "type": str(r.get_request_type_display()),
            "status": str(r.get_status_display()),
            "channel": str(r.get_channel_display()),
            "relationship": str(r.get_relationship_display()),
            "received_at": _local(r.received_at),
            "respond_due": _local(respond.effective_due_at) if respond else "",
            "responded_at": _local(r.responded_at),
            "fulfil_due": _local(fulfil.effective_due_at) if fulfil else "",
            "extension_days": r.extension_days or "",
            "closed_at": _local(r.closed_at),
            "refusal_ground": str(r.get_refusal_ground_display()) if r.refusal_ground else "",
            "on_time": ""
            if r.status not in CLOSED_STATUSES
            else (_("không") if r.late else _("có")),
        }


def _audit_export(request, fmt: str, count: int) -> None:
    for organization in visible_organizations(request.user):
        audit_record(
            actor=request.user,
            action="rights.export",
            message=gettext_noop("Xuất nhật ký yêu cầu (%(format)s, %(count)s dòng)"),
            params={"format": fmt, "count": count},
            organization=organization,
        )


@login_required
def export_csv(request):
    """Download the request log as CSV (UTF-8 with BOM, so spreadsheets read the diacritics)."""
    rows = list(_log_rows(request))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([spreadsheet_safe(row[key]) for key, _label in COLUMNS])
    _audit_export(request, "csv", len(rows))
    return document_response(
        buffer.getvalue(), filename="nhat-ky-yeu-cau.csv", content_type="text/csv; charset=utf-8"
    )


@login_required
def export_xlsx(request):
    """Download the request log as an Excel workbook."""
    from openpyxl import Workbook

    rows = list(_log_rows(request))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Yêu cầu")[:31]
    sheet.append([str(label) for _key, label in COLUMNS])
    for row in rows:
        sheet.append([spreadsheet_safe(row[key]) for key, _label in COLUMNS])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 20
    out = io.BytesIO()
    workbook.save(out)
    _audit_export(request, "xlsx", len(rows))
    return document_response(out.getvalue(), filename="nhat-ky-yeu-cau.xlsx", content_type=XLSX)
