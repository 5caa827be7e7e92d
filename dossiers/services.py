"""Every write on the register and the dossiers: save, submit, review, and the clocks they move."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal import hooks
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadlines_for,
    deadlines_set_responsible,
)
from pdp_portal.messages import storable_params
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.applicability import applicability
from pdp_portal.organizations.models import Membership, ProcessingRole
from pdp_portal.organizations.permissions import REGULATOR_GROUP, is_regulator
from pdp_portal.uploads import check_upload, sha256_of

from . import documents
from .catalogue import (
    FIELDS,
    LAW_IN_FORCE,
    PROCESSING,
    TRANSFER,
    BasicDataType,
    EnclosureCategory,
    ProcessingService,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
)
from .models import (
    IMMEDIATE_KINDS,
    PERIODIC_KINDS,
    TRANSITIONS,
    Dossier,
    DossierEnclosure,
    DossierVersion,
    InvalidTransition,
    ProcessingActivity,
    Recipient,
    RegisterChange,
    ReviewEvent,
    Transfer,
    VersionEnclosure,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Dossier.Status
RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)

FILE = "dossier.file"
REVIEW = "dossier.review"
COMPLETE = "dossier.complete"
PERIODIC = "dossier.update.periodic"
IMMEDIATE = "dossier.update.immediate"

# Sanity bound, not a statutory number: more people than live on Earth is a typing error.
MAX_SUBJECTS = 10_000_000_000


# --- helpers -----------------------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _locked(qs, **lookup):
    """Return the row under its lock; one another request deleted since the caller read it is
    refused as a conflict (409 in the API, a message on the page), never a server error."""
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist:
        raise InvalidTransition(
            _("Mục này vừa bị xóa bởi một thao tác khác: hãy tải lại để xem dữ liệu hiện tại.")
        ) from None


def _row_for_write(model, organization, row, fields: dict, allowed) -> tuple:
    """Return (the row under its lock or a new one, created, changed field names), ``fields`` set.

    Call inside the write's transaction; a field the register does not know is a caller's bug.
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    created = row is None
    item = (
        model(organization=organization)
        if created
        else _locked(model.objects.select_for_update(), pk=row.pk, organization=organization)
    )
    changed = [n for n, v in fields.items() if getattr(item, n, None) != v]
    for name, value in fields.items():
        setattr(item, name, value)
    return item, created, changed


def _lock(dossier: Dossier) -> Dossier:
    # Re-read under a row lock: two people submitting or deciding one dossier take turns.
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=dossier.pk)
    )


def _refresh(target: Dossier, source: Dossier) -> Dossier:
    for f in Dossier._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def _check(dossier: Dossier, target: str) -> None:
    if target not in TRANSITIONS[dossier.status]:
        raise InvalidTransition(
            _("Không thể chuyển hồ sơ từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": Status(dossier.status).label, "target": Status(target).label}
        )


def _start_of(day: dt.date) -> dt.datetime:
    # DESIGN section 2: a date alone means 00:00 Vietnam time.
    return dt.datetime.combine(day, dt.time.min, VN)


def _org_people(organization, roles=(Membership.Role.DPO, Membership.Role.STAFF)):
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role__in=roles, user__is_active=True
        ).select_related("user")
    ]


def _regulators():
    return get_user_model().objects.filter(groups__name=REGULATOR_GROUP, is_active=True)


# --- requirement and exemptions ----------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """Whether the organisation must file a dossier of one kind, why, and from when."""

    kind: str
    required: bool
    optional: bool
    reason: str
    basis: str
    start: dt.date | None
    exemptions: tuple = ()


def requirement(
    organization, kind: str, *, activities: list | None = None, transfers: list | None = None
) -> Requirement:
    """Return the duty to file a ``kind`` dossier, from organizations.applicability and the register.

    1. The organisation-level findings (state agency, Decree 356 Art. 41 relief) come from
       ``applicability``; an exempt or optional organisation gets no clock, only the reason.
    2. For transfers, each registered transfer may be exempt itself (Law 20(6)(b)-(c); Decree
       17(3)); only the others need the dossier.
    3. The clock starts from the earliest first-processing / first-transfer date.

    A list page passes the organisation's ``activities`` and ``transfers`` (every one, with
    their activity) read for all its organisations at once; otherwise they are read here.
    """
    topic = "processing_dossier" if kind == PROCESSING else "transfer_dossier"
    finding = next(f for f in applicability(organization) if f.topic == topic)
    if not finding.applies or finding.optional:
        return Requirement(kind, False, finding.optional, finding.reason, finding.basis, None)
    if kind == PROCESSING:
        if activities is None:
            activities = list(ProcessingActivity.objects.filter(organization=organization))
        dates = [a.started_on for a in activities if a.ended_on is None and a.started_on]
        if not activities:
            return Requirement(
                kind,
                False,
                False,
                _("Chưa có hoạt động xử lý dữ liệu cá nhân nào trong sổ đăng ký."),
                finding.basis,
                None,
            )
        return Requirement(
            kind, True, False, finding.reason, finding.basis, min(dates, default=None)
        )
    if transfers is None:
        transfers = list(
            Transfer.objects.filter(organization=organization).select_related("activity")
        )
    transfers = sorted((t for t in transfers if t.ended_on is None), key=lambda t: t.pk)
    exempt = tuple((t, documents.exemption_label(t.exemption)) for t in transfers if t.exemption)
    needed = [t for t in transfers if not t.exemption]
    if not transfers:
        return Requirement(
            kind,
            False,
            False,
            _("Sổ đăng ký chưa có hoạt động chuyển dữ liệu cá nhân ra nước ngoài."),
            _("Luật 91/2025 Điều 20 khoản 1"),
            None,
        )
    if not needed:
        return Requirement(
            kind,
            False,
            False,
            _(
                "Mọi hoạt động chuyển dữ liệu ra nước ngoài trong sổ đăng ký đều thuộc trường hợp "
                "không phải đánh giá tác động."
            ),
            _("Luật 91/2025 Điều 20 khoản 6; Nghị định 356/2025 Điều 17 khoản 3"),
            None,
            exempt,
        )
    dates = [t.first_transfer_on for t in needed if t.first_transfer_on]
    return Requirement(
        kind, True, False, finding.reason, finding.basis, min(dates, default=None), exempt
    )


def dossier_deadlines(dossier: Dossier) -> dict[str, Deadline]:
    """Return the latest clock of each rule for ``dossier`` and its versions (cancelled left out)."""
    if not dossier.pk:
        return {}
    return dossiers_clocks([dossier])[dossier.pk][0]


def dossiers_clocks(dossiers) -> dict[int, tuple[dict[str, Deadline], Deadline | None]]:
    """Return, per dossier pk, its ``dossier_deadlines`` and the clock ``sanction_flag`` reads.

    Three queries whatever the number of dossiers (a list page shows every organisation's): the
    dossiers' clocks, their latest versions, and those versions' clocks.
    """
    from django.contrib.contenttypes.models import ContentType

    dossiers = [d for d in dossiers if d.pk]
    ids = [d.pk for d in dossiers]
    own: dict[int, list[Deadline]] = {pk: [] for pk in ids}
    for d in Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Dossier), object_id__in=map(str, ids)
    ).order_by("pk"):
        own[int(d.object_id)].append(d)
    latest: dict[int, int] = {}  # dossier pk -> pk of its latest version
    for version_pk, dossier_pk in (
        DossierVersion.objects.filter(dossier__in=ids)
        .order_by("dossier_id", "number")
        .values_list("pk", "dossier_id")
    ):
        latest[dossier_pk] = version_pk
    of_version: dict[int, list[Deadline]] = {pk: [] for pk in latest.values()}
    for d in Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(DossierVersion),
        object_id__in=[str(pk) for pk in latest.values()],
    ).order_by("pk"):
        of_version[int(d.object_id)].append(d)
    result = {}
    for pk in ids:
        by_rule: dict[str, Deadline] = {}
        # The dossier's clocks, then its latest version's: a version's clock of a rule wins.
        for d in own[pk] + of_version.get(latest.get(pk), []):
            if d.status != Deadline.Status.CANCELLED:
                by_rule[d.rule] = d
        complete = [d for d in own[pk] if d.rule == COMPLETE]
        result[pk] = (by_rule, complete[-1] if complete else None)
    return result


def sanction_flag(dossier: Dossier, complete: Deadline | None = None) -> dict | None:
    """Return the flag for sanction consideration when a completion request lapsed (Art. 18(6), 19(6))."""
    if complete is None:
        complete = deadlines_for(dossier).filter(rule=COMPLETE).order_by("-pk").first()
    if complete is None:
        return None
    # The sweeper marks the clock overdue when the 30 days end without the new version.
    if complete.status == Deadline.Status.OVERDUE:
        return {"state": "lapsed", "deadline": complete, "due": complete.effective_due_at}
    if complete.status == Deadline.Status.MET and complete.breached_at:
        return {"state": "late", "deadline": complete, "due": complete.effective_due_at}
    return None


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


# --- clocks ------------------------------------------------------------------------------------


def _open(rule: str, dossier: Dossier, subject, started_at: dt.datetime, actor, responsible=None):
    try:
        # A savepoint: a calendar year the clock does not know yet must not undo the write.
        with transaction.atomic():
            return deadline_open(
                organization=dossier.organization,
                rule=rule,
                subject=subject,
                started_at=started_at,
                responsible=responsible,
                label_params={
                    "ref": dossier.reference,
                    "v": subject.number if subject is not dossier else "",
                },
                actor=actor,
            )
    except ClockError as exc:
        audit_record(
            actor=actor,
            action="dossier.clock_pending",
            message=gettext_noop("Chưa tính được thời hạn %(rule)s của hồ sơ %(ref)s"),
            params={"rule": rule, "ref": dossier.reference},
            obj=dossier,
            # The clock's refusal is a finished text in the actor's language: data, not summary.
            data={"error": str(exc)},
        )
        return None


def _meet_running(subject, rules, at, actor) -> None:
    for d in deadlines_for(subject).filter(rule__in=rules, status__in=RUNNING):
        deadline_meet(deadline=d, at=at, actor=actor)


def _next_reference(organization, kind: str) -> str:
    prefix = "HS-XL" if kind == PROCESSING else "HS-CB"
    return f"{prefix}-{organization.tax_code}"


def dossier_open(*, actor, organization, kind: str) -> Dossier:
    """Return the organisation's dossier of ``kind``, creating the draft (one per kind, Law 20(3), 21(2))."""
    if kind not in Dossier.Kind.values:
        raise ValidationError({"kind": [_("Loại hồ sơ không hợp lệ.")]})
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update().filter(organization=organization, kind=kind).first()
        )
        if dossier is not None:
            return dossier
        dossier = Dossier.objects.create(
            organization=organization,
            kind=kind,
            reference=_next_reference(organization, kind),
            created_by=_user(actor),
        )
        audit_record(
            actor=actor,
            action="dossier.open",
            message=gettext_noop("Lập %(kind)s %(ref)s"),
            params={"kind": Dossier.Kind(kind).label, "ref": dossier.reference},
            obj=dossier,
            organization=organization,
        )
    return dossier


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
    """Bring every dossier clock of the organisation in line with the register."""
    with transaction.atomic():
        for kind in (PROCESSING, TRANSFER):
            _sync_file_clock(organization, kind, actor)
        for dossier in Dossier.objects.filter(
            organization=organization, first_submitted_at__isnull=False
        ):
            _sync_update_clocks(dossier, actor)
        # The register decides some of what the organisation must do (pdp_portal.hooks).
        hooks.call("facts.changed", organization=organization, actor=actor)


# --- the working dossier -----------------------------------------------------------------------


def _clean_answers(kind: str, answers: dict) -> dict:
    clean = {}
    for key, value in answers.items():
        f = FIELDS.get(key)
        if f is None or kind not in f.kinds:
            continue
        if f.kind == "yesno":
            clean[key] = None if value in (None, "") else bool(value)
        elif f.kind == "number":
            clean[key] = None if value in (None, "") else max(0, int(value))
        elif f.kind == "services":
            clean[key] = [v for v in (value or []) if v in ProcessingService.values]
        elif f.kind == "filer":
            clean[key] = "individual" if value == "individual" else "organization"
        else:
            clean[key] = (value or "").strip()[:20000]
    return clean


def dossier_save_answers(*, actor, dossier: Dossier, answers: dict) -> Dossier:
    """Save the parts the DPO writes (assessment A.III and the rest of the catalogue)."""
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise InvalidTransition(_("Hồ sơ đang chờ cơ quan chuyên trách xem xét: chưa thể sửa."))
        locked.answers = {**(locked.answers or {}), **_clean_answers(locked.kind, answers)}
        locked.save(update_fields=["answers", "updated_at"])
        audit_record(
            actor=actor,
            action="dossier.answers",
            message=gettext_noop("Cập nhật nội dung hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"fields": sorted(answers)},
        )
    return _refresh(dossier, locked)


def enclosure_add(
    *, actor, dossier: Dossier, upload, category: str, description: str = ""
) -> DossierEnclosure:
    """Attach a document checked by size and content (PDF, PNG, JPEG, DOCX, ODT, XLSX)."""
    if category not in EnclosureCategory.values:
        raise ValidationError({"category": [_("Loại tài liệu không hợp lệ.")]})
    _ext, mime = check_upload(upload)
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise InvalidTransition(_("Hồ sơ đang chờ cơ quan chuyên trách xem xét: chưa thể sửa."))
        enclosure = DossierEnclosure(
            dossier=locked,
            category=category,
            original_name=upload.name[:255],
            content_type=mime,
            size=upload.size,
            sha256=sha256_of(upload),
            description=(description or "").strip()[:300] or upload.name[:300],
            uploaded_by=_user(actor),
        )
        enclosure.file.save("upload", upload, save=False)
        enclosure.save()
        audit_record(
            actor=actor,
            action="dossier.enclosure_add",
            message=gettext_noop("Đính kèm “%(name)s” vào hồ sơ đánh giá tác động %(ref)s"),
            params={"name": enclosure.description, "ref": locked.reference},
            obj=locked,
            data={"sha256": enclosure.sha256, "size": enclosure.size},
        )
    return enclosure


def enclosure_remove(*, actor, dossier: Dossier, enclosure: DossierEnclosure) -> None:
    """Remove a document from the working dossier; a submitted version keeps its own copy."""
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise InvalidTransition(_("Hồ sơ đang chờ cơ quan chuyên trách xem xét: chưa thể sửa."))
        item = _locked(
            DossierEnclosure.objects.select_for_update(), pk=enclosure.pk, dossier=locked
        )
        name = item.file.name
        frozen = VersionEnclosure.objects.filter(file=name).exists()
        item.delete()
        if not frozen:
            transaction.on_commit(lambda: item.file.storage.delete(name))
        audit_record(
            actor=actor,
            action="dossier.enclosure_remove",
            message=gettext_noop("Bỏ tài liệu “%(name)s” khỏi hồ sơ đánh giá tác động %(ref)s"),
            params={"name": item.description, "ref": locked.reference},
            obj=locked,
        )


# --- submission --------------------------------------------------------------------------------


def change_summary_text(rows: list[dict], changes: list[RegisterChange]) -> str:
    """Return Form 03a "Nội dung thay đổi" in the active language: the diff, then declared changes."""
    lines = [documents.diff_summary(rows)]
    lines += [
        f"- {c.get_kind_display()} ({timezone.localtime(c.occurred_at):%d/%m/%Y}): {c.text}"
        for c in changes
    ]
    return "\n".join(line for line in lines if line)


def read_change_summaries(dossier: Dossier, versions: list[DossierVersion]) -> list:
    """Give each version its ``change_text``: its change summary in the reader's language.

    ``change_summary`` is the text filed with Form 03a, frozen in Vietnamese with the PDF made
    from it, and it stays so. A staff page or the API reads the same comparison again in the
    reader's language: the diff of the two frozen snapshots, then the changes recorded between
    the two filings (what dossier_submit found pending), each rendered from its message key.
    Two queries for all the versions, whatever their number.
    """
    wanted = [v for v in versions if v.change_summary]
    for v in versions:
        v.change_text = ""
    if not wanted:
        return versions
    numbers = {v.number for v in wanted} | {v.number - 1 for v in wanted}
    frozen = {
        number: (snapshot, submitted_at)
        for number, snapshot, submitted_at in dossier.versions.filter(
            number__in=numbers
        ).values_list("number", "snapshot", "submitted_at")
    }
    changes = list(
        RegisterChange.objects.filter(
            organization_id=dossier.organization_id,
            scope__in=[dossier.kind, RegisterChange.Scope.BOTH],
        ).order_by("occurred_at", "pk")
    )
    for v in wanted:
        (before, since), (after, until) = frozen[v.number - 1], frozen[v.number]
        declared = [c for c in changes if since < c.created_at <= until]
        v.change_text = change_summary_text(documents.diff(before, after), declared)
    return versions


def missing_text(missing: list[tuple[str, list[str]]]) -> str:
    return " ".join(f"{section}: {', '.join(items)}." for section, items in missing)


def dossier_submit(
    *,
    actor,
    dossier: Dossier,
    document_number: str = "",
    place: str = "",
    signer_name: str = "",
    change_reason: str = "",
) -> DossierVersion:
    """Freeze the dossier as a new version and send it to the agency.

    1. Lock; the TRANSITIONS table decides: a draft files (initial), a completion request is
       answered (completion), an accepted dossier is updated (Form 03a/03b).
    2. Refuse an incomplete dossier, saying what is missing section by section.
    3. Freeze the content, the PDFs and the enclosures with their SHA-256 hashes.
    4. Meet the organisation's clock (file, complete or update) and, for a dossier to assess,
       open the agency's dossier.review clock on the version (Art. 18(5), 19(5)).
    """
    change_reason = (change_reason or "").strip()
    with transaction.atomic():
        locked = _lock(dossier)
        _check(locked, Status.SUBMITTED)
        version_kind = {
            Status.DRAFT: DossierVersion.Kind.INITIAL,
            Status.COMPLETION_REQUESTED: DossierVersion.Kind.COMPLETION,
            Status.ACCEPTED: DossierVersion.Kind.UPDATE,
        }[locked.status]
        now = timezone.now()
        previous = locked.versions.order_by("-number").first()
        number = (previous.number if previous else 0) + 1
        doc = (document_number or "").strip() or f"{locked.reference}/TB-{number:02d}"
        place = (place or "").strip() or documents.default_place(locked.organization)
        # What is frozen and filed (the snapshot, Form 03a's list of changes) is Vietnamese,
        # whatever the language of the person submitting; refusals below follow theirs. Pages
        # and the API read the list of changes again in their reader's language
        # (read_change_summaries).
        with translation.override("vi"):
            snapshot = documents.build_snapshot(
                locked,
                at=now,
                version=number,
                version_kind=version_kind,
                document_number=doc,
                place=place,
                signer_name=(signer_name or "").strip(),
            )
        missing = documents.missing_by_section(locked, snapshot)
        if missing:
            raise ValidationError(
                _("Hồ sơ chưa đủ nội dung để nộp. %(list)s") % {"list": missing_text(missing)}
            )
        change_summary = ""
        changes = pending_changes(locked)
        if previous is not None:
            with translation.override("vi"):
                rows = documents.diff(previous.snapshot, snapshot)
                change_summary = change_summary_text(rows, changes)
            if version_kind == DossierVersion.Kind.UPDATE:
                if not rows and not changes:
                    raise ValidationError(
                        _(
                            "Không có nội dung nào thay đổi so với phiên bản đã nộp: chưa cần cập nhật."
                        )
                    )
                if not change_reason:
                    raise ValidationError(
                        {"change_reason": [_("Cần nêu lý do thay đổi (Mẫu 03a mục 2).")]}
                    )
        answers_request = None
        if version_kind == DossierVersion.Kind.COMPLETION:
            answers_request = (
                locked.review_events.filter(kind=ReviewEvent.Kind.REQUEST_COMPLETION)
                .order_by("-pk")
                .first()
            )
        notice_pdf = documents.render_notice(snapshot)
        report_pdf = documents.render_report(snapshot)
        update_pdf = None
        if version_kind == DossierVersion.Kind.UPDATE:
            update_pdf = documents.render_update(
                snapshot, change_summary=change_summary, change_reason=change_reason
            )
        version = DossierVersion.objects.create(
            dossier=locked,
            number=number,
            kind=version_kind,
            submitted_at=now,
            submitted_by=_user(actor),
            document_number=doc,
            place=place,
            signer_name=snapshot["signer_name"],
            answers_request=answers_request,
            change_summary=change_summary,
            change_reason=change_reason,
            snapshot=snapshot,
            content_sha256=documents.content_hash(snapshot),
            notice_pdf=notice_pdf,
            notice_sha256=hashlib.sha256(notice_pdf).hexdigest(),
            report_pdf=report_pdf,
            report_sha256=hashlib.sha256(report_pdf).hexdigest(),
            update_pdf=update_pdf,
            update_sha256=hashlib.sha256(update_pdf).hexdigest() if update_pdf else "",
        )
        VersionEnclosure.objects.bulk_create(
            [
                VersionEnclosure(
                    version=version,
                    category=e.category,
                    file=e.file.name,
                    original_name=e.original_name,
                    content_type=e.content_type,
                    size=e.size,
                    sha256=e.sha256,
                    description=e.description,
                )
                for e in locked.enclosures.all()
            ]
        )
        if version_kind == DossierVersion.Kind.INITIAL:
            _meet_running(locked, [FILE], now, actor)
            locked.first_submitted_at = now
        elif version_kind == DossierVersion.Kind.COMPLETION:
            _meet_running(locked, [COMPLETE], now, actor)
        else:
            _meet_running(locked, [PERIODIC, IMMEDIATE], now, actor)
        if version_kind != DossierVersion.Kind.UPDATE:
            # Decree 356 Art. 18(5), 19(5): the agency answers within the review period. Art. 20
            # sets no period for the agency on an update, so an update opens no clock.
            _open(REVIEW, locked, version, now, actor, responsible=locked.assigned_reviewer)
        locked.status = Status.SUBMITTED
        locked.last_filed_at = now
        locked.save(update_fields=["status", "first_submitted_at", "last_filed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="dossier.submit",
            message=gettext_noop("Nộp %(kind)s %(ref)s, phiên bản %(v)s (%(version_kind)s)"),
            params={
                "kind": Dossier.Kind(locked.kind).label,
                "ref": locked.reference,
                "v": number,
                "version_kind": DossierVersion.Kind(version_kind).label,
            },
            obj=locked,
            data={
                "version": number,
                "kind": version_kind,
                "content_sha256": version.content_sha256,
                "report_sha256": version.report_sha256,
                "notice_sha256": version.notice_sha256,
            },
        )
        url = reverse("dossiers_regulator:detail", args=[locked.pk])
        people = [locked.assigned_reviewer] if locked.assigned_reviewer else list(_regulators())
        for reviewer in people:
            notification_create(
                user=reviewer,
                key=f"dossier.submitted:{version.pk}",
                message=gettext_noop("%(org)s nộp hồ sơ %(ref)s (phiên bản %(v)s)"),
                params={"org": locked.organization.name, "ref": locked.reference, "v": number},
                url=url,
            )
    _refresh(dossier, locked)
    return version


# --- the agency's review -----------------------------------------------------------------------


def _require_regulator(actor) -> None:
    if not is_regulator(actor):
        raise InvalidTransition(_("Chỉ cán bộ cơ quan chuyên trách được thực hiện."))


def dossier_assign(*, actor, dossier: Dossier, reviewer) -> ReviewEvent:
    """Make ``reviewer`` responsible for the dossier and its review clock."""
    _require_regulator(actor)
    if reviewer is None or not is_regulator(reviewer):
        raise ValidationError(
            {"reviewer": [_("Người được phân công phải là cán bộ cơ quan chuyên trách.")]}
        )
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.first_submitted_at is None:
            raise InvalidTransition(_("Hồ sơ chưa được nộp."))
        locked.assigned_reviewer = reviewer
        fields = ["assigned_reviewer", "updated_at"]
        if locked.status == Status.SUBMITTED:
            _check(locked, Status.UNDER_REVIEW)
            locked.status = Status.UNDER_REVIEW
            fields.append("status")
        locked.save(update_fields=fields)
        version = locked.versions.order_by("-number").first()
        deadlines_set_responsible(subject=version, responsible=reviewer, actor=actor)
        event = ReviewEvent.objects.create(
            dossier=locked,
            version=version,
            kind=ReviewEvent.Kind.ASSIGN,
            reviewer=reviewer,
            actor=_user(actor),
        )
        audit_record(
            actor=actor,
            action="dossier.assign",
            message=gettext_noop("Phân công %(user)s xem xét hồ sơ %(ref)s"),
            params={"user": reviewer.get_username(), "ref": locked.reference},
            obj=locked,
            data={"reviewer": reviewer.pk},
        )
        if reviewer != actor:
            notification_create(
                user=reviewer,
                key=f"dossier.assign:{event.pk}",
                message=gettext_noop("Được phân công xem xét hồ sơ %(ref)s"),
                params={"ref": locked.reference},
                url=reverse("dossiers_regulator:detail", args=[locked.pk]),
            )
    _refresh(dossier, locked)
    return event


def _decide(*, actor, dossier: Dossier, kind: str, target: str, reasons: str) -> ReviewEvent:
    _require_regulator(actor)
    with transaction.atomic():
        locked = _lock(dossier)
        _check(locked, target)
        now = timezone.now()
        version = locked.versions.order_by("-number").first()
        _meet_running(version, [REVIEW], now, actor)
        locked.status = target
        locked.save(update_fields=["status", "updated_at"])
        event = ReviewEvent.objects.create(
            dossier=locked, version=version, kind=kind, reasons=reasons, actor=_user(actor)
        )
        if kind == ReviewEvent.Kind.REQUEST_COMPLETION:
            # Decree 356 Art. 18(6), 19(6): the organisation completes the dossier within the period.
            _open(COMPLETE, locked, locked, now, actor)
        audit_record(
            actor=actor,
            action=f"dossier.{kind}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s, hồ sơ %(ref)s (phiên bản %(v)s)"),
            params={
                "what": ReviewEvent.Kind(kind).label,
                "ref": locked.reference,
                "v": version.number,
            },
            obj=locked,
            data={"reasons": reasons[:500], "version": version.number},
        )
        url = reverse("dossiers:detail", args=[locked.pk])
        for person in _org_people(locked.organization):
            notification_create(
                user=person,
                key=f"dossier.decision:{event.pk}",
                message=gettext_noop("Cơ quan chuyên trách: %(what)s (hồ sơ %(ref)s)"),
                params={"what": ReviewEvent.Kind(kind).label, "ref": locked.reference},
                url=url,
                organization=locked.organization,
            )
            if person.email:
                outbox_enqueue_email(
                    key=f"dossier.decision:{event.pk}:{person.pk}",
                    recipient=person.email,
                    template="dossier_decision",
                    context={
                        "dossier_reference": locked.reference,
                        # Lazy labels: the e-mail renders them in its own language.
                        "dossier_kind": Dossier.Kind(locked.kind).label,
                        "organization_name": locked.organization.name,
                        "decision": ReviewEvent.Kind(kind).label,
                        "completion": kind == ReviewEvent.Kind.REQUEST_COMPLETION,
                        "reasons": reasons,
                        "version": version.number,
                        "url": url,
                    },
                    organization=locked.organization,
                    recipient_user=person,
                )
    _refresh(dossier, locked)
    return event


def dossier_accept(*, actor, dossier: Dossier, reasons: str = "") -> ReviewEvent:
    """Decide that the dossier meets the requirements (Decree 356 Art. 18(5), 19(5))."""
    return _decide(
        actor=actor,
        dossier=dossier,
        kind=ReviewEvent.Kind.ACCEPT,
        target=Status.ACCEPTED,
        reasons=(reasons or "").strip(),
    )


def dossier_request_completion(*, actor, dossier: Dossier, reasons: str) -> ReviewEvent:
    """Ask the organisation to complete the dossier, with reasons (Decree 356 Art. 18(6), 19(6))."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": [_("Cần nêu nội dung cần hoàn thiện và lý do.")]})
    return _decide(
        actor=actor,
        dossier=dossier,
        kind=ReviewEvent.Kind.REQUEST_COMPLETION,
        target=Status.COMPLETION_REQUESTED,
        reasons=reasons,
    )


def open_completion_request(dossier: Dossier) -> ReviewEvent | None:
    """Return the agency's latest completion request if the dossier still has to answer it."""
    if dossier.status != Status.COMPLETION_REQUESTED:
        return None
    return (
        dossier.review_events.filter(kind=ReviewEvent.Kind.REQUEST_COMPLETION)
        .order_by("-pk")
        .first()
    )


def next_version_number(dossier: Dossier) -> int:
    return (dossier.versions.aggregate(m=Max("number"))["m"] or 0) + 1
