import threading

import pytest
from django.db import connection, transaction

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_record, audit_seal
from pdp_portal.audit.verify import audit_verify
from tests.threads import failures, in_threads

THREADS = 4
PER_THREAD = 25


def _in_threads(target, n):
    assert failures(in_threads(target, n)) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_and_sealers_give_every_event_one_position():
    start = threading.Barrier(THREADS + 2)

    def work(n):
        start.wait()
        if n >= THREADS:  # two sealers running while the writers write
            for _ in range(10):
                audit_seal(batch=7, force_checkpoint=True)
            return
        for i in range(PER_THREAD):
            with transaction.atomic():
                audit_record(actor=f"thread-{n}", action="test.concurrent", summary=f"{n}/{i}")
                AuditEvent.objects.filter(action="test.concurrent").count()

    _in_threads(work, THREADS + 2)
    audit_seal(force_checkpoint=True)

    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(len(seqs)))
    assert AuditEvent.objects.filter(action="test.concurrent").count() == THREADS * PER_THREAD
    result = audit_verify()
    assert result.ok and result.events == len(seqs)


@pytest.mark.django_db(transaction=True)
def test_an_event_committed_late_is_sealed_by_the_next_run_not_skipped():
    holding = threading.Event()
    release = threading.Event()
    late = {}

    def slow_writer(_):
        with transaction.atomic():
            late["event"] = audit_record(
                returning_id=True, actor="slow", action="test.late", summary="muộn"
            )
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=lambda: (slow_writer(0), connection.close()))
    thread.start()
    holding.wait(30)
    # A later event commits first and is sealed while the earlier id is still uncommitted.
    after = audit_record(returning_id=True, actor="fast", action="test.fast", summary="nhanh")
    audit_seal(force_checkpoint=True)
    release.set()
    thread.join(30)

    assert AuditEvent.objects.get(pk=after.pk).seq is not None
    assert AuditEvent.objects.get(pk=late["event"].pk).seq is None
    audit_seal(force_checkpoint=True)
    late_event = AuditEvent.objects.get(pk=late["event"].pk)
    assert late_event.seq == AuditEvent.objects.get(pk=after.pk).seq + 1
    assert late_event.pk < after.pk
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_an_append_rolled_back_with_its_transaction_leaves_no_trace():
    audit_record(actor="test", action="test.kept", summary="giữ lại")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor="test", action="test.lost", summary="bị hủy")
        raise RuntimeError("the change failed")
    audit_record(actor="test", action="test.kept", summary="giữ lại")
    audit_seal(force_checkpoint=True)

    assert not AuditEvent.objects.filter(action="test.lost").exists()
    result = audit_verify()
    assert result.ok and result.events == AuditEvent.objects.count()
