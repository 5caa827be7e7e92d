"""The agency's review of a filed dossier: assigning, accepting, requesting completion.

Decree 356 Art. 18(5)-(6), 19(5)-(6).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.services import deadlines_set_responsible
from pdp_portal.concurrency import locked_for_write
from pdp_portal.filings.review import tell_agency, tell_organisation
from pdp_portal.organizations.permissions import is_regulator

from .models import Dossier, InvalidTransition, ReviewEvent
from .service_base import (
    COMPLETE,
    REVIEW,
    Status,
    _check,
    _lock,
    _meet_running,
    _open,
    _user,
)

# --- the agency's review -----------------------------------------------------------------------


def _require_regulator(actor) -> None:
    if not is_regulator(actor):
        raise InvalidTransition(_("Chỉ cán bộ cơ quan chuyên trách được thực hiện."))


def dossier_assign(*, actor, dossier: Dossier, reviewer) -> ReviewEvent:
    """Make ``reviewer`` responsible for the dossier and its review clock."""
    _require_regulator(actor)
    if reviewer is None or not is_regulator(reviewer):
        raise ValidationError(
            {"reviewer": [_("Người được phân công phải là cán bộ cơ quan chuyên trách.")]}
        )
    with locked_for_write(dossier, _lock) as locked:
        if locked.first_submitted_at is None:
            raise InvalidTransition(_("Hồ sơ chưa được nộp."))
        locked.assigned_reviewer = reviewer
        fields = ["assigned_reviewer", "updated_at"]
        if locked.status == Status.SUBMITTED:
            _check(locked, Status.UNDER_REVIEW)
            locked.status = Status.UNDER_REVIEW
            fields.append("status")
        locked.save(update_fields=fields)
        version = locked.versions.order_by("-number").first()
        deadlines_set_responsible(subject=version, responsible=reviewer, actor=actor)
        event = ReviewEvent.objects.create(
            dossier=locked,
            version=version,
            kind=ReviewEvent.Kind.ASSIGN,
            reviewer=reviewer,
            actor=_user(actor),
        )
        audit_record(
            actor=actor,
            action="dossier.assign",
            message=gettext_noop("Phân công %(user)s xem xét hồ sơ %(ref)s"),
            params={"user": reviewer.get_username(), "ref": locked.reference},
            obj=locked,
            data={"reviewer": reviewer.pk},
        )
        if reviewer != actor:
            tell_agency(
                key=f"dossier.assign:{event.pk}",
                message=gettext_noop("Được phân công xem xét hồ sơ %(ref)s"),
                params={"ref": locked.reference},
                url=reverse("dossiers_regulator:detail", args=[locked.pk]),
                people=[reviewer],
            )
    return event


def _decide(*, actor, dossier: Dossier, kind: str, target: str, reasons: str) -> ReviewEvent:
    _require_regulator(actor)
    with locked_for_write(dossier, _lock) as locked:
        _check(locked, target)
        now = timezone.now()
        version = locked.versions.order_by("-number").first()
        _meet_running(version, [REVIEW], now, actor)
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        event = ReviewEvent.objects.create(
            dossier=locked, version=version, kind=kind, reasons=reasons, actor=_user(actor)
        )
        if kind == ReviewEvent.Kind.REQUEST_COMPLETION:
            # Decree 356 Art. 18(6), 19(6): the organisation completes the dossier within the period.
            _open(COMPLETE, locked, locked, now, actor)
        audit_record(
            actor=actor,
            action=f"dossier.{kind}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s, hồ sơ %(ref)s (phiên bản %(v)s)"),
            params={
                "what": ReviewEvent.Kind(kind).label,
                "ref": locked.reference,
                "v": version.number,
            },
            obj=locked,
            data={"reasons": reasons[:500], "version": version.number},
        )
        url = reverse("dossiers:detail", args=[locked.pk])
        # Lazy labels: the e-mail renders them in its own language.
        context = {
            "dossier_reference": locked.reference,
            "dossier_kind": Dossier.Kind(locked.kind).label,
            "organization_name": locked.organization.name,
            "decision": ReviewEvent.Kind(kind).label,
            "completion": kind == ReviewEvent.Kind.REQUEST_COMPLETION,
            "reasons": reasons,
            "version": version.number,
            "url": url,
        }
        tell_organisation(
            locked.organization,
            key=f"dossier.decision:{event.pk}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s (hồ sơ %(ref)s)"),
            params={"what": ReviewEvent.Kind(kind).label, "ref": locked.reference},
            url=url,
            email=lambda person: {"template": "dossier_decision", "context": context},
        )
    return event


def dossier_accept(*, actor, dossier: Dossier, reasons: str = "") -> ReviewEvent:
    """Decide that the dossier meets the requirements (Decree 356 Art. 18(5), 19(5))."""
    return _decide(
        actor=actor,
        dossier=dossier,
        kind=ReviewEvent.Kind.ACCEPT,
        target=Status.ACCEPTED,
        reasons=(reasons or "").strip(),
    )


def dossier_request_completion(*, actor, dossier: Dossier, reasons: str) -> ReviewEvent:
    """Ask the organisation to complete the dossier, with reasons (Decree 356 Art. 18(6), 19(6))."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": [_("Cần nêu nội dung cần hoàn thiện và lý do.")]})
    return _decide(
        actor=actor,
        dossier=dossier,
        kind=ReviewEvent.Kind.REQUEST_COMPLETION,
        target=Status.COMPLETION_REQUESTED,
        reasons=reasons,
    )


def open_completion_request(dossier: Dossier) -> ReviewEvent | None:
    """Return the agency's latest completion request if the dossier still has to answer it."""
    if dossier.status != Status.COMPLETION_REQUESTED:
        return None
    return (
        dossier.review_events.filter(kind=ReviewEvent.Kind.REQUEST_COMPLETION)
        .order_by("-pk")
        .first()
    )


def next_version_number(dossier: Dossier) -> int:
    return (dossier.versions.aggregate(m=Max("number"))["m"] or 0) + 1
