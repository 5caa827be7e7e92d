"""Open, meet, extend, cancel and recompute deadlines; sweep their reminder stages.

Every due date comes from ``clock.counting``; this module only stores what it answers, moves the
status along ``TRANSITIONS`` and keeps ``next_check_at`` (the instant the sweeper has something to
do for a deadline) up to date.

Catch-up policy of the sweeper: when several reminder stages of one deadline have been reached
since its last sweep (after an outage, or a clock opened late), every one of them is written to the
``DeadlineReminder`` ledger, but only the latest (the most urgent) is e-mailed and notified; the
earlier ones are recorded as passed, never sent afterwards. A stage is sent at most once, ever: the
unique (deadline, stage) constraint of the ledger decides, and the outbox key is a second guard.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.messages import due, literal, msg
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import REGULATOR_GROUP

from .calendars import clear_cache, previous_working_day, weekday_name
from .counting import compute, iso
from .models import (
    Calendar,
    CalendarAdjustment,
    CalendarFeed,
    CalendarYear,
    Deadline,
    DeadlineReminder,
)
from .rules import ClockError, get_rule

log = logging.getLogger(__name__)

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

# Small transactions: a claimed row stays locked only while its batch is written.
SWEEP_BATCH = 100
# Bounded work per run (beat comes back every minute): 50 x 100 reminders per minute at most.
SWEEP_MAX_BATCHES = 50

# A deadline whose sweep failed is looked at again after this long (the error is logged).
SWEEP_RETRY_AFTER = dt.timedelta(minutes=10)

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
    if target in ACTIONS_FROM:
        allowed = deadline.status in ACTIONS_FROM[target]
    else:
        allowed = target in TRANSITIONS[deadline.status]
    if not allowed:
        raise InvalidTransition(deadline.status, target)


def _lock(deadline: Deadline) -> Deadline:
    # Re-read under a row lock: the sweeper and other writers see one change at a time.
    return (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=deadline.pk)
    )


def _refresh_caller(target: Deadline, source: Deadline) -> Deadline:
    # The caller's instance reflects the committed row, so it can keep using it.
    for field in Deadline._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


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


# --- services ----------------------------------------------------------------------------------


def _default_calendar(rule, organization) -> str:
    # DESIGN section 2: the agency's clocks count on the public-sector calendar; an organisation's
    # clocks on the calendar the organisation chose.
    if rule.party == Deadline.Party.AGENCY:
        return str(rule.default_calendar or Calendar.PUBLIC_SECTOR)
    return organization.calendar or str(rule.default_calendar)


def deadline_open(
    *,
    organization,
    rule: str,
    subject,
    started_at: dt.datetime,
    responsible=None,
    label: str = "",
    label_message: str = "",
    label_params: dict | None = None,
    calendar: str | None = None,
    actor=None,
) -> Deadline:
    """Open a clock for ``subject`` and store the due instant that clock.counting gives.

    The label is stored as a message key and parameters, rendered in each reader's language:
    ``label_message`` (default: the rule's label) with ``label_params``; a finished ``label`` text
    is kept verbatim as a literal.
    """
    rule_obj = get_rule(rule)
    if label and not label_message:
        label_message, label_params = literal(label[:300])
    elif label_params is not None and not label_message:
        label_message = rule_obj.label
    calendar = calendar or _default_calendar(rule_obj, organization)
    if calendar not in Calendar.values:
        raise ClockError(_("Không có lịch “%(calendar)s”.") % {"calendar": calendar})
    result = compute(rule, started_at, calendar=calendar)
    with transaction.atomic():
        deadline = Deadline(
            organization=organization,
            rule=rule,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            label_message=label_message,
            label_params=label_params or {},
            party=rule_obj.party,
            responsible=responsible,
            calendar=calendar,
            started_at=started_at,
            due_at=result.due_at,
            provisional_reasons=list(result.provisional_reasons),
        )
        deadline.next_check_at = _next_check_at(deadline, set())
        deadline.save(force_insert=True)
        audit_record(
            actor=actor if actor is not None else SYSTEM_ACTOR,
            action="deadline.open",
            message=gettext_noop("Bắt đầu tính thời hạn %(rule)s, hạn %(due)s"),
            params={"rule": rule, "due": audit_due(deadline.due_at)},
            obj=deadline,
            organization=organization,
            data={
                "rule": rule,
                "calendar": calendar,
                "started_at": iso(started_at),
                "due_at": iso(deadline.due_at),
                "provisional": deadline.provisional_reasons,
                "subject": f"{deadline.content_type.app_label}.{deadline.content_type.model}:"
                f"{deadline.object_id}",
            },
        )
    return deadline


def deadline_meet(*, deadline: Deadline, at: dt.datetime | None = None, actor) -> Deadline:
    """Mark the clock met at ``at`` (default: now); a late answer keeps its breach time."""
    with transaction.atomic():
        locked = _lock(deadline)
        _check_move(locked, Status.MET)
        now = timezone.now()
        at = at or now
        if at < locked.started_at:
            raise ClockError(_("Thời điểm hoàn thành không thể trước thời điểm bắt đầu."))
        if at > now:
            raise ClockError(_("Thời điểm hoàn thành không thể ở tương lai."))
        due = locked.effective_due_at
        locked.status = Status.MET
        locked.met_at = at
        if at >= overdue_at(due) and locked.breached_at is None:
            locked.breached_at = due
        locked.next_check_at = None
        locked.save(update_fields=["status", "met_at", "breached_at", "next_check_at"])
        audit_record(
            actor=actor,
            action="deadline.meet",
            message=gettext_noop("Hoàn thành thời hạn %(rule)s (trễ hạn)")
            if locked.breached_at
            else gettext_noop("Hoàn thành thời hạn %(rule)s"),
            params={"rule": locked.rule},
            obj=locked,
            organization=locked.organization,
            data={"met_at": iso(at), "late": locked.breached_at is not None},
        )
    return _refresh_caller(deadline, locked)


def deadline_extend(*, deadline: Deadline, days: int, reason: str, actor) -> Deadline:
    """Extend the clock once by ``days`` within the rule's maximum, with a reason; else ClockError."""
    with transaction.atomic():
        locked = _lock(deadline)
        _check_move(locked, "extend")
        rule = get_rule(locked.rule)
        # Decree 356 Art. 5(2)-(5): one extension only, with its reasons told to the data subject.
        if locked.extension_days:
            raise ClockError(_("Thời hạn này đã được gia hạn một lần; không được gia hạn lần nữa."))
        if not (reason or "").strip():
            raise ClockError(_("Cần nêu lý do gia hạn."))
        if not rule.max_extension_days:
            raise ClockError(_("Thời hạn %(rule)s không được gia hạn.") % {"rule": locked.rule})
        if not isinstance(days, int) or days < 1 or days > rule.max_extension_days:
            raise ClockError(
                _("Chỉ được gia hạn từ 1 đến %(max)s ngày (%(basis)s).")
                % {"max": rule.max_extension_days, "basis": rule.basis}
            )
        if timezone.now() >= overdue_at(locked.due_at):
            # The extension prolongs a running period; an ended one can no longer be extended.
            raise ClockError(_("Thời hạn đã kết thúc; không thể gia hạn."))
        result = compute(locked.rule, locked.started_at, calendar=locked.calendar, extend_days=days)
        locked.extended_due_at = result.due_at
        locked.extension_days = days
        locked.extension_reason = reason.strip()
        locked.provisional_reasons = list(result.provisional_reasons)
        locked.next_check_at = _next_check_at(locked, _recorded_stages(locked))
        locked.save(
            update_fields=[
                "extended_due_at",
                "extension_days",
                "extension_reason",
                "provisional_reasons",
                "next_check_at",
            ]
        )
        audit_record(
            actor=actor,
            action="deadline.extend",
            message=gettext_noop("Gia hạn %(rule)s thêm %(days)s ngày, hạn mới %(due)s"),
            params={"rule": locked.rule, "days": days, "due": audit_due(result.due_at)},
            obj=locked,
            organization=locked.organization,
            data={
                "days": days,
                "reason": locked.extension_reason,
                "due_at": iso(locked.due_at),
                "extended_due_at": iso(result.due_at),
            },
        )
    return _refresh_caller(deadline, locked)


def deadline_cancel(*, deadline: Deadline, actor, reason: str) -> Deadline:
    """Stop the clock (e.g. the request was withdrawn); the reason goes to the audit trail."""
    if not (reason or "").strip():
        raise ClockError(_("Cần nêu lý do hủy thời hạn."))
    with transaction.atomic():
        locked = _lock(deadline)
        _check_move(locked, Status.CANCELLED)
        locked.status = Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.next_check_at = None
        locked.save(update_fields=["status", "cancelled_at", "next_check_at"])
        audit_record(
            actor=actor,
            action="deadline.cancel",
            message=gettext_noop("Hủy thời hạn %(rule)s"),
            params={"rule": locked.rule},
            obj=locked,
            organization=locked.organization,
            data={"reason": reason.strip()},
        )
    return _refresh_caller(deadline, locked)


def deadlines_set_responsible(*, subject, responsible, actor) -> int:
    """Make ``responsible`` the person reminded by every running clock of ``subject``."""
    with transaction.atomic():
        running = deadlines_for(subject).filter(status__in=(Status.OPEN, Status.OVERDUE))
        changed = (
            running.exclude(responsible=responsible)
            if responsible
            else running.exclude(responsible=None)
        )
        rows = list(changed.select_for_update())
        for row in rows:
            row.responsible = responsible
        Deadline.objects.bulk_update(rows, ["responsible"])
        if rows:
            audit_record(
                actor=actor,
                action="deadline.responsible",
                message=gettext_noop("Người phụ trách thời hạn: %(user)s"),
                params={"user": responsible.get_username() if responsible else "-"},
                obj=rows[0],
                organization=rows[0].organization,
                data={
                    "deadlines": [row.pk for row in rows],
                    "user": getattr(responsible, "pk", None),
                },
            )
    return len(rows)


def deadline_recompute(*, deadline: Deadline, actor) -> Deadline:
    """Count the clock again (after a calendar adjustment) and store the new due instants."""
    with transaction.atomic():
        locked = _lock(deadline)
        _check_move(locked, "recompute")
        result = compute(
            locked.rule,
            locked.started_at,
            calendar=locked.calendar,
            extend_days=locked.extension_days or None,
        )
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
    return _refresh_caller(deadline, locked)


def _notify_moved(deadline: Deadline, old_due: dt.datetime) -> None:
    """Tell the people responsible for ``deadline`` that its due date moved (outbox, in-app)."""
    people = _recipients_for([deadline]).get(deadline.pk, [])
    new_due = deadline.effective_due_at
    url = _deadline_url(deadline)
    key = f"clock.moved:{deadline.pk}:{iso(old_due)}:{iso(new_due)}"
    for person in people:
        if person.email:
            outbox_enqueue_email(
                key=f"{key}:{person.pk}",
                recipient=person.email,
                template="deadline_moved",
                context={
                    "deadline": deadline,
                    "organization_name": deadline.organization.name,
                    "rule_code": deadline.rule,
                    "basis": get_rule(deadline.rule).basis,
                    "old_due_at": old_due,
                    "due_at": new_due,
                    "url": url,
                },
                organization=deadline.organization,
                recipient_user=person,
            )
        notification_create(
            user=person,
            key=key,
            message=gettext_noop("Hạn của “%(what)s” đã đổi: %(old)s → %(new)s"),
            params={"what": _what(deadline), "old": due(old_due), "new": due(new_due)},
            url=url,
            organization=deadline.organization,
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


def deadlines_for(subject) -> QuerySet[Deadline]:
    """Return the deadlines of one object of any app, soonest first."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).order_by("due_at", "pk")


def calendar_feed_rotate(*, user) -> CalendarFeed:
    """Give ``user`` a new secret feed address; the old one stops working at once."""
    from .models import _new_feed_token

    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = _new_feed_token()
            feed.save(update_fields=["token"])
        audit_record(
            actor=user,
            action="calendar_feed.create" if created else "calendar_feed.rotate",
            message=gettext_noop("Tạo địa chỉ lịch ICS")
            if created
            else gettext_noop("Đổi địa chỉ lịch ICS"),
            obj=feed,
        )
    return feed


# --- the sweeper -------------------------------------------------------------------------------


def sweep(*, batch: int = SWEEP_BATCH, max_batches: int = SWEEP_MAX_BATCHES) -> int:
    """Send the reminder stages that are due and mark overdue clocks; return reminders sent.

    1. Claim up to ``batch`` deadlines whose next_check_at has passed, skipping rows another
       sweeper holds (SELECT ... FOR UPDATE SKIP LOCKED on the partial index).
    2. In the same transaction, for each deadline: write the ledger rows of every stage reached
       (INSERT ... ON CONFLICT DO NOTHING: only the rows actually inserted count), the outbox
       e-mail and in-app notification of the latest one, the move to overdue with its audit
       event, and the next instant to look at the deadline again. A deadline that fails is
       rolled back to its savepoint and retried after SWEEP_RETRY_AFTER.
    3. Commit and claim the next batch, at most ``max_batches`` times.
    Safe to run twice or concurrently: a row is handled by one transaction at a time, and what it
    did is recorded before its lock is released.
    """
    sent = 0
    for _round in range(max_batches):
        claimed, batch_sent = _sweep_batch(limit=batch)
        sent += batch_sent
        if claimed < batch:
            break
    return sent


def _claim_query(now: dt.datetime, limit: int) -> QuerySet[Deadline]:
    """Return the claim query: due rows of the partial index, oldest first, skipping locked ones."""
    return (
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            # The same predicate as the partial index deadline_next_check, so it is used.
            status__in=[Status.OPEN, Status.OVERDUE],
            next_check_at__isnull=False,
            next_check_at__lte=now,
        )
        .select_related("organization", "responsible")
        .order_by("next_check_at")[:limit]
    )


def _sweep_batch(*, limit: int) -> tuple[int, int]:
    with transaction.atomic(), translation.override("vi"):
        now = timezone.now()
        rows = list(_claim_query(now, limit))
        if not rows:
            return 0, 0
        recorded: dict[int, set[str]] = {row.pk: set() for row in rows}
        for deadline_id, stage in DeadlineReminder.objects.filter(
            deadline_id__in=recorded
        ).values_list("deadline_id", "stage"):
            recorded[deadline_id].add(stage)
        recipients = _recipients_for(rows)

        sent = 0
        for row in rows:
            before = (row.status, row.breached_at)
            try:
                # A savepoint per deadline: one that fails (a template error, a rule removed from
                # the catalogue) is retried later and does not hold back the rest of the batch.
                with transaction.atomic():
                    sent += _sweep_one(row, recorded[row.pk], recipients.get(row.pk, []), now)
            except Exception:
                log.exception("clock sweep: deadline %s failed, retrying later", row.pk)
                row.status, row.breached_at = before
                row.next_check_at = now + SWEEP_RETRY_AFTER
        Deadline.objects.bulk_update(rows, ["status", "breached_at", "next_check_at"])
    return len(rows), sent


def _sweep_one(row: Deadline, recorded: set[str], people: list, now: dt.datetime) -> int:
    """Record the stages ``row`` has reached, send the latest, mark it overdue; return 0 or 1."""
    reached = [stage for stage, at in _schedule_of(row) if at <= now and stage not in recorded]
    inserted = _ledger_insert([(row.pk, stage) for stage in reached], now)
    if row.status == Status.OPEN and now >= overdue_at(row.effective_due_at):
        _mark_overdue(row)
    sent = 0
    # Catch-up policy (module docstring): only the latest stage reached is sent, and only if this
    # transaction is the one that recorded it.
    if reached and (row.pk, reached[-1]) in inserted:
        _notify(row, reached[-1], people)
        sent = 1
    recorded.update(reached)
    row.next_check_at = _next_check_at(row, recorded)
    return sent


def _ledger_insert(pairs: list[tuple[int, str]], now: dt.datetime) -> set[tuple[int, str]]:
    """Insert ledger rows, ignoring those already there; return the (deadline, stage) inserted."""
    if not pairs:
        return set()
    table = connection.ops.quote_name(DeadlineReminder._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(pairs))
    params: list = []
    for deadline_id, stage in pairs:
        params += [deadline_id, str(stage), now]
    # The unique (deadline, stage) constraint is the guarantee: a row that is already there is
    # not inserted again and not returned, so its reminder is not sent again.
    sql = (
        f"INSERT INTO {table} (deadline_id, stage, created_at) VALUES {values} "
        "ON CONFLICT (deadline_id, stage) DO NOTHING RETURNING deadline_id, stage"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(deadline_id, stage) for deadline_id, stage in cursor.fetchall()}


def _mark_overdue(deadline: Deadline) -> None:
    _check_move(deadline, Status.OVERDUE)
    deadline.status = Status.OVERDUE
    # The breach happened when the period ended, whenever the sweeper noticed it.
    deadline.breached_at = deadline.effective_due_at
    audit_record(
        actor=SYSTEM_ACTOR,
        action="deadline.overdue",
        message=gettext_noop("Quá hạn %(rule)s (hạn %(due)s)"),
        params={"rule": deadline.rule, "due": audit_due(deadline.effective_due_at)},
        obj=deadline,
        organization=deadline.organization,
        data={"due_at": iso(deadline.effective_due_at)},
    )


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
        regulators = list(
            get_user_model()
            .objects.filter(groups__name=REGULATOR_GROUP, is_active=True)
            .order_by("pk")
        )
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


def _notify(deadline: Deadline, stage: str, people: list) -> None:
    rule = get_rule(deadline.rule)
    stage_label = Stage(stage).label
    url = _deadline_url(deadline)
    context = {
        "deadline": deadline,
        "organization_name": deadline.organization.name,
        "rule_code": deadline.rule,
        "basis": rule.basis,
        "stage": stage,
        "stage_label": stage_label,
        "due_at": deadline.effective_due_at,
        "extended": deadline.extended_due_at is not None,
        "url": url,
    }
    params = {"stage": stage_label, "what": _what(deadline), "due": due(deadline.effective_due_at)}
    for person in people:
        if person.email:
            outbox_enqueue_email(
                key=f"clock.reminder:{deadline.pk}:{stage}:{person.pk}",
                recipient=person.email,
                template="deadline_reminder",
                context=context,
                organization=deadline.organization,
                recipient_user=person,
            )
        notification_create(
            user=person,
            key=f"clock.reminder:{deadline.pk}:{stage}",
            message=gettext_noop("%(stage)s: %(what)s, hạn %(due)s"),
            params=params,
            url=url,
            organization=deadline.organization,
        )


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
