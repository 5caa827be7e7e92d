"""Consent benchmark (`make bench`): API throughput and the DPO's lookup at 1,000,000 records.

Run under .ci/with-services: `python -m tests.bench_consents`.

1. A fresh database ``pdp_bench_consents`` on the PostgreSQL of DATABASE_URL, migrated.
2. Single calls: one gunicorn (the settings of tests.bench_rights_settings, the production
   worker settings) serves POST /api/v1/consents/records/ and a minimal DRF view that inserts one
   row (tests.bench_consents_urls); CLIENTS threads post to each for a fixed time, both in every
   round (turning order). Target: the median per-round ratio at least 0.5.
3. Batches: records per second of POST /api/v1/consents/records/batch/ (1,000 records a call)
   against psycopg2 inserting the same rows (records and decisions) with execute_values, in the
   same round. Target: at least 0.3.
4. Lookup: 1,000,000 records over 1,000 subjects of one organisation (INSERT ... SELECT
   generate_series); the DPO's history page and the evidence export of one subject: query count
   for a subject with 1 and with 1,000 records (constant), median and p95 times.
BENCH_SMALL=1 (`make test`): 1 s rounds, 10,000 records, the query counts checked, no rate judged.
Exit status 1 if a ratio is under its target or a query count grows with the rows.
"""

import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from tests.benchdb import fresh_database, setup_django
from tests.benchload import drive, page_figures, rounds_in_turn, start_gunicorn

BENCH_DB = "pdp_bench_consents"
SINGLE_TARGET, BATCH_TARGET = 0.5, 0.3
WORKERS, CLIENTS = 3, 6
SMALL = bool(os.environ.get("BENCH_SMALL"))
SECONDS = 1 if SMALL else 8
ROUNDS = 1 if SMALL else int(os.environ.get("BENCH_ROUNDS", 3))
BATCH = 100 if SMALL else 1_000
RECORDS = 10_000 if SMALL else 1_000_000
SUBJECTS = 1_000
RENDERS = 3 if SMALL else 25
_counter = iter(range(10**12))
_lock = threading.Lock()


def _record(n: int) -> dict:
    return {
        "notice_version": 1,
        "identifier": f"bench-{n}@example.vn",
        "decisions": {"delivery": "given", "ads": "refused"},
        "method": "electronic",
        "evidence": {"ip": "203.0.113.7", "user_agent": "bench"},
        "idempotency_key": f"bench-{n}",
    }


def _next() -> int:
    with _lock:
        return next(_counter)


def _drive(port, path, make_body, secret, seconds, per_call=1):
    """POST JSON from CLIENTS threads for ``seconds``; return (records per second, errors, cpu)."""
    from tests.subjects_rights.servers import request

    def send():
        status, _h, _body = request(
            port,
            "POST",
            path,
            body=json.dumps(make_body()).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Consent {secret}"},
        )
        return status

    return drive(send, seconds, CLIENTS, ok=(200, 201), per_call=per_call, per_answer=False)


def _execute_values_rate(notice, purposes, seconds) -> float:
    """Records per second psycopg2 inserts with execute_values (records and their decisions)."""
    from django.db import connection
    from django.utils import timezone
    from psycopg2.extras import execute_values

    done, stop_at, began = 0, time.monotonic() + seconds, time.monotonic()
    while time.monotonic() < stop_at:
        now = timezone.now()
        rows = [
            (
                uuid.uuid4(),
                notice.organization_id,
                f"{_next():064x}"[-64:],
                notice.pk,
                "electronic",
                json.dumps({"ip": "203.0.113.7", "user_agent": "bench"}),
                "",
                "website",
                now,
                "vi",
                "full",
                "{}",
                "api",
                f"ev-{_next()}",
                "x" * 400,
                "kid",
                now,
            )
            for _ in range(BATCH)
        ]
        with connection.cursor() as cursor:
            ids = execute_values(
                cursor.cursor,
                "INSERT INTO consents_consentrecord (uid, organization_id, subject_key, notice_id, "
                "method, evidence, evidence_file, collection_point, collected_at, language, "
                "capacity, representative, source, idempotency_key, receipt, receipt_kid, "
                "created_at) VALUES %s RETURNING id",
                rows,
                page_size=BATCH,
                fetch=True,
            )
            execute_values(
                cursor.cursor,
                "INSERT INTO consents_consentdecision (record_id, purpose_id, decision) VALUES %s",
                [
                    (i, p.pk, d)
                    for (i,) in ids
                    for p, d in zip(purposes, ("given", "refused"), strict=True)
                ],
                page_size=BATCH * 2,
            )
        done += BATCH
    return done / (time.monotonic() - began)


def throughput(workdir: Path, organization, secret) -> dict[str, list[float]]:
    from django.db import connection

    from consents.models import Notice

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_consent_row (id bigserial PRIMARY KEY, "
            "created_at timestamptz NOT NULL, body jsonb NOT NULL)"
        )
    notice = Notice.objects.get(organization=organization)
    purposes = list(notice.purposes.order_by("position"))
    web = start_gunicorn(workdir, "tests.bench_consents_settings", WORKERS)
    rates = {"api": [], "minimal": [], "batch": [], "execute_values": []}
    try:
        single = "/api/v1/consents/records/"
        sides = {
            "api": (single, lambda: _record(_next()), 1),
            "minimal": ("/bench/drf-insert/", lambda: _record(_next()), 1),
            "batch": (
                single + "batch/",
                lambda: {"records": [_record(_next()) for _ in range(BATCH)]},
                BATCH,
            ),
        }
        for path, body, per in sides.values():  # warm every worker
            _drive(web.port, path, body, secret, 1.0, per)
        for round_, order in rounds_in_turn(sides, ROUNDS):
            for side in order:
                path, body, per = sides[side]
                rate, bad, cpu = _drive(web.port, path, body, secret, SECONDS, per)
                rates[side].append(rate)
                print(
                    f"  round {round_ + 1}: {side:<8} {rate:8.1f} records/s  errors "
                    f"{bad or 'none'}  CPU ms: {cpu}"
                )
                if bad:
                    print(web.output()[-3000:])
            rate = _execute_values_rate(notice, purposes, SECONDS)
            rates["execute_values"].append(rate)
            print(f"  round {round_ + 1}: execute_values {rate:8.1f} records/s")
    finally:
        web.stop()
    return rates


def _bulk_insert(organization) -> tuple[str, str]:
    """Insert RECORDS records over SUBJECTS subjects; return a busy and a lone subject's e-mail."""
    from django.db import connection
    from django.utils import timezone

    from consents import keys
    from consents.models import Notice

    notice = Notice.objects.get(organization=organization)
    purposes = list(notice.purposes.order_by("position").values_list("pk", flat=True))
    busy = keys.subject_key(organization, "email", "busy@example.vn")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO consents_consentrecord (uid, organization_id, subject_key, notice_id,
                method, evidence, evidence_file, collection_point, collected_at, language,
                capacity, representative, source, idempotency_key, receipt, receipt_kid,
                created_at)
            SELECT md5(g::text)::uuid, %(org)s,
                   CASE WHEN g %% %(subjects)s = 0 THEN %(busy)s ELSE md5('s' || (g %% %(subjects)s)::text) || md5('k' || (g %% %(subjects)s)::text) END,
                   %(notice)s, 'electronic', '{"ip": "203.0.113.7"}', '', 'website',
                   %(now)s::timestamptz - g * interval '1 second', 'vi', 'full', '{}', 'bench', '',
                   (SELECT receipt FROM consents_consentrecord LIMIT 1), 'kid', %(now)s
            FROM generate_series(1, %(total)s) AS g
            """,
            {
                "org": organization.pk,
                "subjects": SUBJECTS,
                "busy": busy,
                "notice": notice.pk,
                "now": timezone.now(),
                "total": RECORDS,
            },
        )
        cursor.execute(
            "INSERT INTO consents_consentdecision (record_id, purpose_id, decision) "
            "SELECT id, %s, CASE WHEN id %% 3 = 0 THEN 'withdrawn' ELSE 'given' END "
            "FROM consents_consentrecord WHERE source = 'bench'",
            [purposes[0]],
        )
        cursor.execute("VACUUM ANALYZE consents_consentrecord")
        cursor.execute("VACUUM ANALYZE consents_consentdecision")
    return "busy@example.vn", "lone@example.vn"


def _time(client, path, label) -> int:
    queries, median, p95, _response = page_figures(client, path, RENDERS)
    print(f"  {label:<44} {queries:3d} queries  median {median:7.1f} ms  p95 {p95:7.1f} ms")
    return queries


def lookup(organization) -> bool:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from consents import services
    from tests.conftest import login
    from tests.factories import add_member, make_user

    setup_test_environment()
    busy, lone = _bulk_insert(organization)
    for who in (lone, busy):  # one record each through the service (receipt, audit event)
        services.consent_record(
            actor="bench",
            organization=organization,
            **{**_record(-1), "identifier": who, "idempotency_key": who},
        )
    dpo = make_user("bench-consent-dpo")
    add_member(organization, dpo, "dpo")
    client = login(Client(), dpo)
    counts = {}
    for who, label in ((lone, "1 record"), (busy, f"{RECORDS // SUBJECTS:,} records")):
        counts[who] = _time(
            client,
            f"/consents/{organization.pk}/subject/?kind=email&identifier={who}",
            f"history of a subject with {label}",
        )
    from consents.models import ConsentRecord

    lone_record = ConsentRecord.objects.get(idempotency_key=lone)
    busy_record = ConsentRecord.objects.get(idempotency_key=busy)
    export = {
        "lone": _time(
            client,
            f"/consents/record/{lone_record.uid}/evidence.json",
            "evidence export (JSON), subject with 1 record",
        ),
        "busy": _time(
            client,
            f"/consents/record/{busy_record.uid}/evidence.json",
            f"evidence export (JSON), subject with {RECORDS // SUBJECTS:,} records",
        ),
    }
    return len(set(counts.values())) == 1 and export["lone"] == export["busy"]


def main() -> int:
    began = time.monotonic()
    fresh_database(BENCH_DB)
    setup_django("tests.bench_consents_settings")
    from consents import services
    from tests.consents.conftest import make_notice
    from tests.factories import make_organization

    organization = make_organization(name="Công ty Cổ phần Đo Sự Đồng Ý", slug="bench")
    make_notice(organization)
    _key, secret = services.property_key_create(actor="bench", organization=organization, name="b")
    workdir = Path(tempfile.mkdtemp(prefix="bench-consents-"))
    print(
        f"Consent API: gunicorn, {WORKERS} workers, {CLIENTS} client threads, {SECONDS}s per "
        f"side, {ROUNDS} rounds, batches of {BATCH}"
    )
    rates = throughput(workdir, organization, secret)
    ok = True
    for side, base, target in (
        ("api", "minimal", SINGLE_TARGET),
        ("batch", "execute_values", BATCH_TARGET),
    ):
        per_round = [a / b if b else 0.0 for a, b in zip(rates[side], rates[base], strict=True)]
        ratio = statistics.median(per_round)
        verdict = (
            "not judged (BENCH_SMALL)" if SMALL else "ok" if ratio >= target else "UNDER TARGET"
        )
        ok = ok and (SMALL or ratio >= target)
        print(
            f"  {side} / {base}: median {statistics.median(rates[side]):.1f} / "
            f"{statistics.median(rates[base]):.1f} records/s, ratio {ratio:.2f} "
            f"(target >= {target}) {verdict}"
        )
    print(f"  load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Lookup: {RECORDS:,} records over {SUBJECTS:,} subjects, test client")
    started = time.monotonic()
    constant = lookup(organization)
    print(f"  bulk insert and lookups: {time.monotonic() - started:.1f}s")
    print(f"  query count constant whatever the rows: {'yes' if constant else 'NO'}")
    print(f"Total: {time.monotonic() - began:.0f}s")
    return 0 if ok and constant else 1


if __name__ == "__main__":
    sys.exit(main())
