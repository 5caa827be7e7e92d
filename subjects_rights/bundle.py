"""The rights-request section of the inspection bundle (Decree 356 Art. 5; Art. 31(3)(a))."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.filings.bundle import in_period, register_section

from .models import RightsRequest, Status

# The log names no data subject (Law 91/2025 Art. 3(4): only what the purpose needs): the
# inspector sees each request's kind, course and dates; names stay in the portal.
COLUMNS = (
    "reference",
    "request_type",
    "status",
    "channel",
    "received_at",
    "responded_at",
    "closed_at",
    "due_at",
    "extension_days",
    "refusal_ground",
)


def _rate(on_time: int, finished: int) -> str:
    return f"{on_time}/{finished} ({100 * on_time / finished:.1f}%)" if finished else "—"


def build(organization, period_start, period_end, writer):
    """Write the request log (CSV, streamed) and the on-time rates of its clocks."""
    start, end = in_period(period_start, period_end)
    requests = (
        RightsRequest.objects.filter(
            organization=organization, received_at__gte=start, received_at__lt=end
        )
        .exclude(status=Status.UNVERIFIED)
        .order_by("received_at", "pk")
    )
    count = writer.add_query("nhat-ky-yeu-cau.csv", requests, COLUMNS)
    by_status = dict(
        requests.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    # Decree 356 Art. 5(2)-(5): the 2-working-day response and the fulfilment periods, as the
    # clocks of the period recorded them (met in time, met late, still running).
    clocks = (
        Deadline.objects.filter(
            organization=organization,
            rule__startswith="rights.",
            started_at__gte=start,
            started_at__lt=end,
        )
        .exclude(status=Deadline.Status.CANCELLED)
        .values("rule")
        .annotate(
            met=Count("pk", filter=Q(status=Deadline.Status.MET, breached_at__isnull=True)),
            late=Count("pk", filter=Q(breached_at__isnull=False)),
            total=Count("pk"),
        )
        .order_by("rule")
    )
    rates = [
        {"rule": c["rule"], "on_time": c["met"], "late": c["late"], "total": c["total"]}
        for c in clocks
    ]
    writer.add_json("ty-le-dung-han.json", rates)
    respond = [r for r in rates if r["rule"] == "rights.respond"]
    fulfil = [r for r in rates if r["rule"] != "rights.respond"]
    lines = [(_("Yêu cầu tiếp nhận trong kỳ"), count)]
    lines += [(Status(code).label, n) for code, n in sorted(by_status.items())]
    lines.append(
        (
            _("Phản hồi đúng hạn (%(period)s, Nghị định 356/2025 Điều 5)")
            % {"period": get_rule("rights.respond").period_text},
            _rate(
                sum(r["on_time"] for r in respond),
                sum(r["on_time"] + r["late"] for r in respond),
            ),
        )
    )
    lines.append(
        (
            _("Thực hiện yêu cầu đúng hạn (Nghị định 356/2025 Điều 5 khoản 2-5)"),
            _rate(sum(r["on_time"] for r in fulfil), sum(r["on_time"] + r["late"] for r in fulfil)),
        )
    )
    return lines


register_section(
    "subjects_rights",
    title=gettext_noop("Yêu cầu của chủ thể dữ liệu và tỷ lệ đúng hạn"),
    order=30,
    builder=build,
    contents=("compliance",),
)
