import pytest
from django.core.exceptions import ValidationError

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_seal
from pdp_portal.audit.verify import audit_verify
from pdp_portal.organizations import services
from pdp_portal.organizations.models import Membership, ProtectionContact
from pdp_portal.organizations.permissions import (
    CHANGE,
    MANAGE,
    VIEW,
    has_org_perm,
    is_regulator,
    visible_organizations,
)
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


def perms(user, org) -> set[str]:
    return {p for p in (VIEW, CHANGE, MANAGE) if has_org_perm(user, org, p)}


def actions_since(last_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(id__gt=last_id).order_by("id").values_list("action", flat=True)
    )


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.parametrize(
    ("role", "expected"),
    [("dpo", {VIEW, CHANGE, MANAGE}), ("staff", {VIEW, CHANGE}), ("viewer", {VIEW})],
)
def test_a_role_grants_its_permissions(org, role, expected):
    user = make_user()
    services.membership_set(actor="test", organization=org, user=user, role=role)
    assert perms(user, org) == expected


def test_a_role_grants_nothing_on_another_organization(org, other_org):
    user = make_user()
    services.membership_set(actor="test", organization=org, user=user, role="dpo")
    assert perms(user, other_org) == set()
    assert list(visible_organizations(user)) == [org]


def test_a_demotion_revokes_permissions(org, dpo):
    second = make_user()
    services.membership_set(actor="test", organization=org, user=second, role="dpo")
    services.membership_set(actor="test", organization=org, user=second, role="viewer")
    assert perms(second, org) == {VIEW}


def test_a_removal_revokes_every_permission(org, staff):
    services.membership_remove(actor="test", membership=staff.memberships.get())
    assert perms(staff, org) == set()
    assert not Membership.objects.filter(user=staff).exists()


def test_it_refuses_an_unknown_role(org):
    with pytest.raises(services.MembershipError):
        services.membership_set(actor="test", organization=org, user=make_user(), role="owner")


def test_it_refuses_to_demote_the_last_dpo(org, dpo):
    before = last_event_id()
    with pytest.raises(services.MembershipError):
        services.membership_set(actor=dpo, organization=org, user=dpo, role="staff")
    assert dpo.memberships.get().role == "dpo"
    assert perms(dpo, org) == {VIEW, CHANGE, MANAGE}
    assert actions_since(before) == []


def test_it_refuses_to_remove_the_last_dpo(org, dpo):
    before = last_event_id()
    with pytest.raises(services.MembershipError):
        services.membership_remove(actor=dpo, membership=dpo.memberships.get())
    assert perms(dpo, org) == {VIEW, CHANGE, MANAGE}
    assert actions_since(before) == []


def test_a_dpo_may_leave_when_another_remains(org, dpo):
    services.membership_set(actor="test", organization=org, user=make_user(), role="dpo")
    services.membership_remove(actor=dpo, membership=dpo.memberships.get())
    assert perms(dpo, org) == set()


def test_the_creator_becomes_dpo(db):
    creator = make_user()
    org = make_organization(tax_code="0100000001", slug="tao-moi")
    assert perms(creator, org) == set()
    org2 = services.organization_create(
        actor=creator, name="Hợp tác xã", tax_code="0100000002", head_office="Huế", slug="htx"
    )
    assert org2.memberships.get().user == creator
    assert perms(creator, org2) == {VIEW, CHANGE, MANAGE}


def test_every_write_appends_an_audit_event(db):
    before = last_event_id()
    user = make_user()
    org = services.organization_create(
        actor=user, name="Công ty A", tax_code="0100000003", head_office="Hà Nội", slug="cong-ty-a"
    )
    services.organization_update(actor=user, organization=org, head_office="Đà Nẵng")
    colleague = make_user()
    services.membership_set(actor=user, organization=org, user=colleague, role="staff")
    services.membership_set(actor=user, organization=org, user=colleague, role="viewer")
    services.protection_contact_save(
        actor=user,
        organization=org,
        contact=ProtectionContact(kind="staff", name="Lan", email="l@example.vn", phone="1"),
    )
    contact = org.protection_contacts.get()
    contact.phone = "2"
    services.protection_contact_save(actor=user, organization=org, contact=contact)
    services.membership_remove(actor=user, membership=colleague.memberships.get())
    services.regulator_grant(actor=user, user=make_user())
    # The obligations a change brings are audited by the programme (programme.hooks).
    assert [a for a in actions_since(before) if not a.startswith("programme.")] == [
        "organization.create",
        "membership.set",
        "organization.update",
        "membership.set",
        "membership.set",
        "contact.create",
        "contact.update",
        "membership.remove",
        "regulator.grant",
    ]
    audit_seal(force_checkpoint=True)
    assert audit_verify().ok


def test_writes_that_change_nothing_append_nothing(org, dpo):
    before = last_event_id()
    services.organization_update(actor=dpo, organization=org, name=org.name)
    services.membership_set(actor=dpo, organization=org, user=dpo, role="dpo")
    assert actions_since(before) == []


def test_an_update_records_what_changed(org, dpo):
    services.organization_update(actor=dpo, organization=org, data_subject_count=150_000)
    event = AuditEvent.objects.filter(action="organization.update").latest("id")
    assert event.data["changed"] == {"data_subject_count": [0, 150_000]}
    assert event.actor == dpo


@pytest.mark.parametrize(
    ("field", "value"),
    [("tax_code", "12"), ("slug", "Có dấu"), ("size_class", "huge"), ("name", "")],
)
def test_an_invalid_update_raises_and_writes_nothing(org, dpo, field, value):
    before = last_event_id()
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(actor=dpo, organization=org, **{field: value})
    assert field in excinfo.value.message_dict
    assert actions_since(before) == []


def test_an_update_refuses_a_duplicate_slug(org, other_org, dpo):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(actor=dpo, organization=org, slug=other_org.slug)
    assert "slug" in excinfo.value.message_dict


def test_regulator_grant_makes_a_regulator(db):
    user = make_user()
    assert not is_regulator(user)
    services.regulator_grant(actor="test", user=user)
    assert is_regulator(user)
    assert user.regulator_profile.unit
