"""The steps every filing's services repeat around one move, whatever the app.

A breach notification (Law 91/2025 Art. 23(4)), an impact dossier (Decree 356 Art. 18-20) and a
certificate application or change (Decree 356 Art. 25-26) are moved the same way: the service
re-reads the row under its lock, checks the move against the app's transition table, meets (or
cancels) the agency's and the organisation's running clocks through the clock service, records
the event and tells both sides. The steps are written here once; each app keeps its statuses, events, texts and
e-mail templates. This module imports no app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadline_cancel, deadline_meet, deadlines_for
from pdp_portal.concurrency import locked_row
from pdp_portal.notices.services import notification_create
from pdp_portal.notices.telling import tell_people
from pdp_portal.organizations.people import ACTING_ROLES, organization_people, regulators
from pdp_portal.workflow import InvalidTransition

# A clock still counting: open, or past its due instant and not yet met.
RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)


# --- the row -----------------------------------------------------------------------------------


def lock_row(obj, related: Iterable[str] = ("organization",)):
    """Re-read ``obj`` under a row lock: two people acting on one filing take turns.

    A row another request deleted since the caller read it is refused (``InvalidTransition``),
    never a server error.
    """
    queryset = type(obj).objects.select_for_update(of=("self",)).select_related(*related)
    return locked_row(queryset, InvalidTransition, pk=obj.pk)


@dataclass(frozen=True)
class Moves:
    """The moves one status field of a filed object may make: the app's transition table.

    ``labels`` are the field's choices (``labels(code).label``); ``refusal`` is the text (lazily
    translated) said when a move is not allowed, with ``%(current)s``, ``%(target)s`` and the
    object's attributes ``named``.
    """

    table: Mapping[str, set[str]]
    labels: Callable
    refusal: str = gettext_lazy(
        "Không thể chuyển hồ sơ từ trạng thái “%(current)s” sang “%(target)s”."
    )
    field: str = "status"
    named: tuple[str, ...] = ()

    def check(self, obj, target: str) -> None:
        """Refuse (``InvalidTransition``) a move of ``obj`` to ``target`` the table does not allow."""
        current = getattr(obj, self.field)
        if target not in self.table[current]:
            params = {name: getattr(obj, name) for name in self.named}
            current_label, target_label = self.labels(current).label, self.labels(target).label
            raise InvalidTransition(
                self.refusal % {"current": current_label, "target": target_label, **params}
            )


# --- the clocks --------------------------------------------------------------------------------


def latest_deadlines(subject) -> dict[str, Deadline]:
    """Return the latest deadline of each rule for ``subject`` (cancelled ones left out)."""
    result: dict[str, Deadline] = {}
    for deadline in deadlines_for(subject).exclude(status=Deadline.Status.CANCELLED).order_by("pk"):
        result[deadline.rule] = deadline
    return result


def meet(subject, rule: str, at: dt.datetime, actor) -> Deadline | None:
    """Meet the latest ``rule`` clock of ``subject`` if it is still running; return that clock."""
    deadline = latest_deadlines(subject).get(rule)
    if deadline is not None and deadline.status in RUNNING:
        return deadline_meet(deadline=deadline, at=at, actor=actor)
    return deadline


def meet_running(subject, rules: Iterable[str], at: dt.datetime, actor) -> None:
    """Meet every running clock of ``subject`` under one of ``rules``."""
    for deadline in deadlines_for(subject).filter(rule__in=list(rules), status__in=RUNNING):
        deadline_meet(deadline=deadline, at=at, actor=actor)


def cancel_running(subject, actor, reason: str) -> None:
    """Cancel every running clock of ``subject`` (``reason``: a message key)."""
    for deadline in deadlines_for(subject).filter(status__in=RUNNING):
        deadline_cancel(deadline=deadline, actor=actor, reason=reason)


# --- who is told -------------------------------------------------------------------------------


def tell_agency(*, key: str, message: str, params: dict, url: str, people=None) -> None:
    """Notify the agency's reviewers (``people``, or every active reviewer) in the portal."""
    for reviewer in regulators() if people is None else people:
        notification_create(user=reviewer, key=key, message=message, params=params, url=url)


def tell_organisation(
    organization,
    *,
    key: str,
    message: str,
    params: dict,
    url: str,
    roles=ACTING_ROLES,
    email: Callable[[object], dict] | None = None,
    email_key: str | None = None,
) -> None:
    """Notify the organisation's acting people in the portal and, with ``email``, by e-mail.

    ``message`` is a message key with its ``params``: the notification reads in its reader's
    language. ``email(person)`` gives the outbox message (``template``, ``context`` and, if the
    e-mail is rendered in the recipient's language, ``language``); it goes through the outbox once
    per ``email_key`` (``key`` by default) and person.
    """
    tell_people(
        organization_people(organization, roles),
        organization=organization,
        key=key,
        title=message,
        params=params,
        url=url,
        email=email,
        email_key=email_key,
    )
