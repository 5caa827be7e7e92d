"""Figures of impact dossiers for the statistics pages (pdp_portal.stats): status, review time."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from pdp_portal.stats import registry as r

from .models import Dossier, ReviewEvent
from .permissions import submitted_dossiers, visible_dossiers

REVIEW_RULE = "dossier.review"
DECISIONS = (ReviewEvent.Kind.ACCEPT, ReviewEvent.Kind.REQUEST_COMPLETION)


def _dossiers(scope: r.Scope):
    # The agency counts filed dossiers only, never a draft (as its inbox does).
    base = submitted_dossiers(scope.user) if scope.for_agency else visible_dossiers(scope.user)
    return base.filter(organization__in=scope.organizations)


def by_status(scope: r.Scope):
    # Where the dossiers stand today: one dossier of each kind per organisation, so no period.
    return r.grouped(
        _dossiers(scope),
        "status",
        Dossier.Status.choices,
        **{k: Count("id", filter=Q(kind=k)) for k in Dossier.Kind.values},
    )


def review_time(scope: r.Scope):
    return r.grouped(
        ReviewEvent.objects.filter(
            dossier__in=_dossiers(scope),
            kind__in=DECISIONS,
            version__isnull=False,
            **scope.period("created_at"),
        ),
        "dossier__kind",
        Dossier.Kind.choices,
        decisions=Count("id"),
        accepted=Count("id", filter=Q(kind=ReviewEvent.Kind.ACCEPT)),
        completion=Count("id", filter=Q(kind=ReviewEvent.Kind.REQUEST_COMPLETION)),
        **r.duration_aggregates(F("created_at") - F("version__submitted_at")),
    )


r.register(
    r.Figure(
        key="dossiers.by_status",
        title=_("Hồ sơ đánh giá tác động theo trạng thái"),
        rows=by_status,
        columns=(
            r.Column("status", _("Trạng thái"), r.LABEL),
            *(r.Column(value, label) for value, label in Dossier.Kind.choices),
        ),
        chart=r.STACKED,
        basis=_("Luật 91/2025 Điều 20, 21; Nghị định 356/2025 Điều 18, 19"),
        note=_("Tình trạng hiện tại, không theo khoảng thời gian."),
        order=70,
    ),
    r.Figure(
        key="dossiers.review_time",
        title=_("Thời gian xem xét hồ sơ của cơ quan chuyên trách"),
        rows=review_time,
        columns=(
            r.Column("dossier__kind", _("Loại hồ sơ"), r.LABEL),
            r.Column("decisions", _("Kết quả xem xét")),
            r.Column("accepted", _("Đạt yêu cầu")),
            r.Column("completion", _("Yêu cầu hoàn thiện")),
            *r.durations(r.DAYS),
        ),
        chart=r.HBAR,
        series=r.DURATIONS,
        basis=r.rule_basis(REVIEW_RULE),
        note=r.rule_note(
            _("Từ lúc nộp phiên bản đến kết quả xem xét; thời hạn: {period}."), REVIEW_RULE
        ),
        order=80,
    ),
)
