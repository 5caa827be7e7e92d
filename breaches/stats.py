"""Figures of breaches for the statistics pages (pdp_portal.stats): severity, the 72-hour duty."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.stats import registry as r

from .models import NOTIFY_AGENCY, Breach, BreachSubmission, Severity
from .permissions import submitted_breaches, visible_breaches


def _breaches(scope: r.Scope):
    # The agency counts only what was notified to it, never a draft (as its inbox does).
    base = submitted_breaches(scope.user) if scope.for_agency else visible_breaches(scope.user)
    return base.filter(organization__in=scope.organizations, **scope.period("discovered_at"))


def _with_late(qs):
    """Annotate ``late``: the first notification reached the agency after the 72 hours."""
    return qs.annotate(
        late=Exists(
            BreachSubmission.objects.filter(
                breach=OuterRef("pk"), kind="initial", within_deadline=False
            )
        )
    )


def by_severity(scope: r.Scope):
    return r.grouped(
        _breaches(scope),
        "severity",
        Severity.choices,
        total=Count("id"),
        notified=Count("id", filter=Q(submitted_at__isnull=False)),
        closed=Count("id", filter=Q(status=Breach.Status.CLOSED)),
    )


def notify_time(scope: r.Scope):
    rows = r.grouped(
        _with_late(_breaches(scope).filter(submitted_at__isnull=False)),
        "severity",
        Severity.choices,
        notified=Count("id"),
        late_count=Count("id", filter=Q(late=True)),
        **r.duration_aggregates(F("submitted_at") - F("discovered_at")),
    )
    for row in rows:
        row["within"] = row["notified"] - row["late_count"]
    return rows


def repeat_late(scope: r.Scope):
    return (
        _with_late(_breaches(scope))
        .values("organization_id", "organization__name")
        .annotate(late_count=Count("id", filter=Q(late=True)), notified=Count("id"))
        .filter(late_count__gt=1)
        .order_by("-late_count", "organization__name")
    )


BASIS = r.rule_basis(NOTIFY_AGENCY)

r.register(
    r.Figure(
        key="breaches.by_severity",
        title=_("Vi phạm theo mức độ nghiêm trọng"),
        rows=by_severity,
        columns=(
            r.Column("severity", _("Mức độ nghiêm trọng"), r.LABEL),
            r.Column("total", _("Số vi phạm")),
            r.Column("notified", _("Đã thông báo cho cơ quan chuyên trách")),
            r.Column("closed", _("Đã đóng")),
        ),
        chart=r.BAR,
        basis=_("Nghị định 356/2025 Điều 29 khoản 2 điểm c"),
        note=_("Theo thời điểm phát hiện."),
        notes={r.AGENCY: _("Chỉ các vi phạm đã được thông báo cho cơ quan chuyên trách.")},
        order=40,
    ),
    r.Figure(
        key="breaches.notify_time",
        title=_("Thời gian thông báo vi phạm cho cơ quan chuyên trách"),
        rows=notify_time,
        columns=(
            r.Column("severity", _("Mức độ nghiêm trọng"), r.LABEL),
            r.Column("notified", _("Đã thông báo")),
            r.Column("within", _("Trong thời hạn")),
            r.Column("late_count", _("Sau thời hạn")),
            *r.durations(r.HOURS),
        ),
        chart=r.BAR,
        series=r.DURATIONS,
        basis=BASIS,
        note=r.rule_note(
            _("Từ lúc phát hiện đến lần thông báo đầu tiên (Mẫu số 08); thời hạn: {period}."),
            NOTIFY_AGENCY,
        ),
        order=50,
    ),
    r.Figure(
        key="breaches.repeat_late",
        title=_("Tổ chức thông báo vi phạm trễ hạn nhiều lần"),
        rows=repeat_late,
        columns=(
            r.Column("organization__name", _("Tổ chức"), r.LABEL),
            r.Column("late_count", _("Thông báo sau thời hạn")),
            r.Column("notified", _("Vi phạm đã thông báo")),
        ),
        chart=r.HBAR,
        series=("late_count",),
        audiences=(r.AGENCY,),
        basis=BASIS,
        note=r.rule_note(
            _("Tổ chức có hơn một vi phạm được thông báo sau {period} kể từ khi phát hiện."),
            NOTIFY_AGENCY,
        ),
        order=60,
    ),
)
