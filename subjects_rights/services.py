"""Every write that matters for data-subject requests (Law 91/2025 Art. 4; Decree 356/2025 Art. 5).

Each service runs in one transaction, locks the request, checks ``TRANSITIONS``, writes the
change, a timeline event, an audit event and the outbox e-mails, and leaves every due date to
``pdp_portal.clock``.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.accounts.preferences import user_language
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError, get_rule
from pdp_portal.clock.services import (
    audit_due,
    deadline_cancel,
    deadline_extend,
    deadline_meet,
    deadline_open,
    deadlines_for,
    deadlines_set_responsible,
    format_due,
)
from pdp_portal.dbinsert import insert_unless_conflict
from pdp_portal.messages import render_message, storable_params
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.models import Membership, Organization
from pdp_portal.tokens import new_token, token_hash
from pdp_portal.uploads import MAX_FILES, check_upload

from .models import (
    CLOSED_STATUSES,
    GROUND_ONLY_FOR,
    OPEN_STATUSES,
    RESPOND_RULES,
    STAFF_CHANNELS,
    TRANSITIONS,
    UNVERIFIED_TTL_DAYS,
    Attachment,
    Channel,
    IntakeKey,
    Message,
    RefusalGround,
    RequestEvent,
    RequestType,
    RightsRequest,
    Status,
    ThirdPartyAction,
    new_reference,
)

log = logging.getLogger(__name__)

SUBJECT = "subject"  # the audit actor label of the data subject (no account)
NEW_REQUEST = gettext_noop("Yêu cầu mới %(ref)s")
REFUSAL_GROUND = gettext_noop("Căn cứ: %(ground)s")
SYSTEM = "rights.system"
RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)

# Actions that keep the status but need the request to be open (the organisation is working on it).
ACTIONS_FROM: dict[str, tuple[str, ...]] = {
    "assign": OPEN_STATUSES,
    "extend": OPEN_STATUSES,
    "third_party": OPEN_STATUSES,
    "message": OPEN_STATUSES,
}


class RightsError(ValueError):
    """A request change that cannot be made; the message is translated and shown as is."""

    def __init__(self, message: str, field: str = "non_field_errors") -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidTransition(RightsError):
    """A status move, or an action, that ``TRANSITIONS`` does not allow from the current status."""

    def __init__(self, current: str, target: str) -> None:
        self.current = current
        self.target = target
        super().__init__(
            _("Không thể %(action)s yêu cầu đang ở trạng thái “%(status)s”.")
            % {"action": action_label(target), "status": Status(current).label}
        )


def action_label(target: str) -> str:
    """Return the verb of a status move or action, for error messages."""
    labels = {
        Status.RECEIVED: _("tiếp nhận"),
        Status.RESPONDED: _("phản hồi"),
        Status.FULFILLED: _("đánh dấu đã thực hiện"),
        Status.REFUSED: _("từ chối"),
        Status.WITHDRAWN: _("rút"),
        "assign": _("phân công"),
        "extend": _("gia hạn"),
        "third_party": _("thêm việc của bên xử lý, bên thứ ba cho"),
        "message": _("gửi thông báo cho"),
    }
    return str(labels.get(target, target))


def _check(request: RightsRequest, target: str) -> None:
    allowed = (
        request.status in ACTIONS_FROM[target]
        if target in ACTIONS_FROM
        else target in TRANSITIONS[request.status]
    )
    if not allowed:
        raise InvalidTransition(request.status, target)


def _lock(request: RightsRequest) -> RightsRequest:
    # Re-read under a row lock: two staff members acting at once see one change at a time.
    return (
        RightsRequest.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=request.pk)
    )


def _refresh_caller(target: RightsRequest, source: RightsRequest) -> RightsRequest:
    for field in RightsRequest._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# --- helpers -----------------------------------------------------------------------------------


def _event(
    request, kind, *, actor=None, note: str = "", message: str = "", params: dict | None = None
) -> RequestEvent:
    """Append a timeline line: ``note`` is what a person typed, ``message`` what the portal says."""
    label = actor if isinstance(actor, str) else ""
    user = actor if getattr(actor, "pk", None) else None
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        actor=user,
        actor_label=label,
        note=note,
        message=message,
        params=storable_params(params),
    )


def _audit(
    request, action: str, actor, message: str, params: dict | None = None, data: dict | None = None
) -> None:
    """Append the audit event; ``message`` (gettext_noop) has a %(ref)s for the reference."""
    # Summaries name the reference, never the data subject: the audit chain outlives the request.
    audit_record(
        actor=actor,
        action=action,
        message=message,
        params={"ref": request.reference, **(params or {})},
        obj=request,
        organization=request.organization,
        data=data,
    )


def _running(request, rule: str | None = None):
    qs = deadlines_for(request).filter(status__in=RUNNING)
    return qs.filter(rule=rule) if rule else qs


def _refresh_due(request: RightsRequest) -> None:
    """Copy the soonest due instant of the request's running clocks onto the request."""
    soonest = None
    for deadline in _running(request):
        due = deadline.effective_due_at
        if soonest is None or due < soonest:
            soonest = due
    request.due_at = soonest
    request.save(update_fields=["due_at"])


def _open_clocks(request: RightsRequest, actor) -> None:
    # Decree 356/2025 Art. 5(2)-(5): the response and the fulfilment periods both run from the
    # receipt of the request.
    for rule in (request.respond_rule, request.fulfil_rule):
        if rule is None:
            # Law 91/2025 Art. 4(1)(a), (đ): the law sets no period to carry these out.
            continue
        try:
            deadline_open(
                organization=request.organization,
                rule=rule,
                subject=request,
                started_at=request.received_at,
                responsible=request.assignee,
                label_params={"ref": request.reference},
                actor=actor,
            )
        except ClockError as exc:
            raise RightsError(exc.message, field="received_at") from exc
    _refresh_due(request)
    if request.request_type == RequestType.WITHDRAW_CONSENT:
        # Law 91/2025 Art. 10: the consent records get their withdrawal when the request is
        # received (consents listens; pdp_portal.hooks).
        hooks.notify(hooks.WITHDRAW_CONSENT_RECEIVED, request)


def _meet(request: RightsRequest, rules, actor) -> None:
    for deadline in _running(request).filter(rule__in=[rule for rule in rules if rule]):
        deadline_meet(deadline=deadline, actor=actor)


def _cancel_all(request: RightsRequest, actor, reason: str) -> None:
    for deadline in _running(request):
        deadline_cancel(deadline=deadline, actor=actor, reason=reason)


def _cancel_third_parties(request: RightsRequest) -> None:
    request.third_party_actions.filter(status=ThirdPartyAction.ActionStatus.OPEN).update(
        status=ThirdPartyAction.ActionStatus.CANCELLED
    )


def tracking_url(token: str) -> str:
    return settings.SITE_URL + reverse("rights_public:track", args=[token])


def _message(
    request: RightsRequest, kind: str, body: str, *, actor=None, tracking_token: str = ""
) -> Message:
    """Store a message to the data subject and e-mail it through the outbox (if we have an address)."""
    message = Message.objects.create(
        request=request,
        kind=kind,
        body=body.strip(),
        language=request.language,
        author=actor if getattr(actor, "pk", None) else None,
        emailed=bool(request.email),
    )
    if request.email:
        with translation.override(request.language):
            kind_label = str(Message.Kind(kind).label)
        outbox_enqueue_email(
            key=f"rights.message:{message.pk}",
            recipient=request.email,
            template="rights_message",
            context={
                "reference": request.reference,
                "organization_name": request.organization.name,
                "kind": kind,
                "kind_label": kind_label,
                "body": message.body,
                "full_name": request.full_name,
                "tracking_url": tracking_url(tracking_token) if tracking_token else "",
            },
            language=request.language,
            organization=request.organization,
        )
    return message


def _staff_to_tell(request: RightsRequest) -> list:
    people = {
        m.user.pk: m.user
        for m in Membership.objects.filter(
            organization=request.organization, role=Membership.Role.DPO, user__is_active=True
        ).select_related("user")
    }
    if request.assignee and request.assignee.is_active:
        people[request.assignee.pk] = request.assignee
    return list(people.values())


def _notify_staff(request: RightsRequest, what: str, message: str) -> None:
    """Tell the DPOs and the assignee: in-app (read in each one's language) and by e-mail."""
    url = reverse("subjects_rights:detail", args=[request.pk])
    params = {"ref": request.reference}
    for person in _staff_to_tell(request):
        notification_create(
            user=person,
            key=f"rights.{what}:{request.pk}",
            message=message,
            params=params,
            url=url,
            organization=request.organization,
        )
        if person.email:
            # Written in the language each person chose, whoever acted on the request.
            language = user_language(person)
            with translation.override(language):
                text = render_message(message, params)
            outbox_enqueue_email(
                key=f"rights.staff.{what}:{request.pk}:{person.pk}",
                recipient=person.email,
                template="rights_staff",
                context={
                    "reference": request.reference,
                    "organization_name": request.organization.name,
                    "text": text,
                    "url": settings.SITE_URL + url,
                    "type_label": RequestType(request.request_type).label,
                    "due_at": request.due_at,
                },
                language=language,
                organization=request.organization,
                recipient_user=person,
            )


def _receipt_body(request: RightsRequest) -> str:
    """Return the acknowledgement told to the data subject, in their language."""
    with translation.override(request.language):
        lines = [
            _("%(org)s đã tiếp nhận yêu cầu %(ref)s (%(type)s) của bạn lúc %(at)s.")
            % {
                "org": request.organization.name,
                "ref": request.reference,
                "type": RequestType(request.request_type).label,
                "at": format_due(request.received_at),
            }
        ]
        for deadline in _running(request):
            rule = get_rule(deadline.rule)
            lines.append(
                _("%(what)s: chậm nhất %(due)s (%(basis)s).")
                % {
                    "what": _what_of_rule(deadline.rule),
                    "due": format_due(deadline.effective_due_at),
                    "basis": rule.basis,
                }
            )
        return "\n".join(lines)


def _what_of_rule(rule: str) -> str:
    if rule in RESPOND_RULES:
        return _("Phản hồi cho bạn")
    if rule.endswith(".third_party"):
        return _("Bên xử lý, bên thứ ba thực hiện")
    return _("Thực hiện yêu cầu")


def _save_files(request, files, *, kind: str, written: list[str], actor=None) -> list[Attachment]:
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError(
            {"attachments": _("Tối đa %(n)s tệp.") % {"n": MAX_FILES}}, code="too_many"
        )
    saved = []
    for upload in files:
        ext, mime = check_upload(upload)
        attachment = Attachment(
            request=request,
            kind=kind,
            original_name=(upload.name or "file")[:200],
            content_type=mime,
            size=upload.size,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.file.save(f"upload.{ext}", upload, save=False)
        written.append(attachment.file.name)
        attachment.save()
        saved.append(attachment)
    return saved


@contextmanager
def _files_kept_only_on_commit():
    """Yield a list for the names of files written; delete them if the transaction fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        # A file written in a transaction that rolled back has no row left to find it.
        for name in written:
            default_storage.delete(name)
        raise


# --- intake ------------------------------------------------------------------------------------


def request_submit(
    *,
    organization: Organization,
    request_type: str,
    full_name: str,
    email: str,
    description: str,
    phone: str = "",
    relationship: str = "other",
    language: str = "vi",
    idempotency_key: str = "",
    files=(),
) -> tuple[RightsRequest, bool]:
    """File a request from the public form (unconfirmed); return it and whether it is new.

    1. Insert the request first; a concurrent or repeated submit with the same idempotency key
       inserts nothing (the unique constraint) and gets the first request.
    2. Store the attachments and the confirmation e-mail (an outbox row the relay renders when it
       sends it, in the data subject's language: the form answers without rendering it).
    3. Append the audit event last.
    No timeline row: the submission is the request's own creation (``request_timeline`` shows it).
    Only PostgreSQL is written: a broker outage never loses or delays the request.
    """
    if not email:
        raise ValidationError({"email": _("Cần địa chỉ thư điện tử để xác nhận yêu cầu.")})
    token = new_token()
    now = timezone.now()
    request = RightsRequest(
        organization=organization,
        reference=new_reference(),
        request_type=request_type,
        status=Status.UNVERIFIED,
        channel=Channel.WEB,
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        relationship=relationship,
        description=description.strip(),
        language=language if language in ("vi", "en") else "vi",
        idempotency_key=idempotency_key[:64],
        confirm_token_hash=token_hash(token),
        expires_at=now + dt.timedelta(days=UNVERIFIED_TTL_DAYS),
    )
    request.full_clean(
        # The organisation was just read by the caller: no query to check that it exists.
        exclude=["organization", "confirm_token_hash", "tracking_token_hash"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with _files_kept_only_on_commit() as written, transaction.atomic():
            if not _insert_unless_repeated(request):
                return _first_with_key(organization, request.idempotency_key), False
            _save_files(request, files, kind=Attachment.Kind.SUBJECT, written=written)
            outbox_enqueue_email(
                key=f"rights.confirm:{request.pk}",
                recipient=request.email,
                template="rights_confirm",
                context={
                    "reference": request.reference,
                    "organization_name": organization.name,
                    "type_label": _type_label(request),
                    "full_name": request.full_name,
                    "confirm_url": settings.SITE_URL
                    + reverse("rights_public:confirm", args=[token]),
                    "expires_at": request.expires_at,
                },
                language=request.language,
                organization=organization,
                render_later=True,
            )
            _audit(
                request,
                "rights.submit",
                SUBJECT,
                gettext_noop(
                    "%(ref)s: yêu cầu %(type)s qua biểu mẫu công khai, chờ xác nhận thư điện tử"
                ),
                {"type": RequestType(request.request_type).label},
                {"type": request.request_type, "channel": request.channel},
            )
    except IntegrityError:
        # The first request's transaction had not committed when this one checked the key.
        if not idempotency_key:
            raise
        existing = _first_with_key(organization, request.idempotency_key)
        if existing is None:
            raise
        return existing, False
    return request, True


def _first_with_key(organization, idempotency_key: str) -> RightsRequest | None:
    return RightsRequest.objects.filter(
        organization=organization, idempotency_key=idempotency_key
    ).first()


def _insert_unless_repeated(request: RightsRequest) -> bool:
    """Insert ``request`` unless its organisation has one with its idempotency key; say which.

    The condition is the one of the ``rights_one_request_per_key`` constraint.
    """
    key = connection.ops.quote_name(RightsRequest._meta.get_field("idempotency_key").column)
    return insert_unless_conflict(
        request, ("organization", "idempotency_key"), where=f"NOT ({key} = '')"
    )


def request_timeline(request: RightsRequest) -> list[RequestEvent]:
    """Return the request's timeline events, its submission through the public form first.

    ``request_submit`` writes no timeline row (the form answers with as few writes as it can):
    the submission is the request's creation, by the data subject, at ``created_at``. Requests
    filed before that have their stored row, shown as it is.
    """
    events = list(request.events.select_related("actor"))
    if request.channel == Channel.WEB and not any(
        event.kind == RequestEvent.Kind.SUBMITTED for event in events
    ):
        submitted = RequestEvent(
            request=request,
            kind=RequestEvent.Kind.SUBMITTED,
            actor_label=SUBJECT,
            created_at=request.created_at,
        )
        events.insert(0, submitted)
    return events


def _type_label(request: RightsRequest) -> str:
    with translation.override(request.language):
        return str(RequestType(request.request_type).label)


def request_confirm(*, token: str) -> tuple[RightsRequest | None, str]:
    """Confirm the e-mail address of an unconfirmed request; return it and its new tracking token.

    Returns (None, "") for an unknown or expired token, and (request, "") for a request that was
    already confirmed (the tracking link went out in the receipt e-mail).
    """
    if not token or len(token) > 100:
        return None, ""
    with transaction.atomic():
        request = (
            RightsRequest.objects.select_for_update(of=("self",))
            .select_related("organization")
            .filter(confirm_token_hash=token_hash(token))
            .first()
        )
        if request is None:
            return None, ""
        if request.status != Status.UNVERIFIED:
            return request, ""
        now = timezone.now()
        if request.expires_at and request.expires_at <= now:
            return None, ""
        _check(request, Status.RECEIVED)
        tracking = new_token()
        request.status = Status.RECEIVED
        request.received_at = now
        request.expires_at = None
        request.tracking_token_hash = token_hash(tracking)
        request.save(update_fields=["status", "received_at", "expires_at", "tracking_token_hash"])
        _open_clocks(request, SUBJECT)
        _event(request, RequestEvent.Kind.CONFIRMED, actor=SUBJECT)
        _audit(
            request,
            "rights.confirm",
            SUBJECT,
            gettext_noop("%(ref)s: xác nhận thư điện tử, tiếp nhận yêu cầu"),
        )
        _message(request, Message.Kind.RECEIPT, _receipt_body(request), tracking_token=tracking)
        _notify_staff(request, "received", NEW_REQUEST)
    return request, tracking


def request_enter(
    *,
    actor,
    organization: Organization,
    channel: str,
    received_at: dt.datetime,
    request_type: str,
    full_name: str,
    description: str,
    email: str = "",
    phone: str = "",
    relationship: str = "other",
    language: str = "vi",
    idempotency_key: str = "",
    intake_key: IntakeKey | None = None,
    files=(),
) -> tuple[RightsRequest, str, bool]:
    """Record a request received by post, phone, e-mail, at the counter or from the organisation's app.

    The request is received at once (the organisation knows who filed it), its clocks count from
    the real ``received_at``. Returns the request, its tracking token ("" if not new), and
    whether it is new.
    """
    now = timezone.now()
    if intake_key is not None:
        allowed = (Channel.APP,)
    elif actor == SUBJECT:
        # The data subject on a page of the portal whose e-mail link they already confirmed
        # (e.g. withdrawing a consent): filed online, received at once.
        allowed = (Channel.WEB,)
    else:
        allowed = STAFF_CHANNELS
    if channel not in allowed:
        raise ValidationError({"channel": _("Kênh tiếp nhận không hợp lệ.")})
    if received_at is None or timezone.is_naive(received_at):
        raise ValidationError({"received_at": _("Cần thời điểm tiếp nhận (kèm múi giờ).")})
    if received_at > now + dt.timedelta(minutes=1):
        raise ValidationError({"received_at": _("Thời điểm tiếp nhận không thể ở tương lai.")})
    tracking = new_token()
    with _files_kept_only_on_commit() as written, transaction.atomic():
        request = RightsRequest(
            organization=organization,
            reference=new_reference(),
            request_type=request_type,
            status=Status.RECEIVED,
            channel=channel,
            full_name=full_name.strip(),
            email=(email or "").strip(),
            phone=(phone or "").strip(),
            relationship=relationship,
            description=description.strip(),
            language=language if language in ("vi", "en") else "vi",
            idempotency_key=(idempotency_key or "")[:64],
            received_at=min(received_at, now),
            tracking_token_hash=token_hash(tracking),
            filed_by=actor if getattr(actor, "pk", None) else None,
            intake_key=intake_key,
        )
        request.full_clean(
            exclude=["confirm_token_hash", "tracking_token_hash"],
            validate_unique=False,
            validate_constraints=False,
        )
        try:
            with transaction.atomic():
                request.save(force_insert=True)
        except IntegrityError:
            if not idempotency_key:
                raise
            existing = RightsRequest.objects.filter(
                organization=organization, idempotency_key=idempotency_key[:64]
            ).first()
            if existing is None:
                raise
            return existing, "", False
        _save_files(request, files, kind=Attachment.Kind.SUBJECT, written=written, actor=actor)
        kind = (
            RequestEvent.Kind.FILED
            if intake_key
            else RequestEvent.Kind.SUBMITTED
            if actor == SUBJECT
            else RequestEvent.Kind.ENTERED
        )
        _event(
            request,
            kind,
            actor=actor,
            message=gettext_noop("Kênh tiếp nhận: %(channel)s"),
            params={"channel": Channel(channel).label},
        )
        _open_clocks(request, actor)
        _audit(
            request,
            "rights.enter",
            actor,
            gettext_noop(
                "%(ref)s: yêu cầu %(type)s nhận qua kênh %(channel)s, tiếp nhận lúc %(at)s"
            ),
            {
                "type": RequestType(request_type).label,
                "channel": Channel(channel).label,
                "at": audit_due(request.received_at),
            },
            {
                "type": request.request_type,
                "channel": channel,
                "received_at": request.received_at.isoformat(),
                "intake_key": intake_key.pk if intake_key else None,
            },
        )
        _message(request, Message.Kind.RECEIPT, _receipt_body(request), tracking_token=tracking)
        _notify_staff(request, "received", NEW_REQUEST)
    return request, tracking, True


# --- staff actions -----------------------------------------------------------------------------


def request_assign(*, actor, request: RightsRequest, assignee) -> RightsRequest:
    """Give the request to a member who may act on it (or to nobody)."""
    with transaction.atomic():
        locked = _lock(request)
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
            return _refresh_caller(request, locked)
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
    return _refresh_caller(request, locked)


def request_respond(*, actor, request: RightsRequest, body: str) -> RightsRequest:
    """Send the response of Decree 356/2025 Art. 5(2)-(5) (what will happen and how); meet its clock."""
    if not (body or "").strip():
        raise RightsError(_("Cần nội dung phản hồi."), field="body")
    with transaction.atomic():
        locked = _lock(request)
        _check(locked, Status.RESPONDED)
        locked.status = Status.RESPONDED
        locked.responded_at = timezone.now()
        locked.save(update_fields=["status", "responded_at"])
        _meet(locked, [locked.respond_rule], actor)
        _message(locked, Message.Kind.RESPONSE, body, actor=actor)
        _event(locked, RequestEvent.Kind.RESPONDED, actor=actor)
        _refresh_due(locked)
        _audit(locked, "rights.respond", actor, gettext_noop("%(ref)s: phản hồi chủ thể dữ liệu"))
    return _refresh_caller(request, locked)


def request_extend(*, actor, request: RightsRequest, days: int, reason: str) -> RightsRequest:
    """Extend the fulfilment clock once, within the rule's maximum, and tell the subject why."""
    with transaction.atomic():
        locked = _lock(request)
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
    return _refresh_caller(request, locked)


def request_third_party_add(
    *, actor, request: RightsRequest, party_kind: str, party_name: str, description: str
) -> ThirdPartyAction:
    """Record that a processor or third party must act, and open its clock (Decree 5(2)-(4))."""
    if party_kind not in ThirdPartyAction.PartyKind.values:
        raise RightsError(_("Chọn bên xử lý hoặc bên thứ ba."), field="party_kind")
    if not (party_name or "").strip():
        raise RightsError(_("Cần tên bên xử lý / bên thứ ba."), field="party_name")
    if not (description or "").strip():
        raise RightsError(_("Cần mô tả việc phải làm."), field="description")
    with transaction.atomic():
        locked = _lock(request)
        _check(locked, "third_party")
        rule = locked.third_party_rule
        if rule is None:
            # Decree 356/2025 Art. 5(5) sets no separate period for protection measures.
            raise RightsError(
                _("Loại yêu cầu này không có thời hạn riêng cho bên xử lý, bên thứ ba.")
            )
        action = ThirdPartyAction.objects.create(
            request=locked,
            party_kind=party_kind,
            party_name=party_name.strip(),
            description=description.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        # Decree 356/2025 Art. 5(2)-(4): the longer period of a processor or third party runs,
        # like the others, from the receipt of the request.
        try:
            deadline = deadline_open(
                organization=locked.organization,
                rule=rule,
                subject=locked,
                started_at=locked.received_at,
                responsible=locked.assignee,
                label_message="%(ref)s: %(party)s",
                label_params={"ref": locked.reference, "party": party_name.strip()[:200]},
                actor=actor,
            )
        except ClockError as exc:
            raise RightsError(exc.message) from exc
        action.deadline = deadline
        action.save(update_fields=["deadline"])
        _event(locked, RequestEvent.Kind.THIRD_PARTY_ADDED, actor=actor, note=action.party_name)
        _refresh_due(locked)
        _audit(
            locked,
            "rights.third_party.add",
            actor,
            gettext_noop("%(ref)s: yêu cầu %(party)s thực hiện"),
            {"party": ThirdPartyAction.PartyKind(party_kind).label},
            {"action": action.pk, "rule": rule},
        )
    return action


def request_third_party_done(
    *, actor, action: ThirdPartyAction, note: str = ""
) -> ThirdPartyAction:
    """Mark a processor's or third party's action done and meet its clock."""
    with transaction.atomic():
        request = _lock(action.request)
        action = ThirdPartyAction.objects.select_for_update().get(pk=action.pk)
        if action.status != ThirdPartyAction.ActionStatus.OPEN:
            raise RightsError(_("Việc này không còn chờ thực hiện."))
        _check(request, "third_party")
        action.status = ThirdPartyAction.ActionStatus.DONE
        action.done_at = timezone.now()
        action.done_note = (note or "").strip()
        action.save(update_fields=["status", "done_at", "done_note"])
        if action.deadline_id:
            deadline = Deadline.objects.get(pk=action.deadline_id)
            if deadline.status in RUNNING:
                deadline_meet(deadline=deadline, actor=actor)
        _event(request, RequestEvent.Kind.THIRD_PARTY_DONE, actor=actor, note=action.party_name)
        _refresh_due(request)
        _audit(
            request,
            "rights.third_party.done",
            actor,
            gettext_noop("%(ref)s: bên xử lý / bên thứ ba đã thực hiện"),
            data={"action": action.pk},
        )
    return action


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
    with transaction.atomic():
        locked = _lock(request)
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
    return _refresh_caller(request, locked)


def request_withdraw(*, actor, request: RightsRequest) -> RightsRequest:
    """Withdraw the request (the data subject's wish); stop its clocks and confirm to the subject."""
    with transaction.atomic():
        locked = _lock(request)
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
    return _refresh_caller(request, locked)


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


def requests_expire_unverified(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Delete unconfirmed requests past their expiry, with their files; return how many.

    Each request is locked and re-checked before it goes, so a confirmation that lands at the
    same moment wins and two sweeps never delete twice.
    """
    from django.core.files.storage import default_storage

    now = now or timezone.now()
    deleted = 0
    while True:
        with transaction.atomic():
            rows = list(
                RightsRequest.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=Status.UNVERIFIED, expires_at__lte=now)
                .select_related("organization")
                .order_by("expires_at")[:batch]
            )
            if not rows:
                return deleted
            names = list(Attachment.objects.filter(request__in=rows).values_list("file", flat=True))
            for request in rows:
                _audit(
                    request,
                    "rights.expire",
                    SYSTEM,
                    gettext_noop(
                        "%(ref)s: không xác nhận thư điện tử trong thời hạn, "
                        "đã xóa yêu cầu và dữ liệu kèm theo"
                    ),
                )
            RightsRequest.objects.filter(pk__in=[r.pk for r in rows]).delete()
            transaction.on_commit(
                lambda names=names: [default_storage.delete(n) for n in names if n]
            )
            deleted += len(rows)
        if len(rows) < batch:
            return deleted


# --- intake keys -------------------------------------------------------------------------------


def intake_key_create(*, actor, organization: Organization, name: str) -> tuple[IntakeKey, str]:
    """Create a filing key for the organisation's own app; return it and the secret (shown once)."""
    if not (name or "").strip():
        raise RightsError(_("Cần tên ứng dụng."), field="name")
    secret = "pdpk_" + new_token() + new_token()
    with transaction.atomic():
        key = IntakeKey.objects.create(
            organization=organization,
            name=name.strip()[:100],
            prefix=secret[:12],
            key_hash=token_hash(secret),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="rights.intake_key.create",
            message=gettext_noop("Tạo khóa tiếp nhận yêu cầu %(prefix)s… (%(name)s)"),
            params={"prefix": key.prefix, "name": key.name},
            obj=key,
            organization=organization,
        )
    return key, secret


def intake_key_revoke(*, actor, key: IntakeKey) -> IntakeKey:
    """Revoke a filing key; the app using it is refused from now on."""
    with transaction.atomic():
        key = IntakeKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="rights.intake_key.revoke",
                message=gettext_noop("Thu hồi khóa tiếp nhận yêu cầu %(prefix)s…"),
                params={"prefix": key.prefix},
                obj=key,
                organization=key.organization,
            )
    return key


def on_time(request: RightsRequest) -> bool | None:
    """Return whether every clock of a closed request was met in time (None while open)."""
    if request.status not in CLOSED_STATUSES:
        return None
    return not any(d.breached_at for d in request.deadlines.all())
