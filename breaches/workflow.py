"""Shared groundwork of the breach services (Law 91/2025 Art. 23; Decree 356/2025 Art. 28, 29).

The private helpers every step uses: locking a breach and checking its moves (the organisation's
own handling and the agency's review, Law 91/2025 Art. 23(4)), the latest deadline of each rule
(notice to the agency within 72 hours, Art. 23(1); keeping the record, Decree 356 Art. 29(1)(c))
and meeting it, and who is told: the agency's staff and the organisation's people.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import (
    deadline_meet,
    deadlines_for,
)
from pdp_portal.concurrency import locked_row
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.people import organization_people, regulators

from .models import (
    REVIEW_TRANSITIONS,
    TRANSITIONS,
    Breach,
    InvalidTransition,
)

Status = Breach.Status
Review = Breach.Review


# --- helpers -----------------------------------------------------------------------------------


def _lock(breach: Breach) -> Breach:
    # Re-read under a row lock: two people completing or submitting one breach take turns.
    return locked_row(
        Breach.objects.select_for_update(of=("self",)).select_related("organization"),
        InvalidTransition,
        pk=breach.pk,
    )


def _refresh(target: Breach, source: Breach) -> Breach:
    for f in Breach._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def _check(breach: Breach, target: str) -> None:
    if target not in TRANSITIONS[breach.status]:
        raise InvalidTransition(
            _("Không thể chuyển vi phạm từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": Status(breach.status).label, "target": Status(target).label}
        )


def _check_review(breach: Breach, target: str) -> None:
    if target not in REVIEW_TRANSITIONS[breach.review_status]:
        raise InvalidTransition(
            _("Không thể chuyển hồ sơ từ “%(current)s” sang “%(target)s”.")
            % {"current": Review(breach.review_status).label, "target": Review(target).label}
        )


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def breach_deadlines(breach: Breach) -> dict[str, Deadline]:
    """Return the latest deadline of each rule for ``breach`` (cancelled ones left out)."""
    result: dict[str, Deadline] = {}
    for deadline in deadlines_for(breach).exclude(status=Deadline.Status.CANCELLED).order_by("pk"):
        result[deadline.rule] = deadline
    return result


def _meet(breach: Breach, rule: str, at: dt.datetime, actor) -> Deadline | None:
    deadline = breach_deadlines(breach).get(rule)
    if deadline is not None and deadline.status in (Deadline.Status.OPEN, Deadline.Status.OVERDUE):
        return deadline_meet(deadline=deadline, at=at, actor=actor)
    return deadline


_regulators = regulators


def _org_people(organization, roles=(Membership.Role.DPO,)):
    return organization_people(organization, roles)
