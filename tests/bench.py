"""Sweep benchmark (`make bench`): the sweep's cost follows what is due, not the size of the table.

1. Create a fresh database ``pdp_bench`` on the PostgreSQL of DATABASE_URL and migrate it.
2. 10,000 deadlines of which 1,000 are due (a tenth of those overdue): time one full sweep.
3. 1,000,000 deadlines of which the same 1,000 are due: time one full sweep.
4. Print both, their ratio and EXPLAIN (ANALYZE) of the claim query; exit 1 if the ratio is over
   1.5. Each size is swept twice from the same state and the faster run kept, so one hiccup of a
   shared machine does not decide the result.

BENCH_SMALL=1 (what `make test` runs): 1,000 and 3,000 deadlines with 100 due, no time and no
ratio; it checks that the sweep sends every due reminder with the same number of queries at both
sizes, so a benchmark that no longer runs fails the build.
"""

import datetime as dt
import os
import sys
import time

from tests.benchdb import fresh_database, setup_django

SMALL = bool(os.environ.get("BENCH_SMALL"))
LIMIT = 1.5
DUE = 100 if SMALL else 1_000
OVERDUE = DUE // 10
SIZES = (1_000, 3_000) if SMALL else (10_000, 1_000_000)
REPEATS = 1 if SMALL else 2
RULE = "rights.erase.fulfil"  # a rule with reminders: the sweep has work on every due row
BENCH_DB = "pdp_bench"


def _fresh_database(name: str = BENCH_DB) -> None:
    """Point DATABASE_URL at a new, empty database ``name`` on the same server."""
    fresh_database(name, needs_redis=False)


def _setup_django() -> None:
    setup_django(os.environ.get("DJANGO_SETTINGS_MODULE", "pdp_portal.settings"))


def _quiet_span(now, before, after):
    """Return (started_at, due_at) with no reminder stage within 30 minutes of ``now``."""
    from pdp_portal.clock.services import reminder_schedule

    for shift in range(0, 12 * 60, 15):
        started_at, due_at = now - before, now + after + dt.timedelta(minutes=shift)
        schedule = reminder_schedule(started_at=started_at, due_at=due_at, calendar="statutory")
        if all(abs(at - now) > dt.timedelta(minutes=30) for _, at in schedule):
            return started_at, due_at
    raise RuntimeError("no quiet span found")


class Bench:
    def __init__(self) -> None:
        from django.contrib.contenttypes.models import ContentType
        from django.utils import timezone

        from pdp_portal.clock.models import Deadline
        from tests.factories import add_member, make_organization, make_user

        self.org = make_organization(name="Công ty Cổ phần Đo Hiệu Năng")
        add_member(self.org, make_user("bench-dpo"), "dpo")
        self.content_type = ContentType.objects.get_for_model(self.org).pk
        self.now = timezone.now()
        # Due: past half-way (one reminder each); overdue: every stage passed (one reminder and the
        # move to overdue); not due: half-way days ahead; closed: met, nothing left to check.
        self.due = _quiet_span(self.now, dt.timedelta(days=6), dt.timedelta(days=4))
        self.overdue = (self.now - dt.timedelta(days=11), self.now - dt.timedelta(days=1))
        self.later = (self.now - dt.timedelta(days=1), self.now + dt.timedelta(days=9))
        self.deadline_model = Deadline

    def _first_check(self, started_at, due_at):
        from pdp_portal.clock import services

        probe = self.deadline_model(
            rule=RULE, started_at=started_at, due_at=due_at, calendar="statutory", status="open"
        )
        return services._next_check_at(probe, set())

    def reset(self, total: int) -> None:
        """Fill the table with ``total`` deadlines, DUE of them due; empty the ledger and outbox."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE clock_deadlinereminder, clock_deadline, notices_outboxmessage, "
                "notices_notification RESTART IDENTITY CASCADE"
            )
            rest = total - DUE
            self._insert(cursor, rest * 2 // 5, *self.later, status="open", label="later")
            self._insert(cursor, rest - rest * 2 // 5, *self.later, status="met", label="closed")
            self._insert(cursor, DUE - OVERDUE, *self.due, status="open", label="due")
            self._insert(cursor, OVERDUE, *self.overdue, status="open", label="overdue")
        self.analyze()

    def rearm(self) -> None:
        """Put the due rows back as they were before the sweep (for the second run)."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE clock_deadlinereminder, notices_outboxmessage, notices_notification"
            )
            for label, (started_at, due_at) in (("due", self.due), ("overdue", self.overdue)):
                cursor.execute(
                    "UPDATE clock_deadline SET status = 'open', breached_at = NULL, "
                    "next_check_at = %s WHERE label_message = %s",
                    [self._first_check(started_at, due_at), label],
                )
        self.analyze()

    def analyze(self) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE clock_deadline")
            cursor.execute("VACUUM ANALYZE clock_deadlinereminder")

    def _insert(self, cursor, count, started_at, due_at, *, status, label) -> None:
        if count <= 0:
            return
        check = self._first_check(started_at, due_at) if status == "open" else None
        # Spread the not-due rows over an hour of next_check_at, as real clocks would be.
        spread = "(g %% 3600) * interval '1 second'" if label == "later" else "interval '0'"
        cursor.execute(
            f"""
            INSERT INTO clock_deadline (
                organization_id, rule, content_type_id, object_id, label_message, label_params,
                party, calendar, started_at, due_at, extension_reason, next_check_at, status,
                created_at, provisional_reasons, met_at
            )
            SELECT %s, %s, %s, g::text, %s, '{{}}', 'organization',
                   'statutory', %s, %s, '', %s::timestamptz + {spread}, %s, now(), '[]',
                   CASE WHEN %s = 'met' THEN %s::timestamptz ELSE NULL END
            FROM generate_series(1, %s) AS g
            """,
            [
                self.org.pk,
                RULE,
                self.content_type,
                label,
                started_at,
                due_at,
                check,
                status,
                status,
                started_at + dt.timedelta(hours=1),
                count,
            ],
        )

    def explain(self) -> str:
        from django.db import connection, transaction
        from django.utils import timezone

        from pdp_portal.clock import services

        with transaction.atomic(), connection.cursor() as cursor:
            claim = services._claim_query(timezone.now(), services.SWEEP_BATCH)
            sql, params = claim.query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)
        return f"{sql % tuple(repr(str(p)) for p in params)}\n{plan}"

    def time_sweep(self) -> tuple[float, int, int]:
        """Sweep once; return its time, the reminders it sent and the queries it made."""
        from django.db import connection

        from pdp_portal.clock import services

        connection.close()  # the sweep opens its own, as in a worker
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            sent = services.sweep()
        elapsed = time.perf_counter() - started
        return elapsed, sent, queries


def main() -> int:
    _fresh_database()
    _setup_django()
    bench = Bench()

    # Warm up templates, calendars and connections on a small table, not timed.
    bench.reset(SIZES[0])
    bench.time_sweep()

    results: dict[int, float] = {}
    query_counts: dict[int, int] = {}
    plans: dict[int, str] = {}
    for total in SIZES:
        began = time.perf_counter()
        bench.reset(total)
        print(f"{total:>9,} deadlines inserted in {time.perf_counter() - began:.1f} s", flush=True)
        plans[total] = bench.explain()
        runs = []
        for repeat in range(REPEATS):
            if repeat:
                bench.rearm()
            elapsed, sent, queries = bench.time_sweep()
            if sent != DUE:
                print(f"sweep sent {sent} reminders, expected {DUE}", file=sys.stderr)
                return 1
            runs.append(elapsed)
        results[total] = min(runs)
        query_counts[total] = queries
        print(
            f"sweep of {DUE:,} due among {total:>9,} deadlines: {results[total]:.3f} s "
            f"(runs: {', '.join(f'{run:.3f}' for run in runs)}), {queries} queries",
            flush=True,
        )

    if len(set(query_counts.values())) != 1:
        print(f"FAIL: the sweep's queries grow with the table: {query_counts}", file=sys.stderr)
        return 1
    if SMALL:
        # A shared CI machine decides nothing about time: the small mode checks that it runs.
        print("small mode: the sweep ran at both sizes with the same number of queries")
        return 0
    small, large = (results[size] for size in SIZES)
    ratio = large / small
    print(f"ratio {SIZES[1]:,} / {SIZES[0]:,}: {ratio:.2f} (limit {LIMIT})")
    print(f"\nEXPLAIN (ANALYZE, BUFFERS) of the claim query on {SIZES[1]:,} deadlines:")
    print(plans[SIZES[1]])
    if ratio > LIMIT:
        print(
            f"FAIL: the sweep over {SIZES[1]:,} deadlines is {ratio:.2f}x slower", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
