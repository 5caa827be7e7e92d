"""References numbered per organisation (breaches) or per agency (inspections) and year stay
unique when several are recorded at the same moment: each one waits for the number before it,
none fails on the unique constraint (a server error for the person who pressed the button)."""

import datetime as dt

import pytest
import time_machine

from breaches import services as breaches
from inspections.models import Inspection
from pdp_portal.concurrency import numbering_lock
from tests.breaches.conftest import DISCOVERED
from tests.factories import make_member, make_organization, make_regulator
from tests.inspections.conftest import NOW, open_inspection
from tests.threads import at_once, failures

AT_ONCE = 6


def _at_once(record) -> list:
    """Run ``record(n)`` in AT_ONCE threads released together; return what each gave."""
    return at_once(record, AT_ONCE)


@pytest.mark.django_db(transaction=True)
def test_breaches_recorded_at_once_get_consecutive_references():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    dpo = make_member(org, "dpo", "dpo")
    with time_machine.travel(DISCOVERED + dt.timedelta(hours=1), tick=False):
        made = _at_once(
            lambda n: breaches.breach_record(
                actor=dpo, organization=org, summary=f"Sự cố {n}", discovered_at=DISCOVERED
            )
        )
    assert failures(made) == []
    year = DISCOVERED.year
    assert sorted(b.reference for b in made) == [
        f"VP-{year}-{n:04d}" for n in range(1, AT_ONCE + 1)
    ]


@pytest.mark.django_db(transaction=True)
def test_inspections_opened_at_once_get_consecutive_references():
    inspector = make_regulator("inspector")
    orgs = [make_organization(name=f"Công ty số {n}") for n in range(AT_ONCE)]
    with time_machine.travel(NOW, tick=False):
        made = _at_once(lambda n: open_inspection(orgs[n], inspector))
    assert failures(made) == []
    assert sorted(Inspection.objects.values_list("reference", flat=True)) == [
        f"KT-2026-{n:04d}" for n in range(1, AT_ONCE + 1)
    ]


@pytest.mark.django_db(transaction=True)
def test_a_numbering_lock_outside_a_transaction_is_refused():
    # Taken in autocommit, the lock would end with its own statement and serialise nothing.
    with pytest.raises(RuntimeError):
        numbering_lock("breaches.reference:1:2026")
