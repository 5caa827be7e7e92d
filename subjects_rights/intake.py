"""Requests coming in: the public form and its e-mail confirmation, requests entered by staff or
filed by the organisation's app, unconfirmed requests expiring, and the app's filing keys.

Decree 356/2025 Art. 5(2)-(5): the periods run from the receipt of the request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.appkeys import key_create, key_revoke
from pdp_portal.audit.services import audit_event_new
from pdp_portal.clock.services import audit_due
from pdp_portal.dbinsert import NewKey, insert_unless_conflict
from pdp_portal.notices.services import outbox_email_new, outbox_kick_on_commit
from pdp_portal.organizations.models import Organization
from pdp_portal.sweeps import in_batches
from pdp_portal.tokens import new_token, token_hash

from .models import (
    STAFF_CHANNELS,
    UNVERIFIED_TTL_DAYS,
    Attachment,
    Channel,
    IntakeKey,
    Message,
    RequestEvent,
    RequestType,
    RightsRequest,
    Status,
    new_reference,
)
from .service_base import (
    NEW_REQUEST,
    SUBJECT,
    SYSTEM,
    RightsError,
    _audit,
    _check,
    _event,
    _files_kept_only_on_commit,
    _message,
    _notify_staff,
    _open_clocks,
    _receipt_body,
    _save_files,
)

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

    1. Insert the request with its confirmation e-mail (an outbox row the relay renders when it
       sends it, in the data subject's language: the form answers without rendering it) and its
       audit event, in one statement; a concurrent or repeated submit with the same idempotency
       key inserts none of them (the unique constraint) and gets the first request.
    2. Store the attachments, in the same transaction.
    3. Ask the relay to send the e-mail once committed (a broker outage leaves it to the beat
       schedule's relay run: the row is committed either way).
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
    confirmation = outbox_email_new(
        key=NewKey("rights.confirm:"),
        recipient=request.email,
        template="rights_confirm",
        context={
            "reference": request.reference,
            "organization_name": organization.name,
            "type_label": _type_label(request),
            "full_name": request.full_name,
            "confirm_url": settings.SITE_URL + _confirm_path(token),
            "expires_at": request.expires_at,
        },
        language=request.language,
        organization=organization,
        render_later=True,
    )
    event = audit_event_new(
        actor=SUBJECT,
        action="rights.submit",
        message=gettext_noop(
            "%(ref)s: yêu cầu %(type)s qua biểu mẫu công khai, chờ xác nhận thư điện tử"
        ),
        params={"ref": request.reference, "type": RequestType(request.request_type).label},
        obj=request,
        organization=organization,
        data={"type": request.request_type, "channel": request.channel},
    )
    event.object_id = NewKey()
    try:
        # Without files, the request, its e-mail and its audit event are one statement: atomic
        # by itself, no transaction to open and commit around it.
        with _files_kept_only_on_commit() as written, _atomic_if(files):
            if not _insert_unless_repeated(request, along=[(confirmation, ("key",)), (event, ())]):
                return _first_with_key(organization, request.idempotency_key), False
            _save_files(request, files, kind=Attachment.Kind.SUBJECT, written=written)
            outbox_kick_on_commit()
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


def _atomic_if(files):
    return transaction.atomic() if files else contextlib.nullcontext()


def _insert_unless_repeated(request: RightsRequest, along=()) -> bool:
    """Insert ``request`` (and the rows ``along``) unless its organisation has one with its
    idempotency key; say which.

    The condition is the one of the ``rights_one_request_per_key`` constraint.
    """
    key = connection.ops.quote_name(RightsRequest._meta.get_field("idempotency_key").column)
    return insert_unless_conflict(
        request, ("organization", "idempotency_key"), where=f"NOT ({key} = '')", along=along
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


def _confirm_path(token: str) -> str:
    """Return the path of the confirmation link: reverse("rights_public:confirm", args=[token])."""
    # The token is URL-safe (new_token): the path is the pattern's prefix, the token and "/".
    return _confirm_prefix(get_urlconf(), get_script_prefix()) + token + "/"


@functools.cache
def _confirm_prefix(_urlconf, _script_prefix) -> str:
    return reverse("rights_public:confirm", args=["-"])[:-2]


def _type_label(request: RightsRequest) -> str:
    return _type_label_in(request.language, request.request_type)


@functools.cache
def _type_label_in(language: str, request_type: str) -> str:
    # Activating a language costs more than the rest of building the e-mail's context; the
    # catalogues do not change while the process runs.
    with translation.override(language):
        return str(RequestType(request_type).label)


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


def requests_expire_unverified(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Delete unconfirmed requests past their expiry, with their files; return how many.

    Each request is locked and re-checked before it goes, so a confirmation that lands at the
    same moment wins and two sweeps never delete twice.
    """
    now = now or timezone.now()
    return in_batches(functools.partial(_delete_unverified, now=now), batch=batch)


def _delete_unverified(*, now: dt.datetime, limit: int) -> tuple[int, int]:
    """Delete one batch of expired unconfirmed requests in one transaction; (claimed, deleted)."""
    from django.core.files.storage import default_storage

    with transaction.atomic():
        rows = list(
            RightsRequest.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Status.UNVERIFIED, expires_at__lte=now)
            .select_related("organization")
            .order_by("expires_at")[:limit]
        )
        if not rows:
            return 0, 0
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
        transaction.on_commit(lambda names=names: [default_storage.delete(n) for n in names if n])
    return len(rows), len(rows)


# --- intake keys -------------------------------------------------------------------------------


def intake_key_create(*, actor, organization: Organization, name: str) -> tuple[IntakeKey, str]:
    """Create a filing key for the organisation's own app; return it and the secret (shown once)."""
    if not (name or "").strip():
        raise RightsError(_("Cần tên ứng dụng."), field="name")
    secret = "pdpk_" + new_token() + new_token()
    name, prefix = name.strip()[:100], secret[:12]
    key = key_create(
        IntakeKey,
        actor=actor,
        organization=organization,
        secret=secret,
        name=name,
        prefix=prefix,
        created_by=actor if getattr(actor, "pk", None) else None,
        action="rights.intake_key.create",
        message=gettext_noop("Tạo khóa tiếp nhận yêu cầu %(prefix)s… (%(name)s)"),
        params={"prefix": prefix, "name": name},
    )
    return key, secret


def intake_key_revoke(*, actor, key: IntakeKey) -> IntakeKey:
    """Revoke a filing key; the app using it is refused from now on."""
    return key_revoke(
        key,
        actor=actor,
        action="rights.intake_key.revoke",
        message=gettext_noop("Thu hồi khóa tiếp nhận yêu cầu %(prefix)s…"),
        params={"prefix": key.prefix},
    )
