"""The breach notification (Form 08, Law 91/2025 Art. 23; Decree 356 Art. 28) as a filing."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pdp_portal.filings import registry
from pdp_portal.filings.registry import Action
from pdp_portal.messages import literal

from .models import NOTIFY_AGENCY, NOTIFY_SUBJECTS, Breach, BreachReviewEvent, BreachSubmission

STATUS = {
    Breach.Review.RECEIVED: registry.SUBMITTED,
    Breach.Review.SUPPLEMENTED: registry.SUBMITTED,
    Breach.Review.ACKNOWLEDGED: registry.UNDER_REVIEW,
    Breach.Review.INFO_REQUESTED: registry.AWAITING_ORGANISATION,
    Breach.Review.CLOSED: registry.CLOSED,
}

REVIEW_EVENT = {
    BreachReviewEvent.Kind.ACKNOWLEDGE: "reviewed",
    BreachReviewEvent.Kind.REQUEST_INFO: "more_requested",
    BreachReviewEvent.Kind.CLOSE: "closed",
}


def _last_submitted_at(breach):
    return breach.submissions.aggregate(at=Max("submitted_at"))["at"] or breach.submitted_at


def _history(breach):
    for s in breach.submissions.defer("pdf", "snapshot").order_by("version"):
        if s.version == 1:
            kind = "submitted"
        elif s.answers_request_id:
            kind = "answered"
        else:
            kind = "version"
        yield s.timeline_event(
            kind, BreachSubmission.Kind(s.kind).label, version=s.version, note=s.note
        )
    for e in breach.review_events.all():
        yield e.timeline_event(REVIEW_EVENT[e.kind], note=e.message)


def _versions(breach):
    return [
        s.filing_version(
            s.version,
            str(s.get_kind_display()),
            [
                (
                    f"{_('Mẫu số 08')} · {s.document_number}",
                    reverse("breaches_regulator:submission_pdf", args=[breach.pk, s.version]),
                )
            ],
            note=s.note,
        )
        for s in breach.submissions.select_related("submitted_by").defer("pdf", "snapshot")
    ]


def _enclosures(breach):
    from .services import attachments_sent

    return registry.enclosure_links(
        attachments_sent(breach), "breaches_regulator:attachment", breach.pk
    )


def _actions(breach):
    review = breach.review_status
    if review == Breach.Review.CLOSED:
        return []
    actions = []
    if review in (Breach.Review.RECEIVED, Breach.Review.SUPPLEMENTED):
        url = reverse("breaches_regulator:acknowledge", args=[breach.pk])
        actions.append(Action(_("Xác nhận đã tiếp nhận"), url, primary=True))
    if review != Breach.Review.INFO_REQUESTED:
        url = reverse("breaches_regulator:request_info", args=[breach.pk])
        actions.append(Action(_("Yêu cầu bổ sung thông tin"), url))
    url = reverse("breaches_regulator:close", args=[breach.pk])
    actions.append(Action(_("Kết thúc xem xét"), url))
    return actions


BREACH = registry.register(
    registry.FilingKind(
        code="breach",
        label=pgettext_lazy("filing kind", "Thông báo vi phạm"),
        model="breaches.Breach",
        submitted=lambda b: bool(b.submitted_at and b.review_status),
        reference=lambda b: b.reference,
        # The summary is what the organisation typed: shown as typed, in every language.
        title=lambda b: literal(b.summary[:200]),
        organization_id=lambda b: b.organization_id,
        first_submitted_at=lambda b: b.submitted_at,
        last_submitted_at=_last_submitted_at,
        **registry.app_statuses("review_status", Breach.Review, STATUS),
        regulator_url_name="breaches_regulator:detail",
        organisation_url=lambda b: reverse("breaches:detail", args=[b.pk]),
        # Law 23(1), Decree 28: the organisation's 72 hours; Decree 29(1): the subjects' notice.
        organisation_rules=(NOTIFY_AGENCY, NOTIFY_SUBJECTS),
        watch=registry.watch_records(BreachSubmission, BreachReviewEvent),
        history=_history,
        versions=_versions,
        enclosures=_enclosures,
        actions=_actions,
    )
)
