"""Writes of the transfers inside Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7).

They sit in the register beside the transfers abroad; a new or changed one is a change of the
processing dossier (Decree 356 Art. 20(1)), never of the cross-border one (Form 09).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record

from .catalogue import BasicDataType, SensitiveDataType
from .models import DomesticTransfer, RegisterChange
from .services import _change, _delete_audited, _locked, _row_for_write, register_sync

DOMESTIC_FIELDS = (
    "activity",
    "recipient",
    "purpose",
    "basic_data_types",
    "sensitive_data_types",
    "legal_basis",
    "transferred_on",
    "agreement",
    "ended_on",
)


def _validate(item: DomesticTransfer, organization) -> None:
    errors: dict[str, list[str]] = {}
    if item.activity_id is None or item.activity.organization_id != organization.pk:
        errors["activity"] = [_("Cần chọn hoạt động xử lý của tổ chức.")]
    if item.recipient_id is None or item.recipient.organization_id != organization.pk:
        errors["recipient"] = [_("Bên nhận không thuộc sổ đăng ký của tổ chức.")]
    elif item.recipient.abroad:
        # A recipient abroad is a transfer abroad (Law 91/2025 Art. 20): its own row and dossier.
        errors["recipient"] = [
            _(
                "Bên nhận ở nước ngoài: ghi vào mục chuyển dữ liệu ra nước ngoài "
                "(Luật 91/2025 Điều 20)."
            )
        ]
    if not (item.purpose or "").strip():
        errors["purpose"] = [_("Cần nêu mục đích chuyển giao (Nghị định 356/2025 Điều 7 khoản 1).")]
    if item.legal_basis not in DomesticTransfer.Basis.values:
        errors["legal_basis"] = [_("Cơ sở pháp lý không hợp lệ.")]
    if set(item.basic_data_types or []) - set(BasicDataType.values):
        errors["basic_data_types"] = [_("Loại dữ liệu không hợp lệ.")]
    if set(item.sensitive_data_types or []) - set(SensitiveDataType.values):
        errors["sensitive_data_types"] = [_("Loại dữ liệu không hợp lệ.")]
    if not (item.basic_data_types or item.sensitive_data_types):
        errors["basic_data_types"] = [
            _("Cần chọn loại dữ liệu được chuyển giao (Nghị định 356/2025 Điều 7 khoản 1 điểm b).")
        ]
    if item.transferred_on and item.transferred_on > timezone.localdate():
        errors["transferred_on"] = [_("Ngày chuyển giao không thể ở tương lai.")]
    if item.transferred_on and item.ended_on and item.ended_on < item.transferred_on:
        errors["ended_on"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    if errors:
        raise ValidationError(errors)


def domestic_transfer_save(
    *, actor, organization, transfer: DomesticTransfer | None = None, **fields
) -> DomesticTransfer:
    """Create or change a transfer to a party in Vietnam; record the change the dossier needs."""
    with transaction.atomic():
        item, created, changed = _row_for_write(
            DomesticTransfer, organization, transfer, fields, DOMESTIC_FIELDS
        )
        item.purpose = (item.purpose or "").strip()
        item.agreement = (item.agreement or "").strip()
        _validate(item, organization)
        item.save()
        params = {"activity": item.activity.name, "recipient": item.recipient.name}
        if created or "purpose" in changed:
            # Decree 356 Art. 20(1)(a): a new purpose of processing (here, of transferring).
            _change(
                organization,
                RegisterChange.Kind.NEW_PURPOSE,
                RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Chuyển giao dữ liệu trong nước: “%(activity)s” → %(recipient)s"),
                params,
            )
        elif "recipient" in changed:
            # Decree 356 Art. 20(1)(b): a controller, processor or third party changes.
            _change(
                organization,
                RegisterChange.Kind.PARTIES,
                RegisterChange.Scope.PROCESSING,
                actor,
                gettext_noop("Thay đổi bên nhận dữ liệu trong nước của “%(activity)s”"),
                {"activity": item.activity.name},
            )
        audit_record(
            actor=actor,
            action="register.domestic_save",
            message=gettext_noop("Sổ đăng ký: chuyển giao dữ liệu “%(activity)s” → %(recipient)s"),
            params=params,
            obj=item,
            organization=organization,
            data={"created": created, "fields": changed},
        )
        register_sync(actor=actor, organization=organization)
    return item


def domestic_transfer_delete(*, actor, organization, transfer: DomesticTransfer) -> None:
    """Delete a transfer inside Vietnam from the register; the party leaves the dossier."""
    with transaction.atomic():
        item = _locked(
            DomesticTransfer.objects.select_for_update(of=("self",)).select_related(
                "activity", "recipient"
            ),
            pk=transfer.pk,
            organization=organization,
        )
        params = {"activity": item.activity.name, "recipient": item.recipient.name}
        _change(
            organization,
            RegisterChange.Kind.PARTIES,
            RegisterChange.Scope.PROCESSING,
            actor,
            gettext_noop("Bỏ chuyển giao dữ liệu “%(activity)s” → %(recipient)s"),
            params,
        )
        _delete_audited(
            actor=actor,
            organization=organization,
            item=item,
            action="register.domestic_delete",
            message=gettext_noop(
                "Sổ đăng ký: bỏ chuyển giao dữ liệu “%(activity)s” → %(recipient)s"
            ),
            params=params,
        )
