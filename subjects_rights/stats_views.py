"""Statistics of requests (by type and month, on-time rate, overdue now) and the request log export."""

import csv
import io
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef
from django.db.models.functions import Cast, TruncMonth
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.downloads import XLSX, document_response
from pdp_portal.organizations.permissions import visible_organizations

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RequestType,
    RightsRequest,
    Status,
)
from .permissions import visible_requests

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _with_breach(qs):
    """Annotate ``late``: whether any clock of the request was breached."""
    ct = ContentType.objects.get_for_model(RightsRequest)
    return qs.annotate(
        late=Exists(
            Deadline.objects.filter(
                content_type=ct,
                object_id=Cast(OuterRef("pk"), CharField()),
                breached_at__isnull=False,
            )
        )
    )


def _scope(request):
    """Return the requests the user may see, optionally narrowed to one organisation."""
    qs = visible_requests(request.user).exclude(status=Status.UNVERIFIED)
    org = request.GET.get("organization", "")
    if org.isdigit():
        qs = qs.filter(organization_id=org)
    return qs


@login_required
def statistics(request):
    """Show requests by type and month, the on-time rate and what is overdue now."""
    qs = _scope(request)
    now = timezone.now()
    by_month = (
        qs.annotate(month=TruncMonth("received_at", tzinfo=VN))
        .values("month", "request_type")
        .annotate(n=Count("id"))
        .order_by("-month", "request_type")
    )
    months: dict = {}
    for row in by_month:
        months.setdefault(row["month"], {})[row["request_type"]] = row["n"]
    month_rows = [
        {
            "month": month,
            "total": sum(counts.values()),
            "cells": [counts.get(t, 0) for t in RequestType.values],
        }
        for month, counts in list(months.items())[:12]
    ]
    peak = max([row["total"] for row in month_rows] or [1])
    for row in month_rows:
        row["width"] = round(100 * row["total"] / peak)
    closed_qs = qs.filter(status__in=CLOSED_STATUSES)
    closed = {
        "total": closed_qs.count(),
        "late": _with_breach(closed_qs).filter(late=True).count(),
    }
    on_time_rate = (
        round(100 * (closed["total"] - closed["late"]) / closed["total"])
        if closed["total"]
        else None
    )
    by_type = {
        row["request_type"]: row["n"] for row in qs.values("request_type").annotate(n=Count("id"))
    }
    type_peak = max(list(by_type.values()) or [1])
    by_status = {row["status"]: row["n"] for row in qs.values("status").annotate(n=Count("id"))}
    return render(
        request,
        "subjects_rights/stats.html",
        {
            "organizations": visible_organizations(request.user).order_by("name"),
            "selected": request.GET.get("organization", ""),
            "types": RequestType.choices,
            "month_rows": month_rows,
            "type_rows": [
                (label, by_type.get(value, 0), round(100 * by_type.get(value, 0) / type_peak))
                for value, label in RequestType.choices
            ],
            "status_rows": [
                (label, by_status.get(value, 0))
                for value, label in Status.choices
                if value != Status.UNVERIFIED
            ],
            "closed": closed,
            "on_time_rate": on_time_rate,
            "overdue_now": qs.filter(status__in=OPEN_STATUSES, due_at__lt=now).count(),
            "open_now": qs.filter(status__in=OPEN_STATUSES).count(),
        },
    )


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
        _with_breach(_scope(request))
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


def _safe(value):
    # A cell starting with =, +, - or @ would be a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@login_required
def export_csv(request):
    """Download the request log as CSV (UTF-8 with BOM, so spreadsheets read the diacritics)."""
    rows = list(_log_rows(request))
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([_safe(row[key]) for key, _label in COLUMNS])
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
        sheet.append([_safe(row[key]) for key, _label in COLUMNS])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 20
    out = io.BytesIO()
    workbook.save(out)
    _audit_export(request, "xlsx", len(rows))
    return document_response(out.getvalue(), filename="nhat-ky-yeu-cau.xlsx", content_type=XLSX)
