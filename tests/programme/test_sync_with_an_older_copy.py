"""A sync that holds a copy of the organisation read before a change (the hourly run's list of
organisations, or a sync running beside the change) reads the facts again under the
organisation's lock: it never stops the obligations that the change made apply."""

import pytest

from pdp_portal.organizations.models import Organization
from pdp_portal.organizations.services import organization_update
from programme import services
from programme.models import ObligationState

pytestmark = pytest.mark.django_db


def applies(org, code) -> bool:
    return ObligationState.objects.filter(organization=org, code=code, applies=True).exists()


def test_a_sync_with_a_copy_read_before_a_change_keeps_what_the_change_started(org, dpo):
    services.programme_sync(organization=org)
    read_before = Organization.objects.get(pk=org.pk)  # e.g. by the hourly sync, still running
    organization_update(actor=dpo, organization=org, sectors=["finance"])
    assert applies(org, "finance.logs")

    assert services.programme_sync(organization=read_before) == {"started": [], "stopped": []}

    assert applies(org, "finance.logs")
