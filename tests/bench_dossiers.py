"""Benchmark: Form 10 for an organisation with 50 processing activities and 200 recipients.

Run under the services: `.ci/with-services .venv/bin/python -m tests.bench_dossiers`.
Prints the cold render time (the warm-up), the median of five warm renders and the peak Python
memory of a warm render.
BENCH_SPLIT=1 also times the document with and without Part B; BENCH_DUMP=<file> writes its HTML
and BENCH_PDF=<file> its PDF. The CPU time of each render is printed next to its wall time: on a
shared machine the wall time follows the neighbours' load, the CPU time follows the document.
BENCH_PHASES=1 also prints where one warm render spends its CPU time (WeasyPrint's parsing, styles,
boxes, layout, drawing and PDF writing) and how many text layouts Pango makes for it.
BENCH_SMALL=1 (`make test`): 5 activities and 20 recipients, then 15 and 60; it checks that Form 10
renders and that building its snapshot takes the same number of queries at both sizes, no time.
"""

import contextlib
import datetime as dt
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdp_portal.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

SMALL = bool(os.environ.get("BENCH_SMALL"))
ACTIVITIES = 5 if SMALL else 50
RECIPIENTS = 20 if SMALL else 200
LIMIT_SECONDS = 1.5
WARM_RUNS = 5


def _fill(org, n_activities: int, n_recipients: int, first: int = 0) -> None:
    """Add ``n_activities`` activities sharing ``n_recipients`` recipients (4 each) to ``org``."""
    from dossiers.catalogue import BasicDataType, SensitiveDataType
    from dossiers.models import ProcessingActivity, Recipient

    roles = ["controller", "processor", "third_party"]
    recipients = Recipient.objects.bulk_create(
        [
            Recipient(
                organization=org,
                role=roles[i % 3],
                name=f"Công ty đối tác số {i:03d}",
                tax_code=f"03{i:08d}",
                dpo_info=f"Nhân sự bảo vệ dữ liệu {i}, dpo{i}@doitac.example.vn",
                contract_number=f"HĐ-{i:03d}/2026",
                contract_date=dt.date(2026, 1, 1 + i % 28),
                service="Dịch vụ xử lý dữ liệu theo hợp đồng",
                note="",
            )
            for i in range(first * 4, first * 4 + n_recipients)
        ]
    )
    basic, sensitive = BasicDataType.values, SensitiveDataType.values
    activities = ProcessingActivity.objects.bulk_create(
        [
            ProcessingActivity(
                organization=org,
                name=f"Hoạt động xử lý số {i:02d}",
                purpose="Mục đích xử lý " * 8,
                role=roles[i % 3],
                subject_categories=[{"name": f"Nhóm {i}", "count": 1000 + i}],
                basic_data_types=basic[: 3 + i % 10],
                sensitive_data_types=sensitive[: i % 3],
                data_flow="Thu thập → lưu trữ → phân tích → xóa. " * 3,
                consent_method="Đồng ý điện tử",
                retention="5 năm",
                deletion="Xóa tự động",
                started_on=dt.date(2026, 2, 1),
            )
            for i in range(first, first + n_activities)
        ]
    )
    for i, activity in enumerate(activities):
        activity.recipients.set(recipients[i * 4 : i * 4 + 4])


def _snapshot_queries(dossier) -> int:
    from django.test.utils import CaptureQueriesContext

    from dossiers import documents

    with CaptureQueriesContext(connection) as queries:
        documents.build_snapshot(dossier)
    return len(queries)


def _timed(function):
    """Return (result, wall seconds, CPU seconds of this process) of ``function()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


@contextlib.contextmanager
def _phase_clock(cpu: dict, counts: Counter):
    """Add the CPU time of WeasyPrint's phases to ``cpu`` and count Pango's text layouts."""
    from weasyprint import HTML, document
    from weasyprint.text import line_break

    def timed(owner, name, key):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                cpu[key] += time.process_time() - start

        return original, wrapper

    def layout(*args, **kwargs):
        start = time.process_time()
        pages = list(patched["layout_document"][0](*args, **kwargs))
        cpu["layout"] += time.process_time() - start
        return pages

    def count(name):
        original = getattr(line_break.Layout, name)

        def wrapper(self, *args, **kwargs):
            counts[name] += 1
            return original(self, *args, **kwargs)

        return original, wrapper

    patched = {
        "get_all_computed_styles": timed(document, "get_all_computed_styles", "styles"),
        "build_formatting_structure": timed(document, "build_formatting_structure", "boxes"),
        "layout_document": (document.layout_document, layout),
        "generate_pdf": timed(document, "generate_pdf", "draw and write"),
    }
    parse = timed(HTML, "__init__", "parse")
    layouts = {name: count(name) for name in ("setup", "get_first_line")}
    for name, (_original, wrapper) in patched.items():
        setattr(document, name, wrapper)
    HTML.__init__ = parse[1]
    for name, (_original, wrapper) in layouts.items():
        setattr(line_break.Layout, name, wrapper)
    try:
        yield
    finally:
        for name, (original, _wrapper) in patched.items():
            setattr(document, name, original)
        HTML.__init__ = parse[0]
        for name, (original, _wrapper) in layouts.items():
            setattr(line_break.Layout, name, original)


def _print_phases(render) -> None:
    cpu: dict = defaultdict(float)
    counts: Counter = Counter()
    with _phase_clock(cpu, counts):
        _, wall, total = _timed(render)
    parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items())
    rest = total - sum(cpu.values())
    print(f"phases of a warm render (CPU s): {parts}; the rest {rest:.2f} (snapshot, HTML, GC)")
    print(
        f"  Pango text layouts: {counts['setup']} made, asked for a first line "
        f"{counts['get_first_line']} times "
        f"(render {wall:.2f} s, CPU {total:.2f} s)"
    )


def main() -> int:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from dossiers import documents
        from dossiers.models import Dossier
        from tests.factories import make_organization

        org = make_organization(name="Công ty Cổ phần Đo Hiệu Năng")
        _fill(org, ACTIVITIES, RECIPIENTS)
        dossier = Dossier.objects.create(organization=org, kind="processing", reference="HS-BENCH")

        def render():
            snapshot = documents.build_snapshot(dossier)
            return documents.render_report(snapshot)

        if SMALL:
            # No time: the check is that the benchmark still runs and the queries do not grow.
            before = _snapshot_queries(dossier)
            pdf = render()
            _fill(org, 2 * ACTIVITIES, 2 * RECIPIENTS, first=ACTIVITIES)
            after = _snapshot_queries(dossier)
            pdf_after = render()
            print(
                f"Form 10 (small): {ACTIVITIES} then {3 * ACTIVITIES} activities, snapshot "
                f"queries {before} then {after}, PDFs of {len(pdf)} and {len(pdf_after)} bytes"
            )
            ok = before == after and pdf.startswith(b"%PDF") and len(pdf_after) > len(pdf)
            if not ok:
                print("FAIL: Form 10's snapshot queries grow with the register", file=sys.stderr)
            return 0 if ok else 1

        t0 = time.perf_counter()
        snap = documents.build_snapshot(dossier)
        t1 = time.perf_counter()
        from pdp_portal.pdf import render_html

        html = render_html("dossiers/pdf/form10.html", documents.report_context(snap))
        t2 = time.perf_counter()
        print(f"snapshot {t1 - t0:.2f} s, html {t2 - t1:.2f} s ({len(html)} chars)")
        if os.environ.get("BENCH_DUMP"):
            Path(os.environ["BENCH_DUMP"]).write_text(html)
        if os.environ.get("BENCH_SPLIT"):
            from pdp_portal.pdf import html_to_pdf

            html_to_pdf(html)
            cut = html.index("PHẦN B.")
            for label, part in (("full", html), ("without part B", html[:cut] + "</body></html>")):
                _, wall, cpu = _timed(lambda part=part: html_to_pdf(part))
                print(f"  {label}: {wall:.2f} s (CPU {cpu:.2f} s)")
        pdf, cold, cold_cpu = _timed(render)
        if os.environ.get("BENCH_PDF"):
            Path(os.environ["BENCH_PDF"]).write_bytes(pdf)
        warm = [_timed(render)[1:] for _ in range(WARM_RUNS)]
        if os.environ.get("BENCH_PHASES"):
            _print_phases(render)
        tracemalloc.start()
        render()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median = statistics.median(wall for wall, _cpu in warm)
        median_cpu = statistics.median(cpu for _wall, cpu in warm)
        print(
            f"Form 10: {ACTIVITIES} activities, {RECIPIENTS} recipients, {len(pdf) / 1024:.0f} KiB"
        )
        print(f"cold render (first, imports and fonts): {cold:.2f} s (CPU {cold_cpu:.2f} s)")
        print(
            f"warm render: median of {WARM_RUNS} {median:.2f} s (CPU {median_cpu:.2f} s), runs "
            f"{', '.join(f'{w:.2f}' for w, _ in warm)} s, CPU "
            f"{', '.join(f'{c:.2f}' for _, c in warm)} s (limit {LIMIT_SECONDS} s)"
        )
        print(f"peak Python memory of a warm render (tracemalloc): {peak / 2**20:.1f} MiB")
        print(f"peak resident set size of the process (getrusage): {rss:.0f} MiB")
        print(f"load average while measuring: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if median < LIMIT_SECONDS else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
