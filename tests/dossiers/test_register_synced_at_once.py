"""Register entries saved at the same moment by two colleagues: the organisation's dossier clocks
are brought in line with the register one save at a time, so a clock is opened once, never twice
(two clocks would each send their reminders and both count against the organisation)."""

import pytest

from dossiers import services
from dossiers.catalogue import PROCESSING
from dossiers.models import Dossier
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadlines_for
from tests.threads import at_once, failures

from .conftest import make_register

AT_ONCE = 4


@pytest.mark.django_db(transaction=True)
def test_syncs_at_once_open_one_file_clock(org, dpo, at_now):
    org.size_class = "micro"  # exempt (Decree 356 Art. 41): the register opens no clock yet
    org.save()
    make_register(org, dpo)
    assert not Deadline.objects.filter(rule="dossier.file").exists()
    org.processes_sensitive_data = True  # no longer exempt: the next sync opens the clock
    org.save()
    synced = at_once(lambda _n: services.register_sync(actor=dpo, organization=org), AT_ONCE)
    assert failures(synced) == []
    dossier = Dossier.objects.get(organization=org, kind=PROCESSING)
    assert deadlines_for(dossier).filter(rule="dossier.file", status="open").count() == 1
