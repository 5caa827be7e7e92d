"""The ledger: appends, sealing, checkpoints, the append-only triggers, and every tampering."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from pdp_portal.audit import keys, merkle
from pdp_portal.audit.models import AuditCheckpoint, AuditEvent, AuditLogState, AuditTreeNode
from pdp_portal.audit.offline import ProofInvalid, check
from pdp_portal.audit.services import (
    audit_record,
    audit_seal,
    checkpoint_payload,
    consistency_proof,
    inclusion_proof,
    root_at,
    witness_latest,
)
from pdp_portal.audit.verify import audit_verify_organization
from tests.conftest import ROOT

from .helpers import append, as_table_owner

pytestmark = pytest.mark.django_db


def _verify(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue().strip()


def _broken(*args) -> str:
    with pytest.raises(CommandError) as excinfo:
        _verify(*args)
    return str(excinfo.value)


def _sealed(n: int) -> list[AuditEvent]:
    from django.test import TestCase

    events = append(n)
    # The witness file is written when the checkpoint commits, as in production.
    with TestCase.captureOnCommitCallbacks(execute=True):
        audit_seal(force_checkpoint=True)
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def test_an_append_is_one_insert_and_waits_unsealed(django_assert_num_queries):
    with django_assert_num_queries(1):
        event = audit_record(returning_id=True, actor="test", action="test.one", summary="Một")

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.seq is None and stored.leaf_hash == ""
    assert _verify().endswith(
        f"; {AuditEvent.objects.filter(seq__isnull=True).count()} waiting to be sealed"
    )


def test_the_appended_event_is_the_stored_row(dpo, org):
    event = audit_record(
        returning_id=True,
        actor=dpo,
        action="test.row",
        message=gettext_noop("Thời hạn “%(what)s” đã quá hạn."),
        params={"what": "HS-01", "state": gettext_lazy("Đang xử lý")},
        obj=dpo,
        organization=org,
        data={"text": 'Tên "Nguyễn" \\ 🚀', "n": [1, 1.5, None, True], "at": {"z": "ấ"}},
    )
    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.canonical() == event.canonical()
    assert (stored.actor_id, stored.organization_id) == (dpo.pk, org.pk)
    assert stored.actor_label == f"user:{dpo.pk}:{dpo.get_username()}"
    assert (stored.object_type, stored.object_id) == (dpo._meta.label_lower, str(dpo.pk))
    assert stored.organization_ref == str(org.pk)
    assert (stored.seq, stored.leaf_hash, stored.chain_hash) == (None, "", "")
    assert not event._state.adding


def test_an_append_rolls_back_with_the_callers_transaction():
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor="test", action="test.rollback", summary="Không giữ")
        raise RuntimeError

    assert AuditEvent.objects.count() == before


def test_two_events_cannot_hold_one_position():
    events = _sealed(1) + append(1)

    # The sealer's one allowed update, to a position already given.
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[1].pk).update(seq=events[0].seq)


def test_the_sealer_gives_positions_in_id_order_and_signs_a_checkpoint():
    before = AuditEvent.objects.count()
    events = _sealed(5)

    assert [e.seq for e in events] == list(range(before, before + 5))
    for e in events:
        assert e.leaf_hash == e.compute_leaf_hash()
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.tree_size == AuditEvent.objects.count()
    assert checkpoint.root_hash == root_at(checkpoint.tree_size).hex()
    assert keys.verify(checkpoint.signature) == checkpoint_payload(checkpoint)
    assert _verify().startswith(f"OK {checkpoint.tree_size} events, 1 checkpoints")


def test_a_second_run_of_the_sealer_changes_nothing():
    _sealed(3)
    state = AuditLogState.objects.get()
    nodes = AuditTreeNode.objects.count()

    assert audit_seal(force_checkpoint=True) == 0
    assert AuditCheckpoint.objects.count() == 1
    assert AuditTreeNode.objects.count() == nodes
    assert AuditLogState.objects.get().tree_size == state.tree_size


def test_a_checkpoint_waits_for_its_interval_unless_forced(settings):
    settings.AUDIT_CHECKPOINT_SECONDS = 3600
    _sealed(2)
    append(2)

    audit_seal()
    assert AuditCheckpoint.objects.count() == 1, "the next checkpoint is not due yet"
    audit_seal(force_checkpoint=True)
    assert AuditCheckpoint.objects.count() == 2


def test_sealing_in_small_batches_builds_the_same_tree_as_in_one():
    append(37)
    audit_seal(batch=4, force_checkpoint=True)
    size = AuditLogState.objects.get().tree_size
    leaves = [
        bytes.fromhex(h)
        for h in AuditEvent.objects.order_by("seq").values_list("leaf_hash", flat=True)
    ]
    frontier = merkle.Frontier()
    for leaf in leaves:
        frontier.append(leaf)

    assert frontier.size == size
    assert root_at(size) == frontier.root()
    assert _verify().startswith("OK")


def test_the_summary_reads_in_the_readers_language():
    event = audit_record(
        returning_id=True,
        actor="test",
        action="test.lang",
        message=gettext_noop("Thời hạn “%(what)s” đã quá hạn."),
        params={"what": "HS-01", "state": gettext_lazy("Đang xử lý")},
    )
    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.params["state"] == {"message": "Đang xử lý"}
    assert stored.summary_in("vi") == "Thời hạn “HS-01” đã quá hạn."
    with translation.override("en"):
        assert "HS-01" in stored.summary and "quá hạn" not in stored.summary


# --- the triggers ---------------------------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_event():
    event = _sealed(1)[0]

    for change in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(message="sửa"),
        lambda: AuditEvent.objects.filter(pk=event.pk).update(seq=None),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            change()


def test_the_database_refuses_to_change_an_unsealed_events_content():
    event = append(1)[0]

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(message="sửa", seq=10**9)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_to_change_nodes_and_checkpoints():
    _sealed(4)

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditTreeNode.objects.all().update(hash="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditCheckpoint.objects.all().delete()


# --- tampering below the application (triggers switched off by the tables' owner) ------------


def test_an_edited_event_is_named():
    events = _sealed(5)

    with as_table_owner():
        AuditEvent.objects.filter(pk=events[2].pk).update(message="Bước đã bị sửa")
        message = _broken()

    assert f"event {events[2].pk}: content does not match its hash (edited)" in message


def test_an_edited_and_rehashed_event_is_still_named():
    events = _sealed(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.message = "Bước đã bị sửa"

    with as_table_owner():
        AuditEvent.objects.filter(pk=forged.pk).update(
            message=forged.message, leaf_hash=forged.compute_leaf_hash()
        )
        message = _broken()

    assert f"event {events[1].pk}" in message


def test_a_deleted_event_is_named_by_the_one_after_it():
    events = _sealed(5)

    with as_table_owner():
        AuditEvent.objects.filter(pk=events[2].pk).delete()
        message = _broken()

    assert f"event {events[3].pk}" in message and "deleted" in message


def test_a_deleted_tail_fails_against_the_last_checkpoint():
    events = _sealed(4)

    with as_table_owner():
        AuditEvent.objects.filter(pk__in=[e.pk for e in events[2:]]).delete()
        message = _broken()

    assert "2 event(s) were deleted" in message


def test_an_emptied_log_fails_against_the_checkpoint_held_outside():
    _sealed(3)
    size = AuditCheckpoint.objects.get().tree_size
    assert witness_latest() is not None

    with as_table_owner():
        for model in (AuditEvent, AuditTreeNode, AuditCheckpoint, AuditLogState):
            model.objects.all().delete()
        message = _broken()

    assert "the log holds 0 sealed events, but witness file" in message
    assert f"signed {size}" in message


def test_a_rechained_log_fails_against_the_agencys_copy(tmp_path, settings):
    # The agency received a signed checkpoint by e-mail; later someone rewrites an event,
    # rebuilds the whole tree and re-signs with a key of their own.
    events = _sealed(4)
    agency_copy = tmp_path / "agency.jws"
    agency_copy.write_text(AuditCheckpoint.objects.get().signature)
    settings.AUDIT_WITNESS_FILE = tmp_path / "rewritten-witness.jws"
    forger = keys.jwk.JWK.generate(kty="OKP", crv="Ed25519")
    settings.SIGNING_KEY = forger.export_private()

    with as_table_owner():
        AuditEvent.objects.filter(pk=events[0].pk).update(message="đã viết lại")
        rows = list(AuditEvent.objects.order_by("seq"))
        for model in (AuditTreeNode, AuditCheckpoint, AuditLogState):
            model.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET seq = NULL, leaf_hash = '', chain_hash = ''"
            )
        audit_seal(force_checkpoint=True)
        assert len(rows) == AuditEvent.objects.count()
        assert _verify("--no-witness").startswith("OK"), "the forgery agrees with itself"
        message = _broken("--checkpoint", str(agency_copy))

    assert "rewritten" in message or "unknown key" in message


def test_an_edited_checkpoint_row_is_named():
    _sealed(3)
    checkpoint = AuditCheckpoint.objects.get()

    with as_table_owner():
        AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(root_hash="0" * 64)
        message = _broken()

    assert f"checkpoint {checkpoint.pk}" in message


def test_a_checkpoint_of_another_log_is_refused(tmp_path, settings):
    _sealed(2)
    copy = tmp_path / "copy.jws"
    copy.write_text(AuditCheckpoint.objects.get().signature)
    settings.AUDIT_LOG_ID = "https://other.example"

    assert "another log" in _broken("--no-witness", "--checkpoint", str(copy))


# --- proofs ---------------------------------------------------------------------------------


def test_an_inclusion_proof_verifies_outside_the_database_and_an_edit_does_not():
    events = _sealed(6)
    proof = inclusion_proof(events[3])
    key_set = keys.jwks()

    assert check(json.loads(json.dumps(proof)), key_set).startswith(f"OK: event {events[3].pk}")
    forged = json.loads(json.dumps(proof))
    forged["event"]["message"] = "sửa"
    forged.pop("leaf_hash")
    with pytest.raises(ProofInvalid):
        check(forged, key_set)
    with pytest.raises(ProofInvalid, match="unknown key"):
        check(proof, {"keys": []})


def test_a_consistency_proof_links_two_checkpoints():
    _sealed(3)
    old = AuditCheckpoint.objects.get()
    _sealed(5)
    new = AuditCheckpoint.objects.order_by("-tree_size").first()

    proof = consistency_proof(old, new)
    assert check(proof, keys.jwks()).startswith("OK: the log of")
    proof["path"][0] = "00" * 32
    with pytest.raises(ProofInvalid, match="rewritten"):
        check(proof, keys.jwks())


def test_the_offline_checker_runs_without_django(tmp_path):
    event = _sealed(2)[1]
    (tmp_path / "proof.json").write_text(json.dumps(inclusion_proof(event)))
    (tmp_path / "jwks.json").write_text(json.dumps(keys.jwks()))
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}

    result = subprocess.run(
        [sys.executable, "-m", "pdp_portal.audit.offline", "proof.json", "jwks.json"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: event {event.pk}")


def test_one_organisations_verification_reads_only_its_events(org, other_org):
    mine = append(3, organization=org)
    append(50, organization=other_org)
    audit_seal(force_checkpoint=True)

    result = audit_verify_organization(org)
    assert result.ok and result.events == AuditEvent.objects.filter(organization=org).count()

    with as_table_owner():
        AuditEvent.objects.filter(pk=mine[1].pk).update(data={"i": 99})
        result = audit_verify_organization(org)
    assert not result.ok and result.broken.ident == mine[1].pk


def test_awkward_content_seals_and_verifies():
    for text in ['Tên "Nguyễn Văn A" \\ đã sửa', "dòng 1\ndòng 2\t 🚀", '{"seq": 1}']:
        audit_record(
            actor="test",
            action="test.awkward",
            summary=text,
            data={"text": text, "n": [1, 1.5, None, True], "nested": {"z": text, "a": "ấ"}},
        )
    audit_seal(force_checkpoint=True)

    assert _verify().startswith("OK")


@pytest.mark.django_db(transaction=True)
def test_the_command_line_prints_ok_then_names_the_edited_event(settings):
    events = append(4)
    call_command("audit_seal")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "AUDIT_WITNESS_FILE": str(settings.AUDIT_WITNESS_FILE),
        "SIGNING_KEY_FILE": str(settings.SIGNING_KEY_FILE),
    }

    def run():
        return subprocess.run(
            [sys.executable, "manage.py", "audit_verify"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    result = run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK {AuditEvent.objects.count()} events")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditevent SET message = 'sửa trộm' WHERE id = %s", [events[1].pk]
        )
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
    result = run()
    assert result.returncode != 0
    assert f"BROKEN at event {events[1].pk}:" in result.stderr
