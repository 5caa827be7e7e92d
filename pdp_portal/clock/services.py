"""Open, meet, extend, cancel and recompute deadlines; sweep their reminder stages.

Every due date comes from ``clock.counting``; this module only stores what it answers, moves the
status along ``TRANSITIONS`` and keeps ``next_check_at`` (the instant the sweeper has something to
do for a deadline) up to date.

Catch-up policy of the sweeper: when several reminder stages of one deadline have been reached
since its last sweep (after an outage, or a clock opened late), every one of them is written to the
``DeadlineReminder`` ledger, but only the latest (the most urgent) is e-mailed and notified; the
earlier ones are recorded as passed, never sent afterwards. A stage is sent at most once, ever: the
unique (deadline, stage) constraint of the ledger decides, and the outbox key is a second guard.

The writes live in sibling modules: ``service_base`` (what they share), ``deadlines`` (open,
meet, extend, cancel) and ``recount`` (calendar changes); the sweeper stays here. Every public
name stays importable from here.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.messages import due
from pdp_portal.notices.telling import tell_people
from pdp_portal.sweeps import in_batches

from .counting import iso
from .deadlines import (  # noqa: F401
    calendar_feed_rotate,
    deadline_cancel,
    deadline_extend,
    deadline_meet,
    deadline_open,
    deadlines_for,
    deadlines_set_responsible,
)
from .models import Deadline, DeadlineReminder
from .recount import (  # noqa: F401
    calendar_year_load,
    deadline_recompute,
    deadlines_recompute_calendar,
)
from .rules import ClockError, get_rule  # noqa: F401 - clock.admin reads ClockError here
from .service_base import (  # noqa: F401
    ACTIONS_FROM,
    STAGE_ORDER,
    SYSTEM_ACTOR,
    TRANSITIONS,
    VN,
    InvalidTransition,
    Stage,
    Status,
    _check_move,
    _deadline_url,
    _next_check_at,
    _recipients_for,
    _schedule_of,
    _what,
    audit_due,
    format_due,
    overdue_at,
    reminder_schedule,
)

log = logging.getLogger(__name__)

# Small transactions: a claimed row stays locked only while its batch is written.
SWEEP_BATCH = 100
# Bounded work per run (beat comes back every minute): 50 x 100 reminders per minute at most.
SWEEP_MAX_BATCHES = 50

# A deadline whose sweep failed is looked at again after this long (the error is logged).
SWEEP_RETRY_AFTER = dt.timedelta(minutes=10)


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
    return in_batches(_sweep_batch, batch=batch, max_batches=max_batches)


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
    tell_people(
        people,
        organization=deadline.organization,
        key=f"clock.reminder:{deadline.pk}:{stage}",
        title=gettext_noop("%(stage)s: %(what)s, hạn %(due)s"),
        params=params,
        url=url,
        email=lambda person: {"template": "deadline_reminder", "context": context},
    )
