"""Inspection bundle benchmark (`make bench`): the bundle of an organisation with 10,000 requests.

Run under .ci/with-services: `python -m tests.bench_bundle`.

1. A fresh database ``pdp_bench_bundle`` on the PostgreSQL of DATABASE_URL, migrated.
2. One organisation, a notified inspection (Decree 356 Art. 31) and REQUESTS rights requests
   received in the period (bulk insert), with one clock each.
3. The bundle is built (the Celery task's service, in this process) twice: with SMALL_REQUESTS
   and with REQUESTS rows. Printed: the time and the size of each, and the queries each ran.
Target: the bundle of 10,000 requests in under a minute; the number of queries the same at both
sizes (the logs are streamed, never read row by row).
BENCH_SMALL=1 (`make test`): 100 and 1,000 requests, the query counts checked, no time judged.
Exit status 1 if the query count grows with the rows, or (full run) the time is over target.
"""

import datetime as dt
import os
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

from tests.benchdb import fresh_database, setup_django

BENCH_DB = "pdp_bench_bundle"
SMALL = bool(os.environ.get("BENCH_SMALL"))
SMALL_REQUESTS = 100
REQUESTS = 1_000 if SMALL else 10_000
TARGET_SECONDS = 60
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def add_requests(organization, start: int, stop: int) -> None:
    """Bulk insert requests ``start``..``stop`` (received in the period) and their clocks."""
    from django.contrib.contenttypes.models import ContentType

    from pdp_portal.clock.models import Deadline
    from subjects_rights.models import RightsRequest

    received = dt.datetime(2026, 2, 2, 9, 0, tzinfo=VN)
    rows = RightsRequest.objects.bulk_create(
        (
            RightsRequest(
                organization=organization,
                reference=f"YC-B-{i:07d}",
                request_type=("access", "erase", "object")[i % 3],
                status=("received", "responded", "fulfilled")[i % 3],
                channel="web",
                full_name=f"Chủ thể {i}",
                email=f"s{i}@example.vn",
                description="Yêu cầu thử nghiệm.",
                received_at=received + dt.timedelta(minutes=i),
            )
            for i in range(start, stop)
        ),
        batch_size=2_000,
    )
    kind = ContentType.objects.get_for_model(RightsRequest)
    Deadline.objects.bulk_create(
        (
            Deadline(
                organization=organization,
                rule="rights.respond",
                content_type=kind,
                object_id=str(row.pk),
                party="organization",
                calendar="statutory",
                started_at=row.received_at,
                due_at=row.received_at + dt.timedelta(days=2),
                status="met" if i % 10 else "overdue",
                met_at=row.received_at + dt.timedelta(days=1) if i % 10 else None,
                breached_at=None if i % 10 else row.received_at + dt.timedelta(days=2),
            )
            for i, row in enumerate(rows)
        ),
        batch_size=2_000,
    )


def build_once(inspection, dpo) -> tuple[float, int, int]:
    """Build one bundle; return (seconds, bytes, queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inspections import bundles
    from inspections.models import Bundle

    # What bundle_request writes, without queueing the task: this process builds it.
    bundle = Bundle.objects.create(inspection=inspection, requested_by=dpo)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        built = bundles.bundle_build(bundle_id=bundle.pk)
    seconds = time.monotonic() - started
    if built is None or built.status != "ready":
        sys.exit(f"the bundle failed: {getattr(built, 'error', '')}")
    return seconds, built.size, len(queries)


def main() -> int:
    began = time.monotonic()
    fresh_database(BENCH_DB)
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-bundle-")
    setup_django("pdp_portal.settings")
    from inspections import services
    from pdp_portal.organizations import services as org_services
    from tests.factories import add_member, make_organization, make_user

    organization = make_organization(name="Công ty Cổ phần Bench Kiểm Tra")
    dpo = make_user("bench-dpo")
    add_member(organization, dpo, "dpo")
    inspector = make_user("bench-inspector")
    org_services.regulator_grant(actor="bench", user=inspector)
    today = dt.datetime.now(tz=VN).date()
    inspection = services.inspection_open(
        actor=inspector,
        organization=organization,
        kind="extraordinary",
        ground="state_management",
        contents=["compliance", "impact_assessment", "processing_services"],
        decision_number="1/QĐ-BENCH",
        decision_date=today,
        start_date=today,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        team=[inspector],
        unscheduled=True,
    )
    services.inspection_start(actor=inspector, inspection=inspection)

    print(f"Inspection bundle: {SMALL_REQUESTS:,} then {REQUESTS:,} rights requests")
    add_requests(organization, 0, SMALL_REQUESTS)
    small = build_once(inspection, dpo)
    print(
        f"  {SMALL_REQUESTS:>7,} requests: {small[0]:6.2f}s, {small[1]:>10,} bytes, {small[2]} queries"
    )
    started = time.monotonic()
    add_requests(organization, SMALL_REQUESTS, REQUESTS)
    print(
        f"  bulk insert of {REQUESTS - SMALL_REQUESTS:,} requests: {time.monotonic() - started:.1f}s"
    )
    large = build_once(inspection, dpo)
    print(f"  {REQUESTS:>7,} requests: {large[0]:6.2f}s, {large[1]:>10,} bytes, {large[2]} queries")
    constant = large[2] == small[2]
    print(f"  query count constant whatever the rows: {'yes' if constant else 'NO'}")
    in_time = large[0] < TARGET_SECONDS
    verdict = "not judged (BENCH_SMALL)" if SMALL else "ok" if in_time else "OVER TARGET"
    print(
        f"  bundle of {REQUESTS:,} requests built in {large[0]:.1f}s (target < {TARGET_SECONDS}s) {verdict}"
    )
    print(f"Total: {time.monotonic() - began:.0f}s")
    return 0 if constant and (SMALL or in_time) else 1


if __name__ == "__main__":
    sys.exit(main())
