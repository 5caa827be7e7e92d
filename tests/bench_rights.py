"""Rights-request benchmark (`make bench`): public form throughput and the inbox at 100,000 requests.

Run under .ci/with-services: `python -m tests.bench_rights`.

1. Create a fresh database ``pdp_bench_rights`` on the PostgreSQL of DATABASE_URL and migrate it.
2. Throughput: one gunicorn (the production worker settings, tests.bench_rights_settings) serves the
   public form and two baselines (tests.bench_rights_urls): a minimal view that inserts one row,
   and a view that writes the form's rows through raw SQL in one transaction with the same Redis
   calls. A bounded pool of client threads posts to each for a fixed time, all three in every
   round (in a turning order). Print the rates, the ratios of each round and their medians; the
   target is a median ratio of at least 0.5 to each baseline.
3. Inbox: 100,000 requests over 100 organisations (with their clocks), inserted with
   INSERT ... SELECT generate_series. Print the number of queries of the inbox page and the
   median and p95 time of rendering it with the test client, for the DPO of one organisation and
   for a user who sees all 100.
Database connections are kept between requests (DB_CONN_MAX_AGE=60, as .env.example deploys
the portal) unless DB_CONN_MAX_AGE is set: DB_CONN_MAX_AGE=0 measures a connection per request.
BENCH_SKIP_INBOX=1 measures the throughput only. BENCH_SMALL=1 (`make test`): 1 s rounds and 1,000
requests, the query counts checked and no rate judged.
Exit status 1 if the ratio is under the target or the inbox's query count grows with the rows.
"""

import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.benchdb import fresh_database, setup_django
from tests.benchload import drive, page_figures, rounds_in_turn, start_gunicorn

BENCH_DB = "pdp_bench_rights"
TARGET_RATIO = 0.5
WORKERS = 3  # WEB_CONCURRENCY's default in the Dockerfile
CLIENTS = 6  # client threads: enough to keep every worker busy, bounded
SMALL = bool(os.environ.get("BENCH_SMALL"))
SECONDS = 1 if SMALL else 8  # per endpoint and round
ROUNDS = 1 if SMALL else int(os.environ.get("BENCH_ROUNDS", 5))
ORGS = 10 if SMALL else 100
REQUESTS = 1_000 if SMALL else 100_000
RENDERS = 3 if SMALL else 25
# Numbers of the submissions, across warm-up and rounds: a number reused in a later round would
# repeat an idempotency key (a cheap duplicate, not a new request) and the per-e-mail limit (429).
_SEQUENCE = itertools.count()


def _fresh_database() -> str:
    return fresh_database(BENCH_DB)


def _setup_django() -> None:
    setup_django("tests.bench_rights_settings")


# --- 2. throughput ------------------------------------------------------------------------------


def _drive(port: int, path: str, make_fields, cookie: str, token: str, seconds: float):
    """Post to ``path`` from CLIENTS threads for ``seconds``; return (answers per second, errors)."""
    from tests.subjects_rights.servers import post_form

    lock = threading.Lock()
    sequence = _SEQUENCE  # shared by every run: no address or idempotency key is ever reused

    def send():
        with lock:
            n = next(sequence)
        return post_form(port, path, make_fields(n), cookie=cookie, token=token)

    return drive(send, seconds, CLIENTS, ok=(302,))


def throughput(workdir: Path) -> dict[str, list[float]]:
    from django.db import connection

    from tests.bench_rights_urls import BASELINE_TABLE
    from tests.factories import make_organization
    from tests.subjects_rights.servers import csrf_pair

    organization = make_organization(name="Công ty Cổ phần Đo Hiệu Năng", slug="bench")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, "
            "created_at timestamptz NOT NULL, body text NOT NULL)"
        )
    web = start_gunicorn(workdir, "tests.bench_rights_settings", WORKERS)
    try:
        form_path = f"/r/{organization.slug}/"
        cookie, token = csrf_pair(web.port, form_path)
        run = f"{time.time_ns()}"

        def form_fields(n):
            # A distinct address and idempotency key per submission: the per-e-mail limit and
            # the double-submit guard both let it through, as for a real crowd.
            return {
                "request_type": "access",
                "full_name": "Phạm Thu Hà",
                "email": f"bench-{run}-{n}@example.vn",
                "phone": "",
                "relationship": "customer",
                "description": "Cho tôi xem dữ liệu về tôi.",
                "website": "",
                "idempotency_key": f"{run}-{n}",
            }

        def baseline_fields(n):
            return {"description": "Cho tôi xem dữ liệu về tôi."}

        same_path = f"/bench/same-writes/{organization.slug}/"
        sides = {
            # label, path, fields
            "minimal": ("minimal view", "/bench/insert/", baseline_fields),
            "same": ("same writes ", same_path, form_fields),
            "form": ("public form ", form_path, form_fields),
        }
        _drive(web.port, form_path, form_fields, cookie, token, 3.0)  # warm every worker
        _drive(web.port, same_path, form_fields, cookie, token, 1.0)
        _drive(web.port, "/bench/insert/", baseline_fields, cookie, token, 1.0)
        rates = {side: [] for side in sides}
        for round_, order in rounds_in_turn(sides, ROUNDS):
            for side in order:
                label, path_, fields = sides[side]
                rate, bad, cpu = _drive(web.port, path_, fields, cookie, token, SECONDS)
                print(
                    f"  round {round_ + 1}: {label} {rate:7.1f}/s  errors {bad or 'none'}"
                    f"  CPU ms per answer: {cpu}"
                )
                rates[side].append(rate)
                if bad:
                    print(web.output()[-3000:])
    finally:
        web.stop()
    return rates


# --- 3. inbox -----------------------------------------------------------------------------------


def _bulk_insert() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from pdp_portal.organizations.models import Organization
    from subjects_rights.models import RightsRequest
    from tests.factories import make_organization

    for n in range(ORGS):
        make_organization(name=f"Công ty Cổ phần Số {n + 1:03d}", slug=f"org-{n + 1:03d}")
    org_ids = sorted(Organization.objects.exclude(slug="bench").values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(RightsRequest).pk
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE subjects_rights_rightsrequest RESTART IDENTITY CASCADE")
        # Per ten rows: 4 received, 2 responded, then fulfilled, refused, withdrawn, unverified.
        cursor.execute(
            """
            INSERT INTO subjects_rights_rightsrequest (
                organization_id, reference, request_type, status, channel, full_name, email,
                phone, relationship, description, language, idempotency_key, created_at,
                expires_at, received_at, responded_at, closed_at, due_at, extension_reason,
                outcome_note, refusal_ground, refusal_detail
            )
            SELECT (%(orgs)s::bigint[])[1 + g %% %(n_orgs)s],
                   'YC-B' || lpad(g::text, 8, '0'),
                   (ARRAY['withdraw_consent','restrict','object','access','rectify','copy',
                          'erase','protect'])[1 + g %% 8],
                   (ARRAY['received','received','received','received','responded','responded',
                          'fulfilled','refused','withdrawn','unverified'])[1 + g %% 10],
                   'web', 'Nguyễn Văn ' || g, 'subject' || g || '@example.vn', '', 'customer',
                   'Tôi muốn xem dữ liệu của tôi.', 'vi', '',
                   received - interval '1 minute',
                   CASE WHEN g %% 10 = 9 THEN received + interval '7 days' END,
                   CASE WHEN g %% 10 <> 9 THEN received END,
                   CASE WHEN g %% 10 IN (4, 5, 6, 7) THEN received + interval '1 day' END,
                   CASE WHEN g %% 10 IN (6, 7, 8) THEN received + interval '5 days' END,
                   CASE WHEN g %% 10 < 6 THEN received + (g %% 20 - 5) * interval '1 day' END,
                   '', '', CASE WHEN g %% 10 = 7 THEN 'no_data' ELSE '' END, ''
            FROM (
                SELECT g, %(now)s::timestamptz - (g %% 40) * interval '1 day'
                          - (g %% 1440) * interval '1 minute' AS received
                FROM generate_series(1, %(total)s) AS g
            ) AS rows
            """,
            {"orgs": org_ids, "n_orgs": ORGS, "now": now, "total": REQUESTS},
        )
        # Two clocks per received request: the response (met once responded) and the fulfilment.
        for rule_sql, met_sql in (
            ("'rights.respond'", "r.responded_at"),
            (
                "CASE WHEN r.request_type IN ('withdraw_consent','restrict','object') "
                "THEN 'rights.cease.fulfil' WHEN r.request_type IN ('access','rectify','copy') "
                "THEN 'rights.access.fulfil' WHEN r.request_type = 'erase' "
                "THEN 'rights.erase.fulfil' ELSE 'rights.protect.fulfil' END",
                "CASE WHEN r.status = 'fulfilled' THEN r.closed_at END",
            ),
        ):
            cursor.execute(
                f"""
                INSERT INTO clock_deadline (
                    organization_id, rule, content_type_id, object_id, label_message,
                    label_params, provisional_reasons, party, calendar, started_at, due_at,
                    extension_reason, status, created_at, met_at, cancelled_at
                )
                SELECT r.organization_id, {rule_sql}, %s, r.id::text, r.reference, '{{}}', '[]',
                       'organization', 'statutory', r.received_at, r.received_at + interval '10 days', '',
                       CASE WHEN {met_sql} IS NOT NULL THEN 'met'
                            WHEN r.status IN ('refused', 'withdrawn') THEN 'cancelled'
                            WHEN r.received_at + interval '10 days' < %s THEN 'overdue'
                            ELSE 'open' END,
                       r.received_at, {met_sql},
                       CASE WHEN r.status IN ('refused', 'withdrawn') THEN r.closed_at END
                FROM subjects_rights_rightsrequest r
                WHERE r.received_at IS NOT NULL
                """,
                [content_type, now],
            )
        cursor.execute("VACUUM ANALYZE subjects_rights_rightsrequest")
        cursor.execute("VACUUM ANALYZE clock_deadline")
        cursor.execute("SELECT count(*) FROM clock_deadline")
        print(
            f"  inserted {REQUESTS:,} requests over {ORGS} organisations, "
            f"{cursor.fetchone()[0]:,} clocks"
        )


def _time_inbox(user, label: str) -> int:
    from django.test import Client

    from tests.conftest import login

    queries, median, p95, response = page_figures(login(Client(), user), "/requests/", RENDERS)
    rows = response.content.decode().count('data-testid="request-row"')
    print(
        f"  {label:<34} {queries:3d} queries  median {median:6.1f} ms  "
        f"p95 {p95:6.1f} ms  ({rows} rows shown)"
    )
    return queries


def inbox() -> tuple[int, int, int]:
    from django.test.utils import setup_test_environment

    from pdp_portal.organizations.models import Organization
    from tests.factories import add_member, make_user

    setup_test_environment()  # the test client's host, as in the test suite
    organizations = list(Organization.objects.exclude(slug="bench").order_by("pk"))
    one = make_user("bench-dpo-one")
    add_member(organizations[0], one, "dpo")
    everywhere = make_user("bench-dpo-all")
    for organization in organizations:
        add_member(organization, everywhere, "dpo")
    empty = make_user("bench-dpo-empty")
    add_member(Organization.objects.get(slug="bench"), empty, "dpo")
    with_none = _time_inbox(empty, "DPO of 1 org with no open request")
    with_one = _time_inbox(one, f"DPO of 1 org ({REQUESTS // ORGS:,} requests)")
    with_all = _time_inbox(everywhere, f"DPO of {ORGS} orgs ({REQUESTS:,} requests)")
    return with_none, with_one, with_all


def main() -> int:
    began = time.monotonic()
    # Kept connections, as .env.example deploys the portal (the web workers inherit it):
    # opening a connection per request costs both sides alike and hid the form's own cost.
    # DB_CONN_MAX_AGE=0 measures the other case.
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    _fresh_database()
    _setup_django()
    workdir = Path(tempfile.mkdtemp(prefix="bench-rights-"))
    from django.conf import settings

    print(
        f"Public form throughput: gunicorn, {WORKERS} sync workers, {CLIENTS} client threads, "
        f"{SECONDS}s per endpoint, {ROUNDS} rounds (median of the per-round ratios), "
        f"database connections kept {settings.DATABASES['default']['CONN_MAX_AGE']}s "
        "(DB_CONN_MAX_AGE)"
    )
    rates = throughput(workdir)
    ratios = {}
    for side, name in (("minimal", "minimal insert view"), ("same", "same writes, raw SQL")):
        # The ratio of each round (both sides measured in the same round), then the median of
        # the rounds: the best of each side taken apart would pair two unrelated moments of a
        # busy machine.
        per_round = [f / b if b else 0.0 for f, b in zip(rates["form"], rates[side], strict=True)]
        ratios[side] = statistics.median(per_round)
        print(
            f"  {name}: median {statistics.median(rates[side]):.1f}, "
            f"best {max(rates[side]):.1f} requests/s"
        )
        print(f"    form / {name}, per round: {', '.join(f'{r:.2f}' for r in per_round)}")
    print(
        f"  public form:         median {statistics.median(rates['form']):.1f}, "
        f"best {max(rates['form']):.1f} requests/s"
    )
    for side, name in (("minimal", "minimal insert view"), ("same", "same writes")):
        # A shared CI machine's rate decides nothing: the small mode only reports.
        verdict = (
            "not judged (BENCH_SMALL)"
            if SMALL
            else "ok"
            if ratios[side] >= TARGET_RATIO
            else "UNDER TARGET"
        )
        print(
            f"  ratio to the {name} (median of rounds): {ratios[side]:.2f} "
            f"(target >= {TARGET_RATIO}) {verdict}"
        )
    ratio = min(ratios.values())
    ratio_ok = SMALL or ratio >= TARGET_RATIO
    print(f"  load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if os.environ.get("BENCH_SKIP_INBOX"):
        return 0 if ratio_ok else 1
    print(f"Inbox: {REQUESTS:,} requests over {ORGS} organisations, first page, test client")
    started = time.monotonic()
    _bulk_insert()
    print(f"  bulk insert: {time.monotonic() - started:.1f}s")
    with_none, with_one, with_all = inbox()
    constant = with_one == with_all
    print(f"  query count constant whatever the rows: {'yes' if constant else 'NO'}")
    print(f"Total: {time.monotonic() - began:.0f}s")
    return 0 if ratio_ok and constant else 1


if __name__ == "__main__":
    sys.exit(main())
