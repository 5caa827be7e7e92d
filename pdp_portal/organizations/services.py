"""Every write that matters for organisations, memberships and protection contacts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from guardian.shortcuts import assign_perm, remove_perm

from pdp_portal import hooks
from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_row

from .models import Membership, Organization, ProtectionContact
from .permissions import CHANGE, MANAGE, REGULATOR_GROUP, VIEW

User = get_user_model()

# The object permissions each role holds on its organisation.
ROLE_PERMISSIONS = {
    Membership.Role.DPO: (VIEW, CHANGE, MANAGE),
    Membership.Role.STAFF: (VIEW, CHANGE),
    Membership.Role.VIEWER: (VIEW,),
}
ALL_PERMISSIONS = (VIEW, CHANGE, MANAGE)


# Shown by the pages and the API when a change would leave an organisation without a DPO.
LAST_DPO_MESSAGE = gettext_lazy(
    "Tổ chức phải luôn có ít nhất một người phụ trách bảo vệ dữ liệu (DPO)."
)


class MembershipError(ValueError):
    pass


def _sync_permissions(user, organization, role: str | None) -> None:
    granted = ROLE_PERMISSIONS.get(role, ()) if role else ()
    for perm in ALL_PERMISSIONS:
        if perm in granted:
            assign_perm(perm, user, organization)
        else:
            remove_perm(perm, user, organization)


def _lock(organization_pk: int) -> Organization:
    # One change at a time of what the organisation's rules span several rows: at least one
    # DPO, exactly one primary contact. Locking only the row being changed would let two
    # requests at once each see the other's row as it was (two DPOs demoting each other).
    return Organization.objects.select_for_update().get(pk=organization_pk)


def organization_create(*, actor, **fields) -> Organization:
    """Create an organisation; the actor, if a user, becomes its DPO."""
    with transaction.atomic():
        organization = Organization(**fields)
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action="organization.create",
            obj=organization,
            organization=organization,
            message=gettext_noop("Tạo tổ chức %(name)s (%(tax_code)s)"),
            params={"name": organization.name, "tax_code": organization.tax_code},
        )
        if getattr(actor, "pk", None) and not actor.is_superuser:
            membership_set(
                actor=actor, organization=organization, user=actor, role=Membership.Role.DPO
            )
    return organization


def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    """Change an organisation's details and audit what changed."""
    with transaction.atomic():
        organization = _lock(organization.pk)
        changed = {}
        for name, value in fields.items():
            old = getattr(organization, name)
            if old != value:
                changed[name] = [_jsonable(old), _jsonable(value)]
                setattr(organization, name, value)
        if not changed:
            return organization
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action="organization.update",
            obj=organization,
            organization=organization,
            message=gettext_noop("Cập nhật thông tin tổ chức: %(fields)s"),
            # The fields by their names (verbose_name), read in the reader's language.
            params={
                "fields": [
                    Organization._meta.get_field(name).verbose_name for name in sorted(changed)
                ]
            },
            data={"changed": changed},
        )
        # Sectors, roles, size and sensitive data decide which obligations apply.
        hooks.call("facts.changed", organization=organization, actor=actor)
    return organization


def _jsonable(value):
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def membership_set(*, actor, organization: Organization, user, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organization`` (creating or changing the membership) and its permissions."""
    if role not in Membership.Role.values:
        raise MembershipError(_("Vai trò không hợp lệ: %(role)s.") % {"role": role})
    with transaction.atomic():
        _lock(organization.pk)
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
        old_role = None if created else membership.role
        if not created and membership.role != role:
            _ensure_a_dpo_remains(organization, excluding=membership, new_role=role)
            membership.role = role
            membership.save(update_fields=["role"])
        _sync_permissions(user, organization, role)
        if created or old_role != role:
            audit_record(
                actor=actor,
                action="membership.set",
                obj=membership,
                organization=organization,
                message=gettext_noop("Vai trò của %(user)s: %(old)s → %(new)s"),
                params={
                    "user": user.get_username(),
                    "old": _role_label(old_role),
                    "new": _role_label(role),
                },
                data={"user": user.pk, "from": old_role, "to": role},
            )
    return membership


def membership_remove(*, actor, membership: Membership) -> None:
    """Remove a membership and every object permission it granted."""
    with transaction.atomic():
        _lock(membership.organization_id)
        membership = locked_row(Membership.objects, MembershipError, pk=membership.pk)
        _ensure_a_dpo_remains(membership.organization, excluding=membership, new_role=None)
        _sync_permissions(membership.user, membership.organization, None)
        audit_record(
            actor=actor,
            action="membership.remove",
            obj=membership,
            organization=membership.organization,
            message=gettext_noop("Xóa thành viên %(user)s (%(role)s)"),
            params={
                "user": membership.user.get_username(),
                "role": _role_label(membership.role),
            },
            data={"user": membership.user_id, "from": membership.role},
        )
        membership.delete()


def _role_label(role: str | None):
    return Membership.Role(role).label if role else "-"


def _ensure_a_dpo_remains(organization, *, excluding: Membership, new_role: str | None) -> None:
    if excluding.role != Membership.Role.DPO or new_role == Membership.Role.DPO:
        return
    others = organization.memberships.filter(role=Membership.Role.DPO).exclude(pk=excluding.pk)
    if not others.exists():
        raise MembershipError(str(LAST_DPO_MESSAGE))


def protection_contact_save(
    *, actor, organization: Organization, contact: ProtectionContact
) -> ProtectionContact:
    """Create or change a protection contact (Decree 356 Art. 13-16)."""
    with transaction.atomic():
        _lock(organization.pk)
        created = contact.pk is None
        contact.organization = organization
        if contact.is_primary:
            organization.protection_contacts.exclude(pk=contact.pk).filter(is_primary=True).update(
                is_primary=False
            )
        contact.full_clean()
        contact.save()
        audit_record(
            actor=actor,
            action="contact.create" if created else "contact.update",
            obj=contact,
            organization=organization,
            message=gettext_noop("%(kind)s: %(name)s"),
            params={"kind": ProtectionContact.Kind(contact.kind).label, "name": contact.name},
        )
        # A designated unit or a hired provider changes the protection obligations.
        hooks.call("facts.changed", organization=organization, actor=actor)
    return contact


def regulator_grant(*, actor, user) -> None:
    """Put ``user`` in the Regulator group (the agency's reviewers)."""
    from .models import RegulatorProfile

    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=REGULATOR_GROUP)
        user.groups.add(group)
        RegulatorProfile.objects.get_or_create(user=user)
        audit_record(
            actor=actor,
            action="regulator.grant",
            obj=user,
            message=gettext_noop("Giao quyền cán bộ cơ quan chuyên trách cho %(user)s"),
            params={"user": user.get_username()},
        )
