"""Audit ledger benchmark (`make bench`): audited writes scale with writers; sealing keeps up.

1. Create a fresh database on the PostgreSQL of DATABASE_URL and migrate it.
2. For 1, 4 and 16 concurrent writers, each transaction does 2 ms of work (pg_sleep) and
   inserts one row; the audited variant also appends one audit event. Each width runs both
   variants for the same time; print transactions per second and the ratio audited / plain.
   The writers are processes, as the portal's writers are (gunicorn's sync workers, Celery's
   prefork pool): the target, at least 0.7 at every width, is judged on them (exit 1 below
   it), on the median of three rounds that each run both variants in turn (a shared machine's
   speed drifts over seconds: a single pair of runs can land on either side of it). Django runs
   as in production, DEBUG off: no query log. The same widths as threads of one process follow, for comparison: there the writers'
   Python work shares one interpreter lock, so any CPU the append spends in Python is taken
   from every other writer, a cost the portal's processes do not share.
3. Seal what the writers appended, then a larger backlog: events sealed per second, the
   checkpoint, and a full verification's events per second.

``BENCH_SMALL=1`` runs a few writers for a moment and a small backlog: it checks that the
benchmark runs and that an audited transaction costs exactly one statement more, sent in no
message of its own (it travels with the COMMIT: pdp_portal/postgresql), never a time.
"""

import os
import statistics
import sys
import threading
import time

SMALL = os.environ.get("BENCH_SMALL") == "1"
WIDTHS = (1, 4) if SMALL else (1, 4, 16)
SECONDS = 0.5 if SMALL else 4.0
ROUNDS = 1 if SMALL else 3
WORK = 0.002
TARGET = 0.7
BACKLOG = 2_000 if SMALL else 200_000
BENCH_DB = "pdp_bench_audit"


def _setup() -> None:
    import tempfile

    # The benchmark's checkpoints are of its own throwaway log: keep them out of var/.
    scratch = tempfile.mkdtemp(prefix="pdp-bench-audit-")
    os.environ["AUDIT_WITNESS_FILE"] = os.path.join(scratch, "witness.jws")
    os.environ["SIGNING_KEY_FILE"] = os.path.join(scratch, "signing-key.jwk")
    # As in production: DEBUG's query log would make every statement dearer, the plain ones too.
    os.environ["DEBUG"] = "0"
    import tests.bench as bench
    from tests.bench import _fresh_database, _setup_django

    bench.BENCH_DB = BENCH_DB
    _fresh_database()
    _setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain (id bigserial PRIMARY KEY, created_at timestamptz, "
            "payload text)"
        )


def _transaction(audited: bool, n: int) -> None:
    from django.db import connection, transaction

    from pdp_portal.audit.services import audit_record

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(%s)", [WORK])
            cursor.execute(
                "INSERT INTO bench_plain (created_at, payload) VALUES (now(), %s)", [f"w{n}"]
            )
        if audited:
            audit_record(
                actor="bench",
                action="bench.write",
                message="Ghi thử %(n)s",
                params={"n": n},
                data={"writer": n},
            )


def _writer_process(audited: bool, i: int, start, stop_at: float, counts) -> None:
    from django.db import connection

    try:
        _transaction(audited, i)  # connect before the clock starts
        start.wait(timeout=60)
        n = 0
        while time.perf_counter() < stop_at:
            _transaction(audited, i)
            n += 1
        counts[i] = n
    finally:
        connection.close()


def _run_processes(width: int, audited: bool) -> float:
    import multiprocessing

    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's connection
    context = multiprocessing.get_context("fork")
    counts = context.Array("q", width)
    start = context.Barrier(width + 1)
    stop_at = time.perf_counter() + 1.0 + SECONDS  # fork and connect within the first second
    workers = [
        context.Process(target=_writer_process, args=(audited, i, start, stop_at, counts))
        for i in range(width)
    ]
    for w in workers:
        w.start()
    try:
        start.wait(timeout=60)  # a writer that failed before the start breaks it: no hang
    except threading.BrokenBarrierError:
        for w in workers:
            w.kill()
        raise RuntimeError("a writer process failed before the start") from None
    began = time.perf_counter()
    for w in workers:
        w.join()
    if any(w.exitcode for w in workers):
        raise RuntimeError("a writer process failed")
    return sum(counts) / (stop_at - began)


def _run(width: int, audited: bool) -> float:
    from django.db import connection

    stop = time.perf_counter() + SECONDS
    counts = [0] * width
    start = threading.Barrier(width)

    def writer(i: int) -> None:
        try:
            _transaction(audited, i)  # connect before the clock starts
            start.wait()
            while time.perf_counter() < stop:
                _transaction(audited, i)
                counts[i] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(i,)) for i in range(width)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - began)


def _statements(audited: bool) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _transaction(audited, 0)
    return len(queries)


def _messages(audited: bool) -> int:
    """Messages one transaction sends to the server, nobody watching (pdp_portal/postgresql)."""
    from django.db import connection

    _transaction(audited, 0)  # the session's statements prepared
    before = connection.connection.messages
    _transaction(audited, 0)
    return connection.connection.messages - before


def main() -> int:
    _setup()
    from django.db import connection

    from pdp_portal.audit.models import AuditEvent
    from pdp_portal.audit.services import audit_record, audit_seal
    from pdp_portal.audit.verify import audit_verify

    plain, audited = _statements(False), _statements(True)
    print(f"statements per transaction: plain {plain}, audited {audited}")
    if audited != plain + 1:
        print("FAIL: an audited write must cost exactly one INSERT more", file=sys.stderr)
        return 1
    plain, audited = _messages(False), _messages(True)
    print(f"messages per transaction: plain {plain}, audited {audited}")
    if audited != plain:
        print("FAIL: the audit append must travel with the COMMIT", file=sys.stderr)
        return 1

    failed = False
    for label, run, judged in (("processes", _run_processes, True), ("threads", _run, False)):
        print(f"writers as {label}{'' if judged else ' (for comparison)'}:")
        for width in WIDTHS:
            ratios = []
            for _round in range(ROUNDS if judged else 1):
                base = run(width, audited=False)
                with_audit = run(width, audited=True)
                ratios.append(with_audit / base if base else 0)
                print(
                    f"  {width:>2} writers: plain {base:8.0f} tx/s, audited {with_audit:8.0f} "
                    f"tx/s, ratio {ratios[-1]:.2f}",
                    flush=True,
                )
            if len(ratios) > 1:
                print(f"  {width:>2} writers: median ratio {statistics.median(ratios):.2f}")
            failed |= judged and not SMALL and statistics.median(ratios) < TARGET
    connection.close()

    waiting = AuditEvent.objects.filter(seq__isnull=True).count()
    if waiting < BACKLOG:
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    created_at=AuditEvent.objects.first().created_at,
                    actor_label="bench",
                    action="bench.backlog",
                    message="Sự kiện tồn đọng %(i)s",
                    params={"i": i},
                )
                for i in range(BACKLOG - waiting)
            ],
            batch_size=5000,
        )
        waiting = BACKLOG
    began = time.perf_counter()
    sealed = audit_seal(force_checkpoint=True)
    sealing = time.perf_counter() - began
    print(f"sealed {sealed:,} events in {sealing:.2f} s ({sealed / sealing:,.0f}/s)")
    audit_record(actor="bench", action="bench.after", summary="sau")
    began = time.perf_counter()
    result = audit_verify(use_witness=False)
    verifying = time.perf_counter() - began
    print(
        f"full verification of {result.events:,} events: {verifying:.2f} s "
        f"({result.events / verifying:,.0f}/s), {'OK' if result.ok else result.broken}"
    )
    if sealed != waiting or not result.ok:
        print("FAIL: the backlog was not sealed whole, or does not verify", file=sys.stderr)
        return 1
    if failed:
        print(f"FAIL: audited writes below {TARGET} of plain writes", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
