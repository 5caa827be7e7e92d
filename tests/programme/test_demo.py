"""The demo fills the programme of each demo organisation, and seed_demo stays idempotent."""

import pytest
from django.core.management import call_command

from dossiers.models import DomesticTransfer
from programme.models import (
    AISystem,
    Contract,
    Designation,
    Evidence,
    ObligationState,
    ProtectionPerson,
    TrainingSession,
)

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_programme_and_a_second_run_changes_nothing(capsys):
    call_command("seed_demo")
    hoa_sen = {"organization__slug": "hoa-sen"}
    done = ObligationState.objects.filter(**hoa_sen, status="done")
    assert {"protection.designation", "transfer.agreement"} <= set(
        done.values_list("code", flat=True)
    )
    # Each obligation marked done carries the evidence its article asks for.
    assert all(Evidence.objects.filter(obligation=s).exists() for s in done)
    assert AISystem.objects.filter(**hoa_sen).count() == 2
    assert AISystem.objects.filter(organization__slug="song-hong").count() == 1
    assert Contract.objects.filter(**hoa_sen).count() == 2
    assert Designation.objects.filter(**hoa_sen).exists()
    assert ProtectionPerson.objects.filter(**hoa_sen).count() == 2
    assert TrainingSession.objects.filter(**hoa_sen).get().attendees.count() == 2
    assert DomesticTransfer.objects.filter(**hoa_sen).get().needs_agreement
    # The AI obligations came with the systems; the programme is in line with the registers.
    assert ObligationState.objects.get(**hoa_sen, code="ai.inference").applies
    counts = {m: m.objects.count() for m in (ObligationState, Evidence, AISystem, Contract)}
    call_command("seed_demo", "--if-empty")
    with pytest.raises(SystemExit):
        call_command("seed_demo")
    assert counts == {m: m.objects.count() for m in counts}
