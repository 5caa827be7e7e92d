import threading

import pytest
from django.db import connection, transaction

from pdp_portal.audit.models import AuditEvent, AuditHead
from pdp_portal.audit.services import audit_record, audit_verify

THREADS = 4
PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_never_fork_the_chain():
    start = threading.Barrier(THREADS)
    errors = []

    def append_many(n: int):
        try:
            start.wait()
            for i in range(PER_THREAD):
                # Each append in its own transaction that does a little more work after the
                # append, as a service would, so the transactions overlap.
                with transaction.atomic():
                    audit_record(actor=f"thread-{n}", action="test.concurrent", summary=f"{n}/{i}")
                    AuditEvent.objects.filter(action="test.concurrent").count()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append_many, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert errors == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == THREADS * PER_THREAD
    prev_hashes = [e.prev_hash for e in events]
    assert len(set(prev_hashes)) == len(prev_hashes), "two events sealed the same predecessor"
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert audit_verify() == (len(events), None)
    head = AuditHead.objects.get()
    assert (head.last_event_id, head.count) == (events[-1].pk, len(events))


@pytest.mark.django_db(transaction=True)
def test_an_append_rolled_back_with_its_transaction_leaves_the_chain_intact():
    audit_record(actor="test", action="test.kept", summary="giữ lại")
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor="test", action="test.lost", summary="bị hủy")
        raise RuntimeError("the change failed")
    audit_record(actor="test", action="test.kept", summary="giữ lại")

    assert not AuditEvent.objects.filter(action="test.lost").exists()
    assert audit_verify() == (2, None)
