"""What every write on a data-subject request shares (Law 91/2025 Art. 4; Decree 356/2025 Art. 5).

The refusals and the transition check, the row lock, timeline and audit events, the request's
clocks (opened, met, cancelled through ``pdp_portal.clock``), the messages to the data subject and
the staff told, and the files kept only when the transaction commits.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.accounts.preferences import user_language
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError, get_rule
from pdp_portal.clock.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadlines_for,
    format_due,
)
from pdp_portal.concurrency import refresh
from pdp_portal.messages import render_message, storable_params
from pdp_portal.notices.services import outbox_enqueue_email
from pdp_portal.notices.telling import tell_people
from pdp_portal.organizations.models import Membership
from pdp_portal.uploads import MAX_FILES, check_upload
from pdp_portal.workflow import FieldError, move_allowed

from .models import (
    OPEN_STATUSES,
    RESPOND_RULES,
    TRANSITIONS,
    Attachment,
    Message,
    RequestEvent,
    RequestType,
    RightsRequest,
    Status,
    ThirdPartyAction,
)

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


class RightsError(FieldError):
    """A request change that cannot be made; the message is translated and shown as is."""


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
    if not move_allowed(request.status, target, transitions=TRANSITIONS, actions=ACTIONS_FROM):
        raise InvalidTransition(request.status, target)


def _lock(request: RightsRequest) -> RightsRequest:
    # Re-read under a row lock: two staff members acting at once see one change at a time.
    return (
        RightsRequest.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=request.pk)
    )


_refresh_caller = refresh


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

    def email(person) -> dict:
        # Written in the language each person chose, whoever acted on the request.
        language = user_language(person)
        with translation.override(language):
            text = render_message(message, params)
        context = {
            "reference": request.reference,
            "organization_name": request.organization.name,
            "text": text,
            "url": settings.SITE_URL + url,
            "type_label": RequestType(request.request_type).label,
            "due_at": request.due_at,
        }
        return {"template": "rights_staff", "context": context, "language": language}

    tell_people(
        _staff_to_tell(request),
        organization=request.organization,
        key=f"rights.{what}:{request.pk}",
        title=message,
        params=params,
        url=url,
        email=email,
        email_key=f"rights.staff.{what}:{request.pk}",
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
