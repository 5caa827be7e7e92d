"""Every write on inspections: open, notify, start, findings, remediation, close; the bundle.

Decree 356 Art. 31; Law 91/2025 Art. 35. Each service runs in one transaction, locks the row,
checks the transition table, writes, appends its audit event and its notifications (outbox).
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError, remediation_rule
from pdp_portal.clock.services import deadline_cancel, deadline_meet, deadline_open, deadlines_for
from pdp_portal.concurrency import locked_for_write, locked_row, numbering_lock
from pdp_portal.messages import literal
from pdp_portal.notices.telling import tell_people
from pdp_portal.organizations.people import organization_people
from pdp_portal.organizations.permissions import is_regulator
from pdp_portal.uploads import MAX_FILES, check_upload, store_upload
from pdp_portal.workflow import acting_user, required_text, save_fields

from .models import (
    REMEDIATION_TRANSITIONS,
    TRANSITIONS,
    Content,
    Finding,
    Inspection,
    InvalidTransition,
    Kind,
    RemediationEvidence,
    RemediationItem,
    RemediationStatus,
    Status,
    TeamMember,
)

log = logging.getLogger(__name__)

NOTICE = "inspection.notice"
RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)


_user = acting_user


def _today() -> dt.date:
    return timezone.localdate()


def _check(inspection: Inspection, target: str) -> None:
    if target not in TRANSITIONS[inspection.status]:
        raise InvalidTransition(
            _("Không thể chuyển cuộc kiểm tra từ “%(current)s” sang “%(target)s”.")
            % {"current": Status(inspection.status).label, "target": Status(target).label}
        )


def _lock(inspection: Inspection) -> Inspection:
    return locked_row(
        Inspection.objects.select_related("organization"), InvalidTransition, pk=inspection.pk
    )


def is_team_member(user, inspection: Inspection) -> bool:
    return bool(getattr(user, "pk", None)) and inspection.team.filter(user=user).exists()


def _require_team(actor, inspection: Inspection) -> None:
    # The team named in the decision runs the inspection (Decree 356 Art. 31(4)).
    if not is_team_member(actor, inspection):
        raise InvalidTransition(_("Chỉ thành viên đoàn kiểm tra được thực hiện thao tác này."))


@contextmanager
def _team_step(inspection: Inspection, actor, target: str):
    """Run a team's step in one transaction on the locked inspection; refresh ``inspection`` after."""
    with locked_for_write(inspection, _lock) as locked:
        _require_team(actor, locked)
        _check(locked, target)
        yield locked


# --- who is told ----------------------------------------------------------------------------------


_org_people = organization_people


def _team_people(inspection: Inspection):
    return [m.user for m in inspection.team.select_related("user") if m.user.is_active]


def _tell(people, *, inspection, key: str, title: str, params: dict, url: str, body=None) -> None:
    """Notify ``people`` in the portal and by e-mail (outbox), each in their own language."""
    tell_people(
        people,
        organization=inspection.organization,
        key=key,
        title=title,
        params=params,
        url=url,
        template="inspection_update",
        body=body,
    )


def _org_url(inspection: Inspection) -> str:
    return reverse("inspections:detail", args=[inspection.pk])


def _agency_url(inspection: Inspection) -> str:
    return reverse("inspections_regulator:detail", args=[inspection.pk])


def _tell_both(inspection, *, key, title, params, body=None, organization=True) -> None:
    """Tell the organisation (unless not ``organization``) and the team, each on its own page."""
    sides = [(_team_people(inspection), _agency_url(inspection))]
    if organization:
        sides.insert(0, (_org_people(inspection.organization), _org_url(inspection)))
    for people, url in sides:
        _tell(
            people, inspection=inspection, key=key, title=title, params=params, url=url, body=body
        )


def _record_step(
    locked, *, actor, step: str, message: str, title: str, params=None, data=None, **tell
) -> None:
    """Audit a step of the inspection and tell both sides of it (same parameters for both: the
    inspection's reference, then ``params``)."""
    params = {"ref": locked.reference, **(params or {})}
    audit_record(
        actor=actor,
        action=f"inspection.{step}",
        message=message,
        params=params,
        obj=locked,
        data=data,
    )
    _tell_both(locked, key=f"inspection.{step}:{locked.pk}", title=title, params=params, **tell)


# --- the notice rule (Decree 356 Art. 31(4)) -------------------------------------------------------


def earliest_start(notified_at: dt.datetime) -> dt.date:
    """Return the first day a scheduled inspection may start when notified at ``notified_at``."""
    return timezone.localtime(compute(NOTICE, notified_at).due_at).date()


def _check_notice(inspection: Inspection, at: dt.datetime, *, notified: bool = False) -> None:
    """Refuse a start day that leaves the organisation less notice than Art. 31(4) asks, when
    notified at ``at``: today (``notified`` False) or by the notice it already had."""
    if inspection.unscheduled:
        return
    first = earliest_start(at)
    if inspection.start_date < first:
        params = {
            "period": compute(NOTICE, at).rule.period_text,
            "date": first.strftime("%d/%m/%Y"),
            "notified": timezone.localtime(at).strftime("%d/%m/%Y"),
        }
        if notified:
            text = _(
                "Đối tượng kiểm tra đã được thông báo ngày %(notified)s, phải được báo trước "
                "%(period)s (Nghị định 356/2025 Điều 31 khoản 4): ngày bắt đầu kiểm tra sớm "
                "nhất là %(date)s."
            )
        else:
            text = _(
                "Phải thông báo cho đối tượng kiểm tra trước %(period)s (Nghị định "
                "356/2025 Điều 31 khoản 4): thông báo hôm nay thì ngày bắt đầu kiểm tra "
                "sớm nhất là %(date)s."
            )
        raise ValidationError({"start_date": [text % params]})


# --- the inspection --------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    prefix = f"KT-{year}-"
    numbering_lock(f"inspections.reference:{year}")
    last = (
        Inspection.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def inspection_open(
    *,
    actor,
    organization,
    kind: str,
    ground: str,
    contents: list[str],
    decision_number: str,
    decision_date: dt.date,
    start_date: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    team: list,
    lead=None,
    requirements: str = "",
    unscheduled: bool = False,
) -> Inspection:
    """Record the agency's inspection decision (Decree 356 Art. 31(1), (3), (4)) and its team."""
    errors: dict[str, list] = {}
    if unscheduled and kind != Kind.EXTRAORDINARY:
        errors["unscheduled"] = [
            _(
                "Chỉ cuộc kiểm tra đột xuất mới được tiến hành ngay không cần thông báo trước "
                "(Nghị định 356/2025 Điều 31 khoản 4)."
            )
        ]
    if not contents or not set(contents) <= set(Content.values):
        errors["contents"] = [_("Chọn ít nhất một nội dung kiểm tra (Điều 31 khoản 3).")]
    if period_end < period_start:
        errors["period_end"] = [_("Kỳ kiểm tra phải kết thúc sau ngày bắt đầu.")]
    members = list(dict.fromkeys(team))
    if lead is not None and lead not in members:
        members.insert(0, lead)
    if not members:
        errors["team"] = [_("Đoàn kiểm tra cần ít nhất một thành viên.")]
    elif not all(is_regulator(m) for m in members):
        errors["team"] = [_("Thành viên đoàn kiểm tra phải là cán bộ cơ quan chuyên trách.")]
    if errors:
        raise ValidationError(errors)
    lead = lead or members[0]
    with transaction.atomic():
        inspection = Inspection.objects.create(
            organization=organization,
            reference=_next_reference(decision_date.year),
            kind=kind,
            ground=ground,
            contents=list(contents),
            requirements=(requirements or "").strip(),
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            start_date=start_date,
            period_start=period_start,
            period_end=period_end,
            unscheduled=unscheduled,
            created_by=_user(actor),
        )
        TeamMember.objects.bulk_create(
            TeamMember(
                inspection=inspection,
                user=m,
                role=TeamMember.Role.LEAD if m == lead else TeamMember.Role.MEMBER,
            )
            for m in members
        )
        audit_record(
            actor=actor,
            action="inspection.open",
            message=gettext_noop(
                "Quyết định kiểm tra %(ref)s số %(n)s (Nghị định 356/2025 Điều 31)"
            ),
            params={"ref": inspection.reference, "n": inspection.decision_number},
            obj=inspection,
            organization=organization,
            data={
                "kind": kind,
                "ground": ground,
                "contents": list(contents),
                "start_date": start_date.isoformat(),
                "unscheduled": unscheduled,
                "team": [m.pk for m in members],
            },
        )
        # The organisation learns of the inspection from its notice, not before.
        _tell_both(
            inspection,
            key=f"inspection.open:{inspection.pk}",
            title=gettext_noop("Anh/chị là thành viên đoàn kiểm tra %(ref)s"),
            params={"ref": inspection.reference},
            organization=False,
        )
    return inspection


def inspection_notify(*, actor, inspection: Inspection) -> Inspection:
    """Notify the organisation of the time, contents and team (Decree 356 Art. 31(4))."""
    with _team_step(inspection, actor, Status.NOTIFIED) as locked:
        now = timezone.now()
        _check_notice(locked, now)
        save_fields(locked, status=Status.NOTIFIED, notified_at=now)
        if not locked.unscheduled:
            deadline_open(
                organization=locked.organization,
                rule=NOTICE,
                subject=locked,
                started_at=now,
                label_params={"ref": locked.reference},
                actor=actor,
            )
        _record_step(
            locked,
            actor=actor,
            step="notify",
            message=gettext_noop("Thông báo kiểm tra %(ref)s, bắt đầu ngày %(date)s"),
            title=gettext_noop("Thông báo kiểm tra %(ref)s: bắt đầu ngày %(date)s"),
            params={"date": locked.start_date.strftime("%d/%m/%Y")},
            data={"notified_at": now.isoformat(), "start_date": locked.start_date.isoformat()},
            body=(
                gettext_noop(
                    "Đối tượng kiểm tra chuẩn bị đầy đủ các nội dung kiểm tra theo quyết định "
                    "(Nghị định 356/2025 Điều 31 khoản 5)."
                ),
                {},
            ),
        )
    return inspection


def inspection_reschedule(
    *, actor, inspection: Inspection, start_date: dt.date, reason: str
) -> Inspection:
    """Move the start day of an inspection that has not started (Decree 356 Art. 31(4)).

    Once the organisation has been notified, the new day must still leave it the notice period
    counted from that notice (a later day always does), and it is told of the change with the
    reason. The notice clock is not touched: it runs from the notice, not from the start day.
    """
    reason = required_text(reason, field="reason", message=_("Cần nêu lý do thay đổi."))
    with locked_for_write(inspection, _lock) as locked:
        _require_team(actor, locked)
        if locked.status not in (Status.PLANNED, Status.NOTIFIED):
            raise InvalidTransition(
                _("Chỉ đổi được ngày bắt đầu của cuộc kiểm tra chưa bắt đầu (đang: %(status)s).")
                % {"status": locked.get_status_display()}
            )
        if start_date < timezone.localdate():
            raise ValidationError(
                {"start_date": [_("Ngày bắt đầu kiểm tra không được trước hôm nay.")]}
            )
        if start_date == locked.start_date:
            raise ValidationError({"start_date": [_("Ngày bắt đầu mới trùng với ngày đã định.")]})
        before = locked.start_date
        locked.start_date = start_date
        told = locked.status == Status.NOTIFIED
        if told:
            _check_notice(locked, locked.notified_at, notified=True)
        locked.save(update_fields=["start_date", "updated_at"])
        dates = {"before": before.strftime("%d/%m/%Y"), "date": start_date.strftime("%d/%m/%Y")}
        _record_step(
            locked,
            actor=actor,
            step="reschedule",
            message=gettext_noop("Đổi ngày bắt đầu kiểm tra %(ref)s từ %(before)s sang %(date)s"),
            title=gettext_noop(
                "Cuộc kiểm tra %(ref)s bắt đầu ngày %(date)s (thay ngày %(before)s)"
            ),
            params=dates,
            data={
                "before": before.isoformat(),
                "start_date": start_date.isoformat(),
                "reason": reason,
            },
            body=literal(reason),
            organization=told,
        )
    return inspection


def inspection_start(*, actor, inspection: Inspection) -> Inspection:
    """Start the inspection: on or after its start day, or at once if unscheduled (Art. 31(4))."""
    with _team_step(inspection, actor, Status.IN_PROGRESS) as locked:
        if locked.status == Status.PLANNED and not locked.unscheduled:
            raise InvalidTransition(
                _(
                    "Cuộc kiểm tra có báo trước: phải thông báo cho đối tượng kiểm tra trước khi "
                    "bắt đầu (Nghị định 356/2025 Điều 31 khoản 4)."
                )
            )
        now = timezone.now()
        if not locked.unscheduled and timezone.localdate(now) < locked.start_date:
            raise InvalidTransition(
                _("Chưa đến ngày bắt đầu kiểm tra đã thông báo (%(date)s).")
                % {"date": locked.start_date.strftime("%d/%m/%Y")}
            )
        for deadline in deadlines_for(locked).filter(rule=NOTICE, status__in=RUNNING):
            deadline_meet(deadline=deadline, at=min(now, deadline.due_at), actor=actor)
        save_fields(locked, status=Status.IN_PROGRESS, started_at=now)
        _record_step(
            locked,
            actor=actor,
            step="start",
            message=gettext_noop("Bắt đầu kiểm tra %(ref)s"),
            title=gettext_noop("Đoàn kiểm tra bắt đầu kiểm tra %(ref)s"),
            data={"unscheduled": locked.unscheduled},
        )
    return inspection


def _open_item_clock(item: RemediationItem, inspection: Inspection, at, actor) -> None:
    deadline_open(
        organization=inspection.organization,
        rule=item.rule_code,
        subject=item,
        started_at=at,
        label_params={"ref": inspection.reference, "item": f"{item.finding.number}.{item.pk}"},
        actor=actor,
    )


def finding_add(
    *, actor, inspection: Inspection, description: str, basis: str = "", items: list
) -> Finding:
    """Record a finding with its remediation items, each with the period the team sets.

    ``items`` is a list of (description, period_days). Once the findings are issued, an item
    added later starts its clock at once.
    """
    description = required_text(
        description, field="description", message=_("Cần nêu nội dung phát hiện.")
    )
    clean = []
    for text, days in items:
        text = (text or "").strip()
        if not text:
            continue
        try:
            remediation_rule(int(days))
        except (ClockError, TypeError, ValueError) as exc:
            raise ValidationError({"period_days": [str(exc)]}) from None
        clean.append((text, int(days)))
    with transaction.atomic():
        locked = _lock(inspection)
        _require_team(actor, locked)
        if locked.status not in (Status.IN_PROGRESS, Status.FINDINGS_ISSUED):
            raise InvalidTransition(
                _("Chỉ ghi nhận phát hiện khi đang kiểm tra hoặc sau khi có kết luận.")
            )
        number = (
            locked.findings.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        finding = Finding.objects.create(
            inspection=locked,
            number=number,
            description=description,
            basis=(basis or "").strip()[:300],
            created_by=_user(actor),
        )
        now = timezone.now()
        for text, days in clean:
            item = RemediationItem.objects.create(
                inspection=locked, finding=finding, description=text, period_days=days
            )
            if locked.status == Status.FINDINGS_ISSUED:
                _open_item_clock(item, locked, now, actor)
        audit_record(
            actor=actor,
            action="inspection.finding",
            message=gettext_noop(
                "Phát hiện số %(n)s của cuộc kiểm tra %(ref)s (%(items)s biện pháp khắc phục)"
            ),
            params={"n": number, "ref": locked.reference, "items": len(clean)},
            obj=locked,
            data={"finding": finding.pk, "items": [d for _t, d in clean]},
        )
        if locked.status == Status.FINDINGS_ISSUED and clean:
            _tell_both(
                locked,
                key=f"inspection.finding:{finding.pk}",
                title=gettext_noop("Kiểm tra %(ref)s: thêm phát hiện số %(n)s cần khắc phục"),
                params={"ref": locked.reference, "n": number},
            )
    return finding


def inspection_issue_findings(*, actor, inspection: Inspection, conclusion: str) -> Inspection:
    """Issue the conclusion; each remediation item's clock starts now."""
    conclusion = required_text(
        conclusion, field="conclusion", message=_("Cần nêu kết luận kiểm tra.")
    )
    with _team_step(inspection, actor, Status.FINDINGS_ISSUED) as locked:
        now = timezone.now()
        save_fields(
            locked, status=Status.FINDINGS_ISSUED, findings_issued_at=now, conclusion=conclusion
        )
        items = list(locked.remediation_items.select_related("finding"))
        for item in items:
            _open_item_clock(item, locked, now, actor)
        _record_step(
            locked,
            actor=actor,
            step="findings",
            message=gettext_noop("Kết luận kiểm tra %(ref)s: %(items)s biện pháp khắc phục"),
            title=gettext_noop("Kết luận kiểm tra %(ref)s: %(items)s biện pháp cần khắc phục"),
            params={"items": len(items)},
            data={"items": [i.pk for i in items]},
            body=literal(conclusion),
        )
    return inspection


def inspection_close(*, actor, inspection: Inspection) -> Inspection:
    """Close the inspection once every remediation item is accepted."""
    with _team_step(inspection, actor, Status.CLOSED) as locked:
        if locked.remediation_items.exclude(status=RemediationStatus.ACCEPTED).exists():
            raise InvalidTransition(
                _("Còn biện pháp khắc phục chưa được xác nhận: chưa thể kết thúc cuộc kiểm tra.")
            )
        save_fields(locked, status=Status.CLOSED, closed_at=timezone.now())
        _record_step(
            locked,
            actor=actor,
            step="close",
            message=gettext_noop("Kết thúc cuộc kiểm tra %(ref)s"),
            title=gettext_noop("Kết thúc cuộc kiểm tra %(ref)s"),
        )
    return inspection


def inspection_cancel(*, actor, inspection: Inspection, reason: str) -> Inspection:
    """Cancel an inspection that has not started; its clocks stop."""
    reason = required_text(reason, field="reason", message=_("Cần nêu lý do hủy."))
    with _team_step(inspection, actor, Status.CANCELLED) as locked:
        told = locked.status == Status.NOTIFIED
        for deadline in deadlines_for(locked).filter(status__in=RUNNING):
            deadline_cancel(deadline=deadline, actor=actor, reason=reason)
        save_fields(
            locked, status=Status.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason
        )
        _record_step(
            locked,
            actor=actor,
            step="cancel",
            message=gettext_noop("Hủy cuộc kiểm tra %(ref)s"),
            title=gettext_noop("Hủy cuộc kiểm tra %(ref)s"),
            data={"reason": reason},
            body=literal(reason),
            organization=told,
        )
    return inspection


# --- remediation -----------------------------------------------------------------------------------


def _lock_item(item: RemediationItem) -> RemediationItem:
    return locked_row(
        RemediationItem.objects.select_related("inspection__organization", "finding"),
        InvalidTransition,
        pk=item.pk,
    )


def _check_item(item: RemediationItem, target: str) -> None:
    if target not in REMEDIATION_TRANSITIONS[item.status]:
        raise InvalidTransition(
            _("Không thể chuyển biện pháp khắc phục từ “%(current)s” sang “%(target)s”.")
            % {
                "current": RemediationStatus(item.status).label,
                "target": RemediationStatus(target).label,
            }
        )
    if item.inspection.status != Status.FINDINGS_ISSUED:
        raise InvalidTransition(_("Cuộc kiểm tra không ở giai đoạn khắc phục."))


@contextmanager
def _item_step(item: RemediationItem, target: str, *, actor, team: bool):
    """Run a step on a remediation item (by the team if ``team``), like ``_team_step``."""
    with locked_for_write(item, _lock_item) as locked:
        if team:
            _require_team(actor, locked.inspection)
        _check_item(locked, target)
        yield locked


def _record_item_step(
    locked: RemediationItem,
    *,
    actor,
    step: str,
    team: bool,
    message: str,
    title: str,
    body,
    params=None,
    data=None,
    at: dt.datetime | None = None,
) -> None:
    """Audit a step on a remediation item and tell the other side: the organisation of what the
    team decides (``team``), the team of what the organisation reports, naming the organisation.

    A step that may come again gives its time ``at``, so that each one is its own notice.
    """
    inspection = locked.inspection
    audit_record(
        actor=actor,
        action=f"inspection.remediation.{step}",
        message=message,
        params={"item": locked.pk, "ref": inspection.reference, **(params or {})},
        obj=locked,
        organization=inspection.organization,
        data=data,
    )
    if team:
        people, url = _org_people(inspection.organization), _org_url(inspection)
        told = {"ref": inspection.reference}
    else:
        people, url = _team_people(inspection), _agency_url(inspection)
        told = {"org": inspection.organization.name, "ref": inspection.reference}
    _tell(
        people,
        inspection=inspection,
        key=f"inspection.remediation.{step}:{locked.pk}" + (f":{at.isoformat()}" if at else ""),
        title=title,
        params=told,
        url=url,
        body=body,
    )


def item_deadline(item: RemediationItem) -> Deadline | None:
    return deadlines_for(item).exclude(status=Deadline.Status.CANCELLED).order_by("-pk").first()


def remediation_submit(*, actor, item: RemediationItem, note: str, uploads=()) -> RemediationItem:
    """The organisation reports the item remedied, with its evidence files."""
    note = required_text(note, field="note", message=_("Cần nêu nội dung đã khắc phục."))
    uploads = [u for u in uploads if u]
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": [_("Tối đa %(n)s tệp mỗi lần.") % {"n": MAX_FILES}]})
    for upload in uploads:
        check_upload(upload)  # ValidationError on a bad file, before the lock
    with _item_step(item, RemediationStatus.SUBMITTED, actor=actor, team=False) as locked:
        now = timezone.now()
        for upload in uploads:
            evidence = RemediationEvidence(item=locked)
            store_upload(evidence, upload, uploaded_by=_user(actor), name="evidence")
            evidence.save()
        save_fields(
            locked, status=RemediationStatus.SUBMITTED, submitted_at=now, submitted_note=note
        )
        _record_item_step(
            locked,
            actor=actor,
            step="submit",
            team=False,
            message=gettext_noop(
                "Báo đã khắc phục %(item)s của cuộc kiểm tra %(ref)s (%(files)s tệp)"
            ),
            params={"files": len(uploads)},
            data={"files": [u.name[:255] for u in uploads]},
            title=gettext_noop("%(org)s báo đã khắc phục một biện pháp của cuộc kiểm tra %(ref)s"),
            body=literal(note),
            at=now,
        )
    return item


def remediation_accept(*, actor, item: RemediationItem) -> RemediationItem:
    """The team accepts the item; its clock is met at the time the organisation reported it."""
    with _item_step(item, RemediationStatus.ACCEPTED, actor=actor, team=True) as locked:
        deadline = item_deadline(locked)
        if deadline is not None and deadline.status in RUNNING:
            deadline_meet(deadline=deadline, at=locked.submitted_at, actor=actor)
        save_fields(locked, status=RemediationStatus.ACCEPTED, accepted_at=timezone.now())
        _record_item_step(
            locked,
            actor=actor,
            step="accept",
            team=True,
            message=gettext_noop("Xác nhận đã khắc phục %(item)s của cuộc kiểm tra %(ref)s"),
            title=gettext_noop("Đoàn kiểm tra %(ref)s xác nhận biện pháp đã được khắc phục"),
            body=literal(locked.description),
        )
    return item


def remediation_reopen(*, actor, item: RemediationItem, reason: str) -> RemediationItem:
    """The team finds the item not remedied; it is open again and its clock keeps running."""
    reason = required_text(
        reason, field="reason", message=_("Cần nêu lý do yêu cầu khắc phục lại.")
    )
    with _item_step(item, RemediationStatus.OPEN, actor=actor, team=True) as locked:
        save_fields(locked, status=RemediationStatus.OPEN, reopen_reason=reason)
        _record_item_step(
            locked,
            actor=actor,
            step="reopen",
            team=True,
            message=gettext_noop("Yêu cầu khắc phục lại %(item)s của cuộc kiểm tra %(ref)s"),
            data={"reason": reason},
            title=gettext_noop("Đoàn kiểm tra %(ref)s yêu cầu khắc phục lại một biện pháp"),
            body=literal(reason),
            at=timezone.now(),
        )
    return item
