"""The organisation handling a received request: assign, respond, extend, message, fulfil, refuse,
withdraw; what staff saw of it, and whether it was closed on time.

Law 91/2025 Art. 4; Decree 356/2025 Art. 5 (the response, the fulfilment, one extension).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.clock.rules import ClockError, get_rule
from pdp_portal.clock.services import deadline_extend, deadlines_set_responsible, format_due
from pdp_portal.concurrency import locked_for_write
from pdp_portal.notices.services import notification_create
from pdp_portal.organizations.models import Membership

from .models import (
    CLOSED_STATUSES,
    GROUND_ONLY_FOR,
    Attachment,
    Message,
    RefusalGround,
    RequestEvent,
    RightsRequest,
    Status,
    ThirdPartyAction,
)
from .service_base import (
    REFUSAL_GROUND,
    SUBJECT,
    InvalidTransition,
    RightsError,
    _audit,
    _cancel_all,
    _cancel_third_parties,
    _check,
    _event,
    _files_kept_only_on_commit,
    _lock,
    _meet,
    _message,
    _notify_staff,
    _refresh_caller,
    _refresh_due,
    _running,
    _save_files,
)

# --- staff actions -----------------------------------------------------------------------------


def request_assign(*, actor, request: RightsRequest, assignee) -> RightsRequest:
    """Give the request to a member who may act on it (or to nobody)."""
    with locked_for_write(request, _lock) as locked:
        _check(locked, "assign")
        if (
            assignee is not None
            and not Membership.objects.filter(
                organization=locked.organization,
                user=assignee,
                role__in=[Membership.Role.DPO, Membership.Role.STAFF],
            ).exists()
        ):
            raise RightsError(
                _("Chỉ giao được cho DPO hoặc nhân viên của tổ chức."), field="assignee"
            )
        if locked.assignee_id == (assignee.pk if assignee else None):
            return request
        locked.assignee = assignee
        locked.save(update_fields=["assignee"])
        # The sweeper reminds the clock's responsible person: keep it the assignee.
        deadlines_set_responsible(subject=locked, responsible=assignee, actor=actor)
        name = assignee.get_full_name() or assignee.get_username() if assignee else "-"
        _event(locked, RequestEvent.Kind.ASSIGNED, actor=actor, note=name)
        _audit(
            locked,
            "rights.assign",
            actor,
            gettext_noop("%(ref)s: giao cho %(user)s"),
            {"user": assignee.get_username() if assignee else "-"},
            {"assignee": assignee.pk if assignee else None},
        )
        if assignee is not None and assignee != actor:
            notification_create(
                user=assignee,
                key=f"rights.assigned:{locked.pk}:{assignee.pk}:{timezone.now().timestamp()}",
                message=gettext_noop("Bạn được giao xử lý yêu cầu %(ref)s"),
                params={"ref": locked.reference},
                url=reverse("subjects_rights:detail", args=[locked.pk]),
                organization=locked.organization,
            )
    return request


def request_respond(*, actor, request: RightsRequest, body: str) -> RightsRequest:
    """Send the response of Decree 356/2025 Art. 5(2)-(5) (what will happen and how); meet its clock."""
    if not (body or "").strip():
        raise RightsError(_("Cần nội dung phản hồi."), field="body")
    with locked_for_write(request, _lock) as locked:
        _check(locked, Status.RESPONDED)
        locked.status = Status.RESPONDED
        locked.responded_at = timezone.now()
        locked.save(update_fields=["status", "responded_at"])
        _meet(locked, [locked.respond_rule], actor)
        _message(locked, Message.Kind.RESPONSE, body, actor=actor)
        _event(locked, RequestEvent.Kind.RESPONDED, actor=actor)
        _refresh_due(locked)
        _audit(locked, "rights.respond", actor, gettext_noop("%(ref)s: phản hồi chủ thể dữ liệu"))
    return request


def request_extend(*, actor, request: RightsRequest, days: int, reason: str) -> RightsRequest:
    """Extend the fulfilment clock once, within the rule's maximum, and tell the subject why."""
    with locked_for_write(request, _lock) as locked:
        _check(locked, "extend")
        deadline = _running(locked, locked.fulfil_rule).first() if locked.fulfil_rule else None
        if deadline is None:
            raise InvalidTransition(locked.status, "extend")
        try:
            deadline = deadline_extend(deadline=deadline, days=days, reason=reason, actor=actor)
        except ClockError as exc:
            field = "reason" if not (reason or "").strip() else "days"
            raise RightsError(exc.message, field=field) from exc
        locked.extension_days = deadline.extension_days
        locked.extension_reason = deadline.extension_reason
        locked.save(update_fields=["extension_days", "extension_reason"])
        with translation.override(locked.language):
            body = _(
                "Thời hạn thực hiện yêu cầu %(ref)s được gia hạn thêm %(days)s ngày, đến %(due)s "
                "(%(basis)s).\nLý do: %(reason)s"
            ) % {
                "ref": locked.reference,
                "days": deadline.extension_days,
                "due": format_due(deadline.effective_due_at),
                "basis": get_rule(deadline.rule).basis,
                "reason": deadline.extension_reason,
            }
        # Decree 356/2025 Art. 5(2)-(5): the data subject is told the reason for the extension.
        _message(locked, Message.Kind.EXTENSION, body, actor=actor)
        _event(locked, RequestEvent.Kind.EXTENDED, actor=actor, note=deadline.extension_reason)
        _refresh_due(locked)
        _audit(
            locked,
            "rights.extend",
            actor,
            gettext_noop("%(ref)s: gia hạn %(days)s ngày"),
            {"days": deadline.extension_days},
            {"days": deadline.extension_days, "due_at": deadline.effective_due_at.isoformat()},
        )
    return request


def request_message(*, actor, request: RightsRequest, body: str) -> Message:
    """Send the data subject a message (e.g. ask for what is needed to identify them)."""
    if not (body or "").strip():
        raise RightsError(_("Cần nội dung thông báo."), field="body")
    with transaction.atomic():
        locked = _lock(request)
        _check(locked, "message")
        message = _message(locked, Message.Kind.INFORMATION, body, actor=actor)
        _event(locked, RequestEvent.Kind.MESSAGE, actor=actor)
        _audit(
            locked,
            "rights.message",
            actor,
            gettext_noop("%(ref)s: gửi thông báo cho chủ thể dữ liệu"),
        )
    return message


def request_fulfil(*, actor, request: RightsRequest, note: str, files=()) -> RightsRequest:
    """Close the request as carried out, tell the data subject, keep the evidence; meet its clocks."""
    if not (note or "").strip():
        raise RightsError(_("Cần nội dung kết quả thực hiện."), field="note")
    with _files_kept_only_on_commit() as written, transaction.atomic():
        locked = _lock(request)
        _check(locked, Status.FULFILLED)
        if locked.third_party_actions.filter(status=ThirdPartyAction.ActionStatus.OPEN).exists():
            raise RightsError(
                _("Còn việc của bên xử lý, bên thứ ba chưa thực hiện: đánh dấu xong trước.")
            )
        _save_files(locked, files, kind=Attachment.Kind.EVIDENCE, written=written, actor=actor)
        now = timezone.now()
        locked.status = Status.FULFILLED
        locked.closed_at = now
        locked.outcome_note = note.strip()
        if locked.responded_at is None:
            # Carrying the request out within the response period also answers it.
            locked.responded_at = now
        locked.save(update_fields=["status", "closed_at", "outcome_note", "responded_at"])
        _meet(locked, [locked.respond_rule, locked.fulfil_rule], actor)
        _message(locked, Message.Kind.FULFILMENT, note, actor=actor)
        _event(locked, RequestEvent.Kind.FULFILLED, actor=actor)
        _refresh_due(locked)
        _audit(locked, "rights.fulfil", actor, gettext_noop("%(ref)s: đã thực hiện yêu cầu"))
    return _refresh_caller(request, locked)


def request_refuse(*, actor, request: RightsRequest, ground: str, detail: str) -> RightsRequest:
    """Refuse the request on a legal ground, told to the data subject; close its clocks."""
    if ground not in RefusalGround.values:
        raise RightsError(_("Chọn căn cứ pháp lý để từ chối."), field="ground")
    if not (detail or "").strip():
        raise RightsError(_("Cần giải thích lý do từ chối cho chủ thể dữ liệu."), field="detail")
    with locked_for_write(request, _lock) as locked:
        _check(locked, Status.REFUSED)
        only = GROUND_ONLY_FOR.get(ground)
        if only and locked.group != only:
            raise RightsError(
                _(
                    "Căn cứ này chỉ áp dụng cho yêu cầu rút lại sự đồng ý, hạn chế, phản đối xử lý "
                    "(Nghị định 356/2025 Điều 5 khoản 2)."
                ),
                field="ground",
            )
        now = timezone.now()
        locked.status = Status.REFUSED
        locked.closed_at = now
        locked.refusal_ground = ground
        locked.refusal_detail = detail.strip()
        if locked.responded_at is None:
            locked.responded_at = now
        locked.save(
            update_fields=[
                "status",
                "closed_at",
                "refusal_ground",
                "refusal_detail",
                "responded_at",
            ]
        )
        # A reasoned refusal is the organisation's answer: it meets the response and fulfilment
        # clocks; the processors' and third parties' actions are no longer needed.
        _meet(locked, [locked.respond_rule, locked.fulfil_rule], actor)
        _cancel_third_parties(locked)
        _cancel_all(locked, actor, "refused")
        with translation.override(locked.language):
            body = _(
                "Yêu cầu %(ref)s không được thực hiện.\nCăn cứ: %(ground)s\nLý do: %(detail)s"
            ) % {
                "ref": locked.reference,
                "ground": RefusalGround(ground).label,
                "detail": locked.refusal_detail,
            }
        _message(locked, Message.Kind.REFUSAL, body, actor=actor)
        _event(
            locked,
            RequestEvent.Kind.REFUSED,
            actor=actor,
            message=REFUSAL_GROUND,
            params={"ground": RefusalGround(ground).label},
        )
        _refresh_due(locked)
        _audit(
            locked,
            "rights.refuse",
            actor,
            gettext_noop("%(ref)s: từ chối, căn cứ: %(ground)s"),
            {"ground": RefusalGround(ground).label},
            {"ground": ground},
        )
    return request


def request_withdraw(*, actor, request: RightsRequest) -> RightsRequest:
    """Withdraw the request (the data subject's wish); stop its clocks and confirm to the subject."""
    with locked_for_write(request, _lock) as locked:
        _check(locked, Status.WITHDRAWN)
        locked.status = Status.WITHDRAWN
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        _cancel_third_parties(locked)
        _cancel_all(locked, actor, "withdrawn")
        with translation.override(locked.language):
            body = _(
                "Yêu cầu %(ref)s đã được rút theo đề nghị của bạn; tổ chức ngừng xử lý yêu cầu này."
            ) % {"ref": locked.reference}
        _message(locked, Message.Kind.WITHDRAWAL, body, actor=None if actor == SUBJECT else actor)
        _event(locked, RequestEvent.Kind.WITHDRAWN, actor=actor)
        _refresh_due(locked)
        _audit(locked, "rights.withdraw", actor, gettext_noop("%(ref)s: rút yêu cầu"))
        if actor == SUBJECT:
            _notify_staff(
                locked, "withdrawn", gettext_noop("Chủ thể dữ liệu đã rút yêu cầu %(ref)s")
            )
    return request


# What a staff member saw of a request's personal data, as the audit trail says it.
VIEWED = {
    "request": gettext_noop("%(ref)s: xem yêu cầu"),
    "attachment": gettext_noop("%(ref)s: xem tệp đính kèm #%(attachment)s"),
    "acknowledgement": gettext_noop("%(ref)s: xem giấy xác nhận tiếp nhận (PDF)"),
}


def request_record_view(
    *, actor, request: RightsRequest, what: str = "request", attachment=None
) -> None:
    """Append the audit event of a staff member seeing the request's personal data."""
    _audit(
        request,
        "rights.view",
        actor,
        VIEWED[what],
        {"attachment": attachment.pk} if attachment is not None else None,
    )


def on_time(request: RightsRequest) -> bool | None:
    """Return whether every clock of a closed request was met in time (None while open)."""
    if request.status not in CLOSED_STATUSES:
        return None
    return not any(d.breached_at for d in request.deadlines.all())
