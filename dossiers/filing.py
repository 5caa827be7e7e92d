"""The impact dossiers (Forms 01a-03b, 09, 10; Decree 356 Art. 18-20) as filings."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from pdp_portal.filings import registry
from pdp_portal.filings.registry import Action

from .models import AWAITING_AGENCY, Dossier, DossierVersion, InvalidTransition, ReviewEvent

STATUS = {
    Dossier.Status.SUBMITTED: registry.SUBMITTED,
    Dossier.Status.UNDER_REVIEW: registry.UNDER_REVIEW,
    Dossier.Status.COMPLETION_REQUESTED: registry.AWAITING_ORGANISATION,
    Dossier.Status.ACCEPTED: registry.DECIDED,
}

VERSION_EVENT = {
    DossierVersion.Kind.INITIAL: "submitted",
    DossierVersion.Kind.COMPLETION: "answered",
    DossierVersion.Kind.UPDATE: "version",
}

REVIEW_EVENT = {
    ReviewEvent.Kind.ASSIGN: "assigned",
    ReviewEvent.Kind.ACCEPT: "decided",
    ReviewEvent.Kind.REQUEST_COMPLETION: "more_requested",
}


def _latest_version(dossier):
    return dossier.versions.only("pk", "dossier_id", "number").order_by("-number").first()


def _history(dossier):
    for v in dossier.versions.only(
        "pk", "number", "kind", "submitted_at", "submitted_by_id", "change_reason"
    ).order_by("number"):
        yield v.timeline_event(
            VERSION_EVENT[v.kind], DossierVersion.Kind(v.kind).label, version=v.number
        )
    for e in dossier.review_events.select_related("reviewer", "version"):
        message, params = None, {}
        if e.kind == ReviewEvent.Kind.ASSIGN and e.reviewer:
            message = gettext_noop("Phân công %(user)s xem xét")
            params = {"user": e.reviewer.get_username()}
        yield e.timeline_event(
            REVIEW_EVENT[e.kind],
            message,
            params=params,
            version=e.version.number if e.version else None,
            note=e.reasons,
        )


def _versions(dossier):
    rows = []
    for v in (
        dossier.versions.defer("notice_pdf", "report_pdf", "update_pdf", "snapshot")
        .select_related("submitted_by")
        .prefetch_related("enclosures")
        .order_by("number")
    ):
        args = [dossier.pk, v.number]
        docs = [
            (_("Thông báo"), reverse("dossiers_regulator:version_pdf", args=[*args, "notice"])),
            (_("Báo cáo"), reverse("dossiers_regulator:version_pdf", args=[*args, "report"])),
            (_("Gói hồ sơ (ZIP)"), reverse("dossiers_regulator:package", args=args)),
        ]
        enclosures = registry.enclosure_links(
            v.enclosures.all(), "dossiers_regulator:version_enclosure", *args, name="description"
        )
        rows.append(
            v.filing_version(
                v.number, str(v.get_kind_display()), docs, enclosures=tuple(enclosures)
            )
        )
    return rows


def _actions(dossier):
    if dossier.status not in AWAITING_AGENCY:
        return []
    return [
        Action(
            _("Hồ sơ đạt yêu cầu"),
            reverse("dossiers_regulator:accept", args=[dossier.pk]),
            primary=True,
            text_field="reasons",
        ),
        Action(
            _("Yêu cầu hoàn thiện hồ sơ"),
            reverse("dossiers_regulator:request_completion", args=[dossier.pk]),
            text_field="reasons",
        ),
    ]


def _assign(*, actor, obj, reviewer):
    # The dossier keeps its own reviewer: its review clock's reminders follow him or her.
    from .services import dossier_assign

    try:
        dossier_assign(actor=actor, dossier=obj, reviewer=reviewer)
    except InvalidTransition as exc:  # the core knows refusals as ValidationError only
        raise ValidationError(str(exc)) from exc


DOSSIER = registry.register(
    registry.FilingKind(
        code="dossier",
        label=pgettext_lazy("filing kind", "Hồ sơ đánh giá tác động"),
        model="dossiers.Dossier",
        submitted=lambda d: d.first_submitted_at is not None,
        reference=lambda d: d.reference,
        title=lambda d: (Dossier.Kind(d.kind).label, {}),
        organization_id=lambda d: d.organization_id,
        first_submitted_at=lambda d: d.first_submitted_at,
        last_submitted_at=lambda d: d.last_filed_at or d.first_submitted_at,
        **registry.app_statuses("status", Dossier.Status, STATUS),
        regulator_url_name="dossiers_regulator:detail",
        organisation_url=lambda d: reverse("dossiers:detail", args=[d.pk]),
        # Decree 356 Art. 18(5), 19(5): the agency's review; 18(6), 19(6), 20: the organisation's.
        agency_rules=("dossier.review",),
        organisation_rules=(
            "dossier.complete",
            "dossier.update.periodic",
            "dossier.update.immediate",
        ),
        deadline_subjects=lambda d: [d, _latest_version(d)],
        watch=registry.watch_records(DossierVersion, ReviewEvent),
        history=_history,
        versions=_versions,
        actions=_actions,
        assignee_id=lambda d: d.assigned_reviewer_id,
        assign=_assign,
    )
)
