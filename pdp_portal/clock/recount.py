"""Counting running clocks again when the calendar changes, and loading a year's calendar.

A recount moves due dates (the people responsible are told) and reopens an overdue clock whose
due date moved back into the future.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write
from pdp_portal.messages import due
from pdp_portal.notices.telling import tell_people

from .calendars import clear_cache
from .counting import compute_stored, iso
from .models import CalendarAdjustment, CalendarYear, Deadline
from .rules import ClockError, get_rule
from .service_base import (
    VN,
    Status,
    _check_move,
    _deadline_url,
    _lock,
    _next_check_at,
    _recipients_for,
    _recorded_stages,
    _what,
    audit_due,
    overdue_at,
)

# The clock services' logger, as before the recount had its own module.
log = logging.getLogger("pdp_portal.clock.services")


def deadline_recompute(*, deadline: Deadline, actor) -> Deadline:
    """Count the clock again (after a calendar adjustment) and store the new due instants."""
    with locked_for_write(deadline, _lock) as locked:
        _check_move(locked, "recompute")
        result = compute_stored(locked)
        old_due, old_extended = locked.due_at, locked.extended_due_at
        if locked.extension_days:
            locked.due_at = result.original_due_at or locked.due_at
            locked.extended_due_at = result.due_at
        else:
            locked.due_at = result.due_at
        changed = (locked.due_at, locked.extended_due_at) != (old_due, old_extended)
        old_reasons = locked.provisional_reasons
        locked.provisional_reasons = list(result.provisional_reasons)
        fields = ["due_at", "extended_due_at", "next_check_at", "provisional_reasons"]
        reopened = locked.status == Status.OVERDUE and timezone.now() < overdue_at(
            locked.effective_due_at
        )
        if reopened:
            _check_move(locked, Status.OPEN)
            locked.status = Status.OPEN
            locked.breached_at = None
            fields += ["status", "breached_at"]
        locked.next_check_at = _next_check_at(locked, _recorded_stages(locked))
        locked.save(update_fields=fields)
        if changed or reopened or old_reasons != locked.provisional_reasons:
            audit_record(
                actor=actor,
                action="deadline.recompute",
                message=gettext_noop("Tính lại thời hạn %(rule)s: %(old)s → %(new)s"),
                params={
                    "rule": locked.rule,
                    "old": audit_due(old_extended or old_due),
                    "new": audit_due(locked.effective_due_at),
                },
                obj=locked,
                organization=locked.organization,
                data={
                    "old_due_at": iso(old_due),
                    "old_extended_due_at": iso(old_extended) if old_extended else None,
                    "due_at": iso(locked.due_at),
                    "extended_due_at": (
                        iso(locked.extended_due_at) if locked.extended_due_at else None
                    ),
                    "reopened": reopened,
                    "provisional": locked.provisional_reasons,
                    "was_provisional": old_reasons,
                },
            )
        if changed:
            _notify_moved(locked, old_extended or old_due)
    return deadline


def _notify_moved(deadline: Deadline, old_due: dt.datetime) -> None:
    """Tell the people responsible for ``deadline`` that its due date moved (outbox, in-app)."""
    people = _recipients_for([deadline]).get(deadline.pk, [])
    new_due = deadline.effective_due_at
    url = _deadline_url(deadline)
    context = {
        "deadline": deadline,
        "organization_name": deadline.organization.name,
        "rule_code": deadline.rule,
        "basis": get_rule(deadline.rule).basis,
        "old_due_at": old_due,
        "due_at": new_due,
        "url": url,
    }
    tell_people(
        people,
        organization=deadline.organization,
        key=f"clock.moved:{deadline.pk}:{iso(old_due)}:{iso(new_due)}",
        title=gettext_noop("Hạn của “%(what)s” đã đổi: %(old)s → %(new)s"),
        params={"what": _what(deadline), "old": due(old_due), "new": due(new_due)},
        url=url,
        email=lambda person: {"template": "deadline_moved", "context": context},
    )


def _affected(*, first: dt.date, last: dt.date) -> QuerySet[Deadline]:
    """Return the running clocks whose counting may look at a day between ``first`` and ``last``."""
    # A clock only looks at the days from its start to its (possibly moved) due date; a changed
    # day outside that window cannot change its answer. Met and cancelled clocks are history.
    return (
        Deadline.objects.filter(
            status__in=(Status.OPEN, Status.OVERDUE),
            started_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, VN),
        )
        .annotate(effective=Coalesce(F("extended_due_at"), F("due_at")))
        .filter(effective__gte=dt.datetime.combine(first, dt.time.min, VN))
    )


def deadlines_recompute_calendar(
    *, actor, year: int | None = None, days: list[dt.date] | None = None
) -> dict:
    """Recompute the running clocks a calendar change touches; return counts of what changed.

    1. Drop the cached calendars, so the change is counted.
    2. Pick the running clocks whose window (start to due date) covers ``year`` or ``days``.
    3. Recompute each (deadline_recompute: new due date and provisional reasons, the people
       responsible told when the date moved, audited). Safe to run twice: a second run finds
       nothing to change.
    """
    clear_cache()
    if year is not None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif days:
        first, last = min(days), max(days)
    else:
        return {"checked": 0, "moved": 0, "failed": 0}
    checked = moved = failed = 0
    for deadline in _affected(first=first, last=last).order_by("pk"):
        before = (deadline.due_at, deadline.extended_due_at)
        try:
            with transaction.atomic():
                recomputed = deadline_recompute(deadline=deadline, actor=actor)
        except ClockError:
            log.exception("clock: recomputing deadline %s failed", deadline.pk)
            failed += 1
            continue
        checked += 1
        if (recomputed.due_at, recomputed.extended_due_at) != before:
            moved += 1
    return {"checked": checked, "moved": moved, "failed": failed}


def calendar_year_load(*, data: dict, actor) -> dict:
    """Store a year's decision (status, documents, days off and working days) and recompute.

    ``data`` is what clock.yearfile.parse returns. In one transaction: the CalendarYear row, an
    upsert of each day (CalendarAdjustment), an audit event; then every running clock the year
    touches is recomputed (deadlines_recompute_calendar).
    """
    year = data["year"]
    with transaction.atomic():
        row, created = CalendarYear.objects.select_for_update().get_or_create(year=year)
        before = {"status": row.status, "sources": row.sources}
        row.status = data["status"]
        row.sources = data["documents"]
        row.assumptions_vi = data.get("assumptions_vi", "")
        row.assumptions_en = data.get("assumptions_en", "")
        row.save()
        days_changed = []
        for day in data["days"]:
            values = {key: day[key] for key in day if key not in ("date", "calendar")}
            adjustment = CalendarAdjustment.objects.filter(
                date=day["date"], calendar=day["calendar"]
            ).first()
            if adjustment is None:
                CalendarAdjustment.objects.create(
                    date=day["date"], calendar=day["calendar"], **values
                )
                days_changed.append(day["date"])
                continue
            if any(getattr(adjustment, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(adjustment, key, value)
                adjustment.save()
                days_changed.append(day["date"])
        audit_record(
            actor=actor,
            action="clock.calendaryear.load",
            message=gettext_noop("Nạp lịch năm %(year)s (%(status)s)"),
            params={"year": year, "status": CalendarYear.Status(row.status).label},
            obj=row,
            data={
                "before": before,
                "status": row.status,
                "documents": row.sources,
                "days": [day.isoformat() for day in days_changed],
                "created": created,
            },
        )
        result = deadlines_recompute_calendar(actor=actor, year=year)
    result.update({"year": year, "status": row.status, "days_changed": len(days_changed)})
    return result
