"""The yearly compliance report of an organisation (PDF, vi or en)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pdp_portal import hooks
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.organizations.letterhead import date_parts
from pdp_portal.pdf import render_pdf

from .catalogue import CATALOGUE
from .models import Evidence

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime(year, 1, 1, tzinfo=VN),
        dt.datetime(year + 1, 1, 1, tzinfo=VN),
    )


def _bars(rows: list[tuple[str, int]]) -> list[dict]:
    top = max([n for _label, n in rows] + [1])
    return [{"label": label, "n": n, "width": round(100 * n / top)} for label, n in rows]


def report_context(organization, *, year: int) -> dict:
    """Return what the report shows; read in the active language."""
    from .views import programme_rows

    start, end = _year_bounds(year)
    areas, applying, not_applying = programme_rows(organization)
    evidence = (
        Evidence.objects.filter(organization=organization, uploaded_at__lt=end)
        .select_related("obligation")
        .order_by("obligation__code", "uploaded_at")
    )
    assessments = [
        {"deadline": d, "rule": get_rule(d.rule)}
        for d in Deadline.objects.filter(
            organization=organization,
            rule__startswith="programme.",
            met_at__gte=start,
            met_at__lt=end,
        ).order_by("met_at")
    ]
    # The inbox and the breach register are other apps': read through the core (pdp_portal.hooks).
    requests = hooks.call("rights.year_counts", organization=organization, start=start, end=end)
    requests = requests or []
    breaches = hooks.call("breaches.year_count", organization=organization, start=start, end=end)
    met = sum(1 for r in applying if r["state"] and r["state"].status == "done")
    return {
        "organization": organization,
        "year": year,
        "areas": areas,
        "area_bars": [{**a, "width": a["percent"]} for a in areas],
        "applying": applying,
        "not_applying": not_applying,
        "met": met,
        "open": len(applying) - met,
        "evidence": [{"item": e, "obligation": CATALOGUE.get(e.obligation.code)} for e in evidence],
        "assessments": assessments,
        "request_bars": _bars(requests),
        "requests_total": sum(n for _label, n in requests),
        "breaches": breaches or 0,
        "generated": timezone.localtime(timezone.now(), VN),
        "issuer_name": organization.name,
        "recipients_list": [_("Lưu: VT.")],
        "signer_title": _("Bộ phận bảo vệ dữ liệu cá nhân"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
        "date_parts": date_parts(timezone.localdate()),
    }


def report_pdf(organization, *, year: int, language: str = "vi") -> bytes:
    with translation.override(language):
        context = report_context(organization, year=year)
    return render_pdf("programme/pdf/report.html", context, language=language)
