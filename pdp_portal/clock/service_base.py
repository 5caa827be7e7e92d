"""What the clock's services share: the status moves they allow, the row lock, the reminder
stages of a clock and the instant the sweeper looks at it next, who is told, and how due instants
are written.

Civil Code 2015 Art. 148: a period ends at the end of its last day (``overdue_at``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from pdp_portal.concurrency import refresh
from pdp_portal.messages import msg
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.people import regulators as agency_people
from pdp_portal.workflow import move_allowed

from .calendars import previous_working_day, weekday_name
from .models import Deadline, DeadlineReminder
from .rules import ClockError, get_rule

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Deadline.Status
Stage = DeadlineReminder.Stage

# The statuses a deadline may move to from each status. OVERDUE -> OPEN only happens through
# deadline_recompute, when a calendar adjustment moves the due date back into the future.
TRANSITIONS: dict[str, set[str]] = {
    Status.OPEN: {Status.MET, Status.OVERDUE, Status.CANCELLED},
    Status.OVERDUE: {Status.MET, Status.CANCELLED, Status.OPEN},
    Status.MET: set(),
    Status.CANCELLED: set(),
}
# Actions that keep the status but still need a running clock.
ACTIONS_FROM: dict[str, set[str]] = {
    "extend": {Status.OPEN},
    "recompute": {Status.OPEN, Status.OVERDUE},
}
# Time order of the stages, to break ties between stages reached at the same instant.
STAGE_ORDER = [Stage.HALF, Stage.ONE_WORKING_DAY, Stage.DUE_TODAY, Stage.OVERDUE]

SYSTEM_ACTOR = "clock.sweep"


class InvalidTransition(ClockError):
    """A status move (or an action) that TRANSITIONS does not allow from the current status."""

    def __init__(self, current: str, target: str):
        self.current = current
        self.target = target
        super().__init__(
            _("Không thể chuyển thời hạn từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": _status_label(current), "target": _target_label(target)}
        )


def _status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


def _target_label(target: str) -> str:
    labels = {"extend": _("gia hạn"), "recompute": _("tính lại")}
    return str(labels.get(target) or _status_label(target))


def _check_move(deadline: Deadline, target: str) -> None:
    if not move_allowed(deadline.status, target, transitions=TRANSITIONS, actions=ACTIONS_FROM):
        raise InvalidTransition(deadline.status, target)


def _lock(deadline: Deadline) -> Deadline:
    # Re-read under a row lock: the sweeper and other writers see one change at a time.
    return (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=deadline.pk)
    )


# The caller's instance reflects the committed row, so it can keep using it.
_refresh_caller = refresh


# --- reminder stages ---------------------------------------------------------------------------


def overdue_at(due_at: dt.datetime) -> dt.datetime:
    """Return the first instant after the period: the due second itself still belongs to it."""
    # Civil Code 2015 Art. 148: a period ends at the end of its last day; due dates are shown to
    # the second (23:59:59), so the whole second is still on time.
    return due_at.replace(microsecond=0) + dt.timedelta(seconds=1)


def reminder_schedule(
    *, started_at: dt.datetime, due_at: dt.datetime, calendar: str
) -> list[tuple[str, dt.datetime]]:
    """Return the reminder stages of a clock with the instant each is reached, in time order."""
    due_day = due_at.astimezone(VN).date()
    stages: list[tuple[str, dt.datetime]] = [(Stage.HALF, started_at + (due_at - started_at) / 2)]
    try:
        last_working_day = previous_working_day(due_day, calendar)
    except ClockError:
        # A year the calendar does not know: skip this stage rather than guess the day.
        last_working_day = None
    if last_working_day is not None:
        stages.append(
            (Stage.ONE_WORKING_DAY, dt.datetime.combine(last_working_day, dt.time.min, VN))
        )
    stages.append((Stage.DUE_TODAY, dt.datetime.combine(due_day, dt.time.min, VN)))
    stages.append((Stage.OVERDUE, overdue_at(due_at)))
    # A stage reached at or before the start says nothing the opening did not already say.
    kept = [(stage, at) for stage, at in stages if at > started_at]
    return sorted(kept, key=lambda item: (item[1], STAGE_ORDER.index(item[0])))


def _schedule_of(deadline: Deadline) -> list[tuple[str, dt.datetime]]:
    return reminder_schedule(
        started_at=deadline.started_at,
        due_at=deadline.effective_due_at,
        calendar=deadline.calendar,
    )


def _next_check_at(deadline: Deadline, recorded: set[str]) -> dt.datetime | None:
    """Return the earliest instant at which the sweeper has something left to do, or None."""
    if deadline.status not in (Status.OPEN, Status.OVERDUE) or not get_rule(deadline.rule).reminds:
        return None
    pending = [at for stage, at in _schedule_of(deadline) if stage not in recorded]
    if deadline.status == Status.OPEN:
        # The move to overdue does not depend on the ledger (a recompute may reopen a clock whose
        # overdue reminder already went out).
        pending.append(overdue_at(deadline.effective_due_at))
    return min(pending, default=None)


def _recorded_stages(deadline: Deadline) -> set[str]:
    return set(DeadlineReminder.objects.filter(deadline=deadline).values_list("stage", flat=True))


def _recipients_for(rows: list[Deadline]) -> dict[int, list]:
    """Return, per deadline, who is told: the responsible user and the DPOs, or the regulators."""
    org_ids = {row.organization_id for row in rows if row.party == Deadline.Party.ORGANIZATION}
    dpos: dict[int, list] = {}
    if org_ids:
        for membership in (
            Membership.objects.filter(
                organization_id__in=org_ids,
                role=Membership.Role.DPO,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user_id")
        ):
            dpos.setdefault(membership.organization_id, []).append(membership.user)
    regulators: list = []
    if any(row.party == Deadline.Party.AGENCY for row in rows):
        regulators = list(agency_people().order_by("pk"))
    result: dict[int, list] = {}
    for row in rows:
        people = [row.responsible] if row.responsible and row.responsible.is_active else []
        people += (
            regulators if row.party == Deadline.Party.AGENCY else dpos.get(row.organization_id, [])
        )
        unique = {person.pk: person for person in people}
        result[row.pk] = list(unique.values())
    return result


def _deadline_url(deadline: Deadline) -> str:
    try:
        return reverse("clock:deadline_detail", args=[deadline.pk])
    except NoReverseMatch:
        return ""


def _what(deadline: Deadline) -> dict | str:
    """Return the deadline's label as a parameter read in its reader's language (or its rule)."""
    if not deadline.label_message:
        return deadline.rule
    return msg(deadline.label_message, deadline.label_params)


def audit_due(value: dt.datetime) -> str:
    """Return an instant for the audit trail: the same text whatever language is active."""
    return value.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S")


def format_due(value: dt.datetime) -> str:
    """Return an instant as 'Thứ Năm, 12/03/2026 23:59 (giờ Việt Nam)' in the active language."""
    local = value.astimezone(VN)
    return _("%(weekday)s, %(date)s (giờ Việt Nam)") % {
        "weekday": capfirst(weekday_name(local.date())),
        "date": local.strftime("%d/%m/%Y %H:%M"),
    }
