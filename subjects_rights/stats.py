"""Figures of data-subject requests for the statistics pages (pdp_portal.stats)."""

from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, F, OuterRef, Q
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.models import Deadline
from pdp_portal.stats import registry as r

from .models import CLOSED_STATUSES, RESPOND_RULE, RequestType, RightsRequest, Status
from .permissions import visible_requests

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASIS = r.rule_basis(RESPOND_RULE)


def with_late(qs):
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


def _requests(scope: r.Scope):
    # The agency sees figures across organisations, never a request itself.
    base = RightsRequest.objects.all() if scope.for_agency else visible_requests(scope.user)
    return base.exclude(status=Status.UNVERIFIED).filter(
        organization__in=scope.organizations, **scope.period("received_at")
    )


def by_month(scope: r.Scope):
    return (
        _requests(scope)
        .annotate(month=TruncMonth("received_at", tzinfo=VN))
        .values("month")
        .annotate(
            total=Count("id"),
            **{t: Count("id", filter=Q(request_type=t)) for t in RequestType.values},
        )
        .order_by("month")
    )


def on_time(scope: r.Scope):
    rows = r.grouped(
        with_late(_requests(scope).filter(status__in=CLOSED_STATUSES)),
        "request_type",
        RequestType.choices,
        closed=Count("id"),
        late_count=Count("id", filter=Q(late=True)),
    )
    for row in rows:
        row["on_time"] = row["closed"] - row["late_count"]
    if rows:
        closed = sum(row["closed"] for row in rows)
        late = sum(row["late_count"] for row in rows)
        rows.append(
            {
                "request_type": _("Tất cả các loại"),
                "closed": closed,
                "late_count": late,
                "on_time": closed - late,
            }
        )
    for row in rows:
        row["rate"] = 100 * row["on_time"] / row["closed"]
    return rows


def response_time(scope: r.Scope):
    return r.grouped(
        _requests(scope).filter(responded_at__isnull=False),
        "request_type",
        RequestType.choices,
        responded=Count("id"),
        **r.duration_aggregates(F("responded_at") - F("received_at")),
    )


r.register(
    r.Figure(
        key="rights.by_month",
        title=_("Yêu cầu theo loại và tháng tiếp nhận"),
        rows=by_month,
        columns=(
            r.Column("month", _("Tháng"), r.MONTH),
            *(r.Column(value, label) for value, label in RequestType.choices),
            r.Column("total", _("Tổng")),
        ),
        chart=r.STACKED,
        series=tuple(RequestType.values),
        basis=_("Luật 91/2025 Điều 4 khoản 1"),
        order=10,
    ),
    r.Figure(
        key="rights.on_time",
        title=_("Yêu cầu đã kết thúc: đúng hạn và trễ hạn"),
        rows=on_time,
        columns=(
            r.Column("request_type", _("Loại yêu cầu"), r.LABEL),
            r.Column("closed", _("Đã kết thúc")),
            r.Column("on_time", _("Đúng hạn")),
            r.Column("late_count", _("Trễ hạn")),
            r.Column("rate", _("Tỷ lệ đúng hạn (%)"), r.PERCENT),
        ),
        chart=r.HSTACKED,
        series=("on_time", "late_count"),
        basis=BASIS,
        note=_("Trễ hạn: ít nhất một thời hạn của yêu cầu đã bị vượt quá."),
        order=20,
    ),
    r.Figure(
        key="rights.response_time",
        title=_("Thời gian phản hồi yêu cầu"),
        rows=response_time,
        columns=(
            r.Column("request_type", _("Loại yêu cầu"), r.LABEL),
            r.Column("responded", _("Đã phản hồi")),
            *r.durations(r.HOURS),
        ),
        chart=r.HBAR,
        series=r.DURATIONS,
        basis=BASIS,
        note=r.rule_note(
            _("Từ lúc tiếp nhận đến lúc phản hồi; thời hạn phản hồi: {period}."), RESPOND_RULE
        ),
        order=30,
    ),
)
