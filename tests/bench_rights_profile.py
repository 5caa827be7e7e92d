"""CPU per answer of the public request form, in one process, against the two baselines.

Run under .ci/with-services: `python -m tests.bench_rights_profile` (not part of `make bench`).

The throughput benchmark (tests/bench_rights.py) measures rates under gunicorn on a shared
machine; this one calls the WSGI application directly, as gunicorn's worker does, with the kept
database connection of DB_CONN_MAX_AGE (60 unless set), and prints the CPU milliseconds of this
process per answer for the public form, the same-writes view and the minimal insert view.
BENCH_PROFILE=1 also prints the form's 30 most expensive functions (cProfile, cumulative).
BENCH_POSTS sets the number of posts per endpoint (500).
"""

import io
import os
import time
import urllib.parse

POSTS = int(os.environ.get("BENCH_POSTS", 500))


def _environ(method: str, path: str, body: bytes = b"", cookie: str = "") -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


class _Caller:
    """Call the WSGI application as a sync gunicorn worker does; keep the status and headers."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ) -> tuple[str, list, bytes]:
        seen = {}

        def start_response(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers

        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # request_finished: the connection is kept or closed here
        return seen["status"], seen["headers"], body


def main() -> int:
    import re

    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    from tests.bench_rights import _fresh_database, _setup_django

    _fresh_database()
    _setup_django()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    from tests.bench_rights_urls import BASELINE_TABLE
    from tests.factories import make_organization

    organization = make_organization(name="Công ty Cổ phần Đo Hiệu Năng", slug="bench")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BASELINE_TABLE} (id bigserial PRIMARY KEY, "
            "created_at timestamptz NOT NULL, body text NOT NULL)"
        )
    connection.close()
    call = _Caller(WSGIHandler())
    form_path = f"/r/{organization.slug}/"
    status, headers, body = call(_environ("GET", form_path))
    assert status.startswith("200"), status
    cookie = next(
        v.strip().split(";", 1)[0]
        for k, v in headers
        if k == "Set-Cookie" and v.strip().startswith("csrftoken=")
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    run = f"{time.time_ns()}"
    counter = iter(range(10**9))

    def form_fields():
        n = next(counter)
        return {
            "request_type": "access",
            "full_name": "Phạm Thu Hà",
            "email": f"profile-{run}-{n}@example.vn",
            "phone": "",
            "relationship": "customer",
            "description": "Cho tôi xem dữ liệu về tôi.",
            "website": "",
            "idempotency_key": f"{run}-{n}",
        }

    def post(path, fields):
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        status, _headers, _body = call(_environ("POST", path, body, cookie))
        assert status.startswith("302"), (path, status, _body[:2000])

    sides = {
        "public form": (form_path, form_fields),
        "same writes": (f"/bench/same-writes/{organization.slug}/", form_fields),
        "minimal view": ("/bench/insert/", lambda: {"description": "Cho tôi xem dữ liệu."}),
    }
    print(
        f"CPU of this process per answer, {POSTS} posts each, WSGI in-process, database "
        f"connections kept {settings.DATABASES['default']['CONN_MAX_AGE']}s"
    )
    spent = {}
    for rounds in range(3):
        for label, (path, fields) in sides.items():
            for _ in range(20):  # warm the caches of this endpoint
                post(path, fields())
            began_cpu, began = time.process_time(), time.perf_counter()
            for _ in range(POSTS):
                post(path, fields())
            cpu = (time.process_time() - began_cpu) * 1000 / POSTS
            wall = (time.perf_counter() - began) * 1000 / POSTS
            spent.setdefault(label, []).append(cpu)
            print(f"  round {rounds + 1}: {label:<13} CPU {cpu:5.2f} ms, wall {wall:5.2f} ms")
    best = {label: min(values) for label, values in spent.items()}
    print(
        f"  best of rounds: form {best['public form']:.2f} ms, same writes "
        f"{best['same writes']:.2f} ms, minimal {best['minimal view']:.2f} ms; form/same "
        f"{best['same writes'] / best['public form']:.2f}, form/minimal "
        f"{best['minimal view'] / best['public form']:.2f} (as rates)"
    )
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        # CPU time, not wall time: what the request costs this process, not what it waits for.
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(POSTS):
            post(form_path, form_fields())
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        stats = pstats.Stats(profile).sort_stats("cumulative")
        stats.print_callees("request_form|request_submit|_view|PublicFormPostMiddleware")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
