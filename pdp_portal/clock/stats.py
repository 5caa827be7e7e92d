"""Figure of the statutory clocks for the statistics pages: deadlines met and missed, by rule."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.stats import registry as r

from .models import Deadline
from .permissions import visible_deadlines
from .rules import RULES

Status = Deadline.Status


def by_rule(scope: r.Scope):
    qs = visible_deadlines(scope.user)
    if scope.for_agency:
        # The agency's own clocks (review, decisions): an organisation's clock may belong to
        # something it has not filed yet (a breach not notified), which the agency never sees.
        qs = qs.filter(party=Deadline.Party.AGENCY)
    return r.grouped(
        qs.filter(organization__in=scope.organizations)
        .exclude(status=Status.CANCELLED)
        .filter(**scope.period("started_at")),
        "rule",
        # A retention period (reminds=False) is never met nor missed: it has no place here.
        [(code, f"{code} ({rule.period_text})") for code, rule in RULES.items() if rule.reminds],
        on_time=Count("id", filter=Q(status=Status.MET, breached_at__isnull=True)),
        met_late=Count("id", filter=Q(status=Status.MET, breached_at__isnull=False)),
        missed=Count("id", filter=Q(status=Status.OVERDUE)),
        running=Count("id", filter=Q(status=Status.OPEN)),
    )


r.register(
    r.Figure(
        key="clock.by_rule",
        title=_("Thời hạn đúng hạn và quá hạn, theo quy tắc"),
        rows=by_rule,
        columns=(
            r.Column("rule", _("Quy tắc"), r.LABEL),
            r.Column("on_time", _("Hoàn thành đúng hạn")),
            r.Column("met_late", _("Hoàn thành sau hạn")),
            r.Column("missed", _("Quá hạn, chưa hoàn thành")),
            r.Column("running", _("Đang chạy")),
        ),
        chart=r.HSTACKED,
        series=("on_time", "met_late", "missed", "running"),
        basis=_("Bộ luật Dân sự 2015 Điều 147-148 (cách tính thời hạn)"),
        note=_("Thời hạn bắt đầu trong khoảng thời gian đã chọn, và kết quả đến nay."),
        notes={r.AGENCY: _("Thời hạn của cơ quan chuyên trách (xem xét, quyết định).")},
        order=90,
    ),
)
