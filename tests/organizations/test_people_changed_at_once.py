"""Rules that span several rows hold when two people change them at the same moment: the DPOs
who each step down (or remove each other) at once leave one DPO, never none; contacts saved as
primary at once leave one primary contact, the last one saved, without a server error."""

import pytest

from pdp_portal.organizations import services
from pdp_portal.organizations.models import Membership, ProtectionContact
from tests.factories import make_contact, make_member, make_organization
from tests.threads import at_once, failures

DPOS = 4


@pytest.mark.django_db(transaction=True)
def test_dpos_stepping_down_at_once_leave_one_dpo():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    dpos = [make_member(org, f"dpo{n}", "dpo") for n in range(DPOS)]

    changed = at_once(
        lambda n: services.membership_set(
            actor=dpos[n], organization=org, user=dpos[n], role=Membership.Role.STAFF
        ),
        DPOS,
    )

    refused = failures(changed)
    assert [type(exc) for exc in refused] == [services.MembershipError]
    assert str(refused[0]) == str(services.LAST_DPO_MESSAGE)
    assert Membership.objects.filter(organization=org, role=Membership.Role.DPO).count() == 1


@pytest.mark.django_db(transaction=True)
def test_dpos_removing_each_other_at_once_leave_one_dpo():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    first, second = make_member(org, "an", "dpo"), make_member(org, "binh", "dpo")
    memberships = [Membership.objects.get(user=u, organization=org) for u in (second, first)]

    removed = at_once(
        lambda n: services.membership_remove(actor=(first, second)[n], membership=memberships[n]),
        2,
    )

    assert [type(exc) for exc in failures(removed)] == [services.MembershipError]
    assert Membership.objects.filter(organization=org, role=Membership.Role.DPO).count() == 1


@pytest.mark.django_db(transaction=True)
def test_contacts_saved_as_primary_at_once_leave_one_primary():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    make_contact(org, name="Nguyễn Thị Lan")

    saved = at_once(
        lambda n: make_contact(org, name=f"Trần Văn {n}", email=f"dpo{n}@hoasen.example.vn"), 4
    )

    assert failures(saved) == []
    assert ProtectionContact.objects.filter(organization=org).count() == 5
    primary = ProtectionContact.objects.get(organization=org, is_primary=True)
    assert primary.name.startswith("Trần Văn")
