"""Benchmark of the agency's workspace (`make bench`): 100,000 filings across 1,000 organisations.

Run under .ci/with-services: `python -m tests.bench_inbox`.

1. A fresh database ``pdp_bench_inbox`` on the PostgreSQL of DATABASE_URL, migrated.
2. 1,000 organisations and three reviewers; 1,000 filings of every kind, status, assignee and
   due date inserted directly (INSERT ... SELECT generate_series), ANALYZE.
3. The workspace (/regulator/) with several filters, through the test client as a reviewer: the
   number of queries, median and p95 times of 25 renders each (tests.bench_consents._time).
4. The filings grown to 100,000, ANALYZE, the same pages measured again.
BENCH_SMALL=1 (`make test`): 200 then 2,000 filings, 3 renders; the query counts checked only.
Exit status 1 if a page's query count differs between the two sizes.
"""

import os
import sys
import time

from tests.bench_consents import _time  # the same measure: queries, median, p95
from tests.benchdb import fresh_database, setup_django

BENCH_DB = "pdp_bench_inbox"
SMALL = bool(os.environ.get("BENCH_SMALL"))
ORGANIZATIONS = 100 if SMALL else 1_000
SIZES = (200, 2_000) if SMALL else (1_000, 100_000)

PAGES = (
    ("all, first page", "/regulator/"),
    ("breaches only", "/regulator/?kind=breach"),
    ("dossiers waiting for the agency", "/regulator/?kind=dossier&status=agency"),
    ("assigned to me, due soon", "/regulator/?assignee=me&due=soon"),
    ("unassigned, overdue, 100 a page", "/regulator/?assignee=none&due=overdue&size=100"),
    ("search by organisation name", "/regulator/?q=Thử nghiệm 07"),
    ("search by tax code", "/regulator/?q=0000000042"),
    ("page 20 of everything", "/regulator/?page=20&size=50"),
)


def _organizations() -> list[int]:
    from pdp_portal.organizations.models import Organization

    Organization.objects.bulk_create(
        [
            Organization(
                name=f"Công ty Cổ phần Thử nghiệm {n:04d}",
                tax_code=f"{n:010d}",
                head_office="Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
                slug=f"bench-{n}",
                size_class="medium",
                roles=["controller"],
            )
            for n in range(ORGANIZATIONS)
        ],
        batch_size=1_000,
    )
    return list(Organization.objects.order_by("pk").values_list("pk", flat=True))


def _insert(first: int, last: int, org_ids: list[int], reviewer_ids: list[int]) -> None:
    """Insert filings number ``first`` .. ``last`` - 1 directly, of every kind and state."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    cts = [
        ContentType.objects.get_by_natural_key(app, model).pk
        for app, model in (
            ("breaches", "breach"),
            ("dossiers", "dossier"),
            ("certification", "application"),
            ("certification", "changerequest"),
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO filings_filing (
                organization_id, kind, content_type_id, object_id, reference, title_message,
                title_params, status, app_status, assignee_id, first_submitted_at,
                last_submitted_at, last_activity_at, agency_due_at, organisation_due_at)
            SELECT
                (%(orgs)s::bigint[])[1 + i %% %(norgs)s],
                (ARRAY['breach', 'dossier', 'application', 'certificate_change'])[1 + i %% 4],
                (%(cts)s::int[])[1 + i %% 4],
                1000000 + i,
                'HS-' || i,
                '%%(text)s',
                jsonb_build_object('text', 'Hồ sơ thử nghiệm ' || i),
                (ARRAY['submitted', 'under_review', 'awaiting_organisation', 'decided',
                       'closed'])[1 + (i / 4) %% 5],
                (ARRAY['received', 'submitted', 'submitted', 'submitted'])[1 + i %% 4],
                CASE WHEN i %% 3 = 0 THEN NULL
                     ELSE (%(reviewers)s::int[])[1 + (i / 3) %% %(nreviewers)s] END,
                now() - i * interval '1 minute',
                now() - i * interval '1 minute',
                now() - i * interval '1 minute',
                CASE WHEN i %% 5 = 4 THEN NULL
                     ELSE now() + ((i %% 400) - 100) * interval '1 hour' END,
                CASE WHEN i %% 7 = 0 THEN now() + interval '10 days' ELSE NULL END
            FROM generate_series(%(first)s, %(last)s - 1) AS i
            """,
            {
                "orgs": org_ids,
                "norgs": len(org_ids),
                "cts": cts,
                "reviewers": reviewer_ids,
                "nreviewers": len(reviewer_ids),
                "first": first,
                "last": last,
            },
        )
        cursor.execute("ANALYZE filings_filing")


def main() -> int:
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("DEBUG", "1")
    began = time.monotonic()
    fresh_database(BENCH_DB, needs_redis=False)
    setup_django("pdp_portal.settings")
    from django.test import Client
    from django.test.utils import setup_test_environment

    from pdp_portal.organizations import services as org_services
    from tests.conftest import login
    from tests.factories import make_user

    setup_test_environment()
    org_ids = _organizations()
    reviewers = [make_user(f"bench-reviewer-{n}") for n in range(3)]
    for user in reviewers:
        org_services.regulator_grant(actor="bench", user=user)
    client = login(Client(), reviewers[0])
    counts: dict[int, list[int]] = {}
    done = 0
    for size in SIZES:
        _insert(done, size, org_ids, [u.pk for u in reviewers])
        done = size
        print(f"Workspace: {size:,} filings across {len(org_ids):,} organisations")
        counts[size] = [_time(client, path, label) for label, path in PAGES]
    constant = counts[SIZES[0]] == counts[SIZES[-1]]
    print(f"  query counts equal at {SIZES[0]:,} and {SIZES[-1]:,}: {'yes' if constant else 'NO'}")
    print(f"Total: {time.monotonic() - began:.0f}s")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
