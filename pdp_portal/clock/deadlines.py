"""Opening, meeting, extending and cancelling a clock; who is reminded; a subject's clocks.

Every due date comes from ``clock.counting``. Decree 356 Art. 5(2)-(5): one extension only, with
its reasons.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write
from pdp_portal.messages import literal

from .counting import compute, iso
from .models import Calendar, CalendarFeed, Deadline
from .rules import ClockError, get_rule
from .service_base import (
    SYSTEM_ACTOR,
    Status,
    _check_move,
    _lock,
    _next_check_at,
    _recorded_stages,
    audit_due,
    overdue_at,
)

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
    with locked_for_write(deadline, _lock) as locked:
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
    return deadline


def deadline_extend(*, deadline: Deadline, days: int, reason: str, actor) -> Deadline:
    """Extend the clock once by ``days`` within the rule's maximum, with a reason; else ClockError."""
    with locked_for_write(deadline, _lock) as locked:
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
    return deadline


def deadline_cancel(*, deadline: Deadline, actor, reason: str) -> Deadline:
    """Stop the clock (e.g. the request was withdrawn); the reason goes to the audit trail."""
    if not (reason or "").strip():
        raise ClockError(_("Cần nêu lý do hủy thời hạn."))
    with locked_for_write(deadline, _lock) as locked:
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
    return deadline


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
