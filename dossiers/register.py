"""Writes on the processing register and the dossier clocks they move.

Activities, parties, transfers abroad and declared changes (Decree 356 Art. 17, 19, 20); each write
brings the dossier.file and update clocks in line with the register (``register_sync``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.counting import compute
from pdp_portal.clock.services import deadline_cancel, deadlines_for
from pdp_portal.concurrency import creation_lock
from pdp_portal.messages import storable_params
from pdp_portal.organizations.models import ProcessingRole

from .catalogue import (
    LAW_IN_FORCE,
    PROCESSING,
    TRANSFER,
    BasicDataType,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
)
from .models import (
    IMMEDIATE_KINDS,
    PERIODIC_KINDS,
    Dossier,
    InvalidTransition,
    ProcessingActivity,
    Recipient,
    RegisterChange,
    Transfer,
)
from .requirements import requirement
from .service_base import (
    FILE,
    IMMEDIATE,
    PERIODIC,
    RUNNING,
    _locked,
    _open,
    _row_for_write,
    _start_of,
    _user,
)
from .working import dossier_open

# Sanity bound, not a statutory number: more people than live on Earth is a typing error.
MAX_SUBJECTS = 10_000_000_000


# --- the register ------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "name",
    "purpose",
    "role",
    "subject_categories",
    "basic_data_types",
    "sensitive_data_types",
    "data_flow",
    "consent_method",
    "retention",
    "deletion",
    "started_on",
    "ended_on",
)
RECIPIENT_FIELDS = (
    "role",
    "name",
    "tax_code",
    "country",
    "dpo_info",
    "contract_number",
    "contract_date",
    "service",
    "note",
)
TRANSFER_FIELDS = (
    "activity",
    "kind",
    "recipient",
    "country",
    "data_description",
    "first_transfer_on",
    "exemption",
    "ended_on",
)


def _validate_activity(a: ProcessingActivity) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not (a.name or "").strip():
        errors.setdefault("name", []).append(_("Cần tên hoạt động."))
    if not (a.purpose or "").strip():
        errors.setdefault("purpose", []).append(_("Cần nêu mục đích xử lý."))
    if a.role not in ProcessingRole.values:
        errors.setdefault("role", []).append(_("Vai trò không hợp lệ."))
    if set(a.basic_data_types) - set(BasicDataType.values):
        errors.setdefault("basic_data_types", []).append(_("Loại dữ liệu không hợp lệ."))
    if set(a.sensitive_data_types) - set(SensitiveDataType.values):
        errors.setdefault("sensitive_data_types", []).append(_("Loại dữ liệu không hợp lệ."))
    categories = []
    for c in a.subject_categories or []:
        name = str(c.get("name", "")).strip()
        try:
            count = int(c.get("count") or 0)
        except (TypeError, ValueError):
            count = -1
        if not name or count < 0 or count > MAX_SUBJECTS:
            errors.setdefault("subject_categories", []).append(
                _("Mỗi đối tượng cần tên và số lượng hợp lệ (không âm).")
            )
            break
        categories.append({"name": name[:200], "count": count})
    a.subject_categories = categories
    if a.started_on and a.started_on > today:
        errors.setdefault("started_on", []).append(_("Ngày bắt đầu không thể ở tương lai."))
    if a.started_on and a.ended_on and a.ended_on < a.started_on:
        errors.setdefault("ended_on", []).append(_("Ngày kết thúc phải sau ngày bắt đầu."))
    if errors:
        raise ValidationError(errors)


def _change(organization, kind: str, scope: str, actor, message: str, params: dict) -> None:
    """Record a change the register itself noticed, as a message key and its parameters."""
    RegisterChange.objects.create(
        organization=organization,
        kind=kind,
        scope=scope,
        occurred_at=timezone.now(),
        message=message,
        params=storable_params(params),
        created_by=_user(actor),
    )


def activity_save(
    *, actor, organization, activity: ProcessingActivity | None = None, recipients=None, **fields
) -> ProcessingActivity:
    """Create or change a processing activity of the register and move the dossier clocks."""
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        created = activity is None
        if created:
            item = ProcessingActivity(organization=organization)
            before_purpose, before_recipients = None, set()
        else:
            item = _locked(
                ProcessingActivity.objects.select_for_update(),
                pk=activity.pk,
                organization=organization,
            )
            before_purpose = item.purpose
            before_recipients = set(item.recipients.values_list("pk", flat=True))
        for name, value in fields.items():
            setattr(item, name, value)
        _validate_activity(item)
        item.save()
        if recipients is not None:
            recipients = [r for r in recipients if r.organization_id == organization.pk]
            item.recipients.set(recipients)
        after_recipients = set(item.recipients.values_list("pk", flat=True))
        # Decree 356 Art. 20(1)(a): a new processing purpose; (b): a new or changed party.
        if created or (before_purpose or "").strip() != (item.purpose or "").strip():
            _change(
                organization,
                RegisterChange.Kind.NEW_PURPOSE,
                RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Hoạt động “%(name)s”: mục đích “%(purpose)s”"),
                {"name": item.name, "purpose": item.purpose[:300]},
            )
        if after_recipients != before_recipients and not (created and not after_recipients):
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Hoạt động “%(name)s”: thay đổi bên nhận, bên liên quan"),
                {"name": item.name},
            )
        audit_record(
            actor=actor,
            action="register.activity_create" if created else "register.activity_update",
            message=gettext_noop("Sổ đăng ký: thêm hoạt động “%(name)s”")
            if created
            else gettext_noop("Sổ đăng ký: sửa hoạt động “%(name)s”"),
            params={"name": item.name},
            obj=item,
            organization=organization,
            data={"fields": sorted(fields)},
        )
        register_sync(actor=actor, organization=organization)
    return item


def recipient_save(
    *, actor, organization, recipient: Recipient | None = None, **fields
) -> Recipient:
    """Create or change a party of the register (Form 10/09 Part B) and move the dossier clocks."""
    with transaction.atomic():
        item, created, changed = _row_for_write(
            Recipient, organization, recipient, fields, RECIPIENT_FIELDS
        )
        if not (item.name or "").strip():
            raise ValidationError({"name": [_("Cần tên tổ chức/cá nhân.")]})
        if item.role not in Recipient.Role.values:
            raise ValidationError({"role": [_("Vai trò không hợp lệ.")]})
        item.save()
        if created or set(changed) & {"name", "role", "tax_code", "contract_number", "country"}:
            scope = (
                RegisterChange.Scope.BOTH
                if item.abroad or item.role == Recipient.Role.ON_BEHALF
                else RegisterChange.Scope.PROCESSING
            )
            # Decree 356 Art. 20(1)(b): a controller, processor or third party arises or changes.
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                scope,
                actor,
                gettext_noop("Thêm bên liên quan “%(name)s” (%(role)s)")
                if created
                else gettext_noop("Thay đổi bên liên quan “%(name)s” (%(role)s)"),
                # The lazy label is stored as its key: read in the reader's language.
                {"name": item.name, "role": Recipient.Role(item.role).label},
            )
        audit_record(
            actor=actor,
            action="register.recipient_save",
            message=gettext_noop("Sổ đăng ký: bên liên quan “%(name)s”"),
            params={"name": item.name},
            obj=item,
            organization=organization,
            data={"created": created, "fields": changed},
        )
        register_sync(actor=actor, organization=organization)
    return item


def transfer_save(*, actor, organization, transfer: Transfer | None = None, **fields) -> Transfer:
    """Create or change a transfer abroad (Decree 356 Art. 17(1)) and move the dossier clocks."""
    with transaction.atomic():
        item, created, changed = _row_for_write(
            Transfer, organization, transfer, fields, TRANSFER_FIELDS
        )
        errors: dict[str, list[str]] = {}
        if item.activity_id is None or item.activity.organization_id != organization.pk:
            errors["activity"] = [_("Cần chọn hoạt động xử lý của tổ chức.")]
        if item.recipient_id and item.recipient.organization_id != organization.pk:
            errors["recipient"] = [_("Bên nhận không thuộc sổ đăng ký của tổ chức.")]
        if item.kind not in TransferKind.values:
            errors["kind"] = [_("Hình thức chuyển không hợp lệ.")]
        if item.exemption not in TransferExemption.values:
            errors["exemption"] = [_("Trường hợp miễn không hợp lệ.")]
        if not (item.country or "").strip():
            errors["country"] = [_("Cần quốc gia nhận.")]
        if item.first_transfer_on and item.first_transfer_on > timezone.localdate():
            errors["first_transfer_on"] = [_("Ngày chuyển đầu tiên không thể ở tương lai.")]
        if errors:
            raise ValidationError(errors)
        item.save()
        if not item.exemption and (created or "activity" in changed or "kind" in changed):
            # Decree 356 Art. 20(1)(a): a new purpose of transferring personal data.
            _change(
                organization,
                RegisterChange.Kind.NEW_PURPOSE,
                RegisterChange.Scope.TRANSFER,
                actor,
                gettext_noop("Chuyển dữ liệu mới: “%(activity)s” → %(country)s"),
                {"activity": item.activity.name, "country": item.country},
            )
        elif not item.exemption and ("recipient" in changed or "country" in changed):
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.TRANSFER,
                actor,
                gettext_noop("Thay đổi bên nhận dữ liệu xuyên biên giới của “%(activity)s”"),
                {"activity": item.activity.name},
            )
        audit_record(
            actor=actor,
            action="register.transfer_save",
            message=gettext_noop("Sổ đăng ký: chuyển dữ liệu “%(activity)s” → %(country)s"),
            params={"activity": item.activity.name, "country": item.country},
            obj=item,
            organization=organization,
            data={"created": created, "fields": changed},
        )
        register_sync(actor=actor, organization=organization)
    return item


def _delete_audited(*, actor, organization, item, action: str, message: str, params: dict) -> None:
    # The event names the row before it goes; the register then moves the clocks.
    audit_record(
        actor=actor,
        action=action,
        message=message,
        params=params,
        obj=item,
        organization=organization,
    )
    item.delete()
    register_sync(actor=actor, organization=organization)


def activity_delete(*, actor, organization, activity: ProcessingActivity) -> None:
    """Delete a processing activity (and its transfers) from the register; move the dossier clocks.

    An activity that shared data with parties or sent it abroad takes those parties out of the
    dossiers: a change of parties (Decree 356 Art. 20(1)(b)). Its frozen versions keep their copy.
    """
    with transaction.atomic():
        item = _locked(
            ProcessingActivity.objects.select_for_update(),
            pk=activity.pk,
            organization=organization,
        )
        abroad = item.transfers.filter(exemption="").exists()
        if abroad or item.recipients.exists() or item.domestic_transfers.exists():
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.BOTH if abroad else RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Bỏ hoạt động “%(name)s” khỏi sổ đăng ký"),
                {"name": item.name},
            )
        _delete_audited(
            actor=actor,
            organization=organization,
            item=item,
            action="register.activity_delete",
            message=gettext_noop("Sổ đăng ký: xóa hoạt động “%(name)s”"),
            params={"name": item.name},
        )


def recipient_delete(*, actor, organization, recipient: Recipient) -> None:
    """Delete a party from the register; one that a transfer abroad still names is refused."""
    with transaction.atomic():
        item = _locked(
            Recipient.objects.select_for_update(), pk=recipient.pk, organization=organization
        )
        if item.transfers.exists():
            raise InvalidTransition(
                _(
                    "Bên “%(name)s” đang là bên nhận của hoạt động chuyển dữ liệu ra nước ngoài: "
                    "cần sửa hoặc xóa hoạt động chuyển đó trước."
                )
                % {"name": item.name}
            )
        if item.domestic_transfers.exists():
            raise InvalidTransition(
                _(
                    "Bên “%(name)s” đang là bên nhận của hoạt động chuyển giao dữ liệu trong nước: "
                    "cần sửa hoặc xóa hoạt động chuyển giao đó trước."
                )
                % {"name": item.name}
            )
        if item.activities.exists():
            # Decree 356 Art. 20(1)(b): a party of the dossiers goes away.
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.BOTH
                if item.abroad or item.role == Recipient.Role.ON_BEHALF
                else RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Bỏ bên liên quan “%(name)s” (%(role)s)"),
                {"name": item.name, "role": Recipient.Role(item.role).label},
            )
        _delete_audited(
            actor=actor,
            organization=organization,
            item=item,
            action="register.recipient_delete",
            message=gettext_noop("Sổ đăng ký: xóa bên liên quan “%(name)s”"),
            params={"name": item.name},
        )


def transfer_delete(*, actor, organization, transfer: Transfer) -> None:
    """Delete a transfer abroad from the register and move the dossier clocks."""
    with transaction.atomic():
        item = _locked(
            Transfer.objects.select_for_update(of=("self",)).select_related("activity"),
            pk=transfer.pk,
            organization=organization,
        )
        params = {"activity": item.activity.name, "country": item.country}
        if not item.exemption:
            # Decree 356 Art. 20(1)(b): the recipient abroad of an assessed transfer goes away.
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.TRANSFER,
                actor,
                gettext_noop("Bỏ chuyển dữ liệu “%(activity)s” → %(country)s"),
                params,
            )
        _delete_audited(
            actor=actor,
            organization=organization,
            item=item,
            action="register.transfer_delete",
            message=gettext_noop("Sổ đăng ký: bỏ chuyển dữ liệu “%(activity)s” → %(country)s"),
            params=params,
        )


def change_declare(
    *, actor, organization, kind: str, scope: str, occurred_at: dt.datetime, description: str
) -> RegisterChange:
    """Record a change that makes an update due (Decree 356 Art. 20(2): reorganisation, provider, business lines)."""
    description = (description or "").strip()
    errors = {}
    if kind not in RegisterChange.Kind.values:
        errors["kind"] = [_("Loại thay đổi không hợp lệ.")]
    if scope not in RegisterChange.Scope.values:
        errors["scope"] = [_("Hồ sơ liên quan không hợp lệ.")]
    if not description:
        errors["description"] = [_("Cần mô tả nội dung thay đổi.")]
    if occurred_at is None or occurred_at > timezone.now():
        errors["occurred_at"] = [_("Thời điểm thay đổi không thể ở tương lai.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        change = RegisterChange.objects.create(
            organization=organization,
            kind=kind,
            scope=scope,
            occurred_at=occurred_at,
            description=description,
            created_by=_user(actor),
        )
        audit_record(
            actor=actor,
            action="register.change_declare",
            message=gettext_noop("Khai báo thay đổi: %(kind)s"),
            params={"kind": RegisterChange.Kind(kind).label},
            obj=change,
            organization=organization,
            data={"kind": kind, "scope": scope, "occurred_at": occurred_at.isoformat()},
        )
        register_sync(actor=actor, organization=organization)
    return change


def _sync_file_clock(organization, kind: str, actor) -> None:
    """Open, move or cancel the dossier.file clock of one kind (Decree 356 Art. 18(4), 19(4))."""
    req = requirement(organization, kind)
    dossier = Dossier.objects.filter(organization=organization, kind=kind).first()
    if dossier is not None and dossier.first_submitted_at is not None:
        return
    running = list(deadlines_for(dossier).filter(rule=FILE, status__in=RUNNING)) if dossier else []
    if not req.required or req.start is None:
        for d in running:
            # The reason is kept in the audit data as a message key, never in the actor's language.
            deadline_cancel(
                deadline=d, actor=actor, reason=req.reason or gettext_noop("Không còn áp dụng.")
            )
        return
    started = _start_of(max(req.start, LAW_IN_FORCE))
    if dossier is None:
        dossier = dossier_open(actor=actor, organization=organization, kind=kind)
    for d in running:
        if d.started_at == started:
            return
        deadline_cancel(
            deadline=d,
            actor=actor,
            reason=gettext_noop("Ngày bắt đầu xử lý / chuyển dữ liệu đã thay đổi."),
        )
    _open(FILE, dossier, dossier, started, actor)


def pending_changes(dossier: Dossier) -> list[RegisterChange]:
    """Return the changes recorded after the dossier's last filing that concern its kind."""
    if dossier.last_filed_at is None:
        return []
    return list(
        RegisterChange.objects.filter(
            organization=dossier.organization,
            scope__in=[dossier.kind, RegisterChange.Scope.BOTH],
            created_at__gt=dossier.last_filed_at,
        ).order_by("occurred_at", "pk")
    )


def _periodic_start(dossier: Dossier, change_at: dt.datetime) -> dt.datetime:
    """Return the start of the 6-month period (from the first filing) in which a change falls.

    Decree 356 Art. 20(1): updates are due every 6 months from the first submission; the periods
    follow each other, so the clock of a change starts where its period starts. Every end comes
    from clock.counting; nothing is counted here.
    """
    start = dossier.first_submitted_at
    calendar = dossier.organization.calendar
    for _i in range(100):
        due = compute(PERIODIC, start, calendar=calendar).due_at
        if due >= change_at:
            return start
        start = due
    return start


def _sync_update_clocks(dossier: Dossier, actor) -> None:
    """Open the update clocks that the recorded changes make due (Decree 356 Art. 20(1)-(2))."""
    if dossier.first_submitted_at is None:
        return
    req = requirement(dossier.organization, dossier.kind)
    if not req.required and not req.optional and dossier.kind == PROCESSING:
        return
    changes = pending_changes(dossier)
    if not changes:
        return
    running = {d.rule for d in deadlines_for(dossier).filter(status__in=RUNNING)}
    periodic = [c for c in changes if c.kind in PERIODIC_KINDS]
    immediate = [c for c in changes if c.kind in IMMEDIATE_KINDS]
    if periodic and PERIODIC not in running:
        first = min(c.created_at for c in periodic)
        _open(PERIODIC, dossier, dossier, _periodic_start(dossier, first), actor)
    if immediate and IMMEDIATE not in running:
        _open(IMMEDIATE, dossier, dossier, min(c.occurred_at for c in immediate), actor)


def register_sync(*, actor, organization) -> None:
    """Bring every dossier clock of the organisation in line with the register.

    One sync at a time per organisation: each reads which clocks run and opens those missing, so
    two at once (two colleagues saving register entries) would each open the same clock.
    """
    with transaction.atomic():
        creation_lock(f"dossiers.register_sync:{organization.pk}")
        for kind in (PROCESSING, TRANSFER):
            _sync_file_clock(organization, kind, actor)
        for dossier in Dossier.objects.filter(
            organization=organization, first_submitted_at__isnull=False
        ):
            _sync_update_clocks(dossier, actor)
        # The register decides some of what the organisation must do (pdp_portal.hooks).
        hooks.call("facts.changed", organization=organization, actor=actor)
