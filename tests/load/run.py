"""Load test of the production topology on this machine: two web replicas behind nginx, two workers.

Run under .ci/with-services (`make load`): `python -m tests.load.run [--users N] [--seconds S]`.
LOAD_SMALL=1 (`make test`; BENCH_SMALL=1 does the same): a short run with few users that proves it
works; the figures of such a run mean nothing.

1. Create a fresh database ``pdp_load`` on the PostgreSQL of DATABASE_URL, migrate it, and seed
   two organisations with received requests, one DPO account per simulated DPO (each with its own
   TOTP device: a code is accepted once) and an API token (``issue_api_token``).
2. Start what docker-compose.yml runs, on loopback ports: two gunicorn web replicas (the image's
   worker settings), nginx in front of them with deploy/nginx/proxy.conf, two Celery workers and
   one beat on Redis (a database of its own on the REDIS_URL server).
3. Run Locust headless against the balancer (tests/load/locustfile.py): data subjects posting the
   public form, DPOs browsing the inbox after a password and TOTP login, API clients reading.
4. Let the workers send the confirmation e-mails of the stored requests, then stop everything.
5. Report requests/s and p50/p95/p99 per group of endpoints, errors, 5xx answers in the
   balancer's and the replicas' logs, and whether every accepted form post was stored exactly once
   (and its confirmation e-mail sent). Exit status 1 if any check fails.

Every request goes to 127.0.0.1; the run stops by itself after the given time.
"""

import argparse
import datetime as dt
import json
import os
import re
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.bench import _fresh_database as fresh_database
from tests.subjects_rights.servers import (
    ROOT,
    CeleryWorker,
    Gunicorn,
    Process,
    free_port,
    server_env,
)

LOAD_DB = "pdp_load"
REDIS_DB = 3  # the benchmarks and tests use 0: no key or queued task of theirs is seen here
SMALL = bool(os.environ.get("LOAD_SMALL") or os.environ.get("BENCH_SMALL"))
WEB_REPLICAS = 2
WORKER_REPLICAS = 2
# The image's default; one in the short run, where each copy of Django costs seconds to start.
WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY", 1 if SMALL else 3))
SLUGS = ["tai-nguyen", "bien-dong"]
SEEDED_REQUESTS = 20 if SMALL else 300
DRAIN_SECONDS = 60
FIVE_XX = re.compile(r'" 5\d\d ')
TRACEBACK = re.compile(r"Traceback|Internal Server Error|WORKER TIMEOUT")


def _own_redis_database() -> str:
    import redis

    url = f"{os.environ['REDIS_URL'].rpartition('/')[0]}/{REDIS_DB}"
    redis.Redis.from_url(url).flushdb()
    os.environ["REDIS_URL"] = url
    return url


# --- 1. data ------------------------------------------------------------------------------------


def seed(accounts: int) -> dict:
    """Migrate and fill the database; return what the simulated users need."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.load.settings"
    import io

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from subjects_rights import services
    from tests.factories import add_member, make_organization, make_totp, make_user

    call_command("migrate", verbosity=0)
    names = ["Công ty Cổ phần Tài Nguyên Số", "Công ty TNHH Thương mại Biển Đông"]
    organizations = [make_organization(name=n, slug=s) for n, s in zip(names, SLUGS, strict=True)]
    password = secrets.token_urlsafe(16)
    first = make_user("load-dpo-0", password=password)
    for organization in organizations:
        add_member(organization, first, "dpo")
    # Requests received by e-mail, so the inbox and the API have pages to show from the start.
    # Entered while the first DPO is the only one: each notifies one person, not every account.
    now = timezone.now()
    for n in range(SEEDED_REQUESTS):
        services.request_enter(
            actor=first,
            organization=organizations[n % len(organizations)],
            channel="email",
            received_at=now - dt.timedelta(hours=n),
            request_type=["access", "rectify", "erase", "object"][n % 4],
            full_name=f"Trần Văn {n}",
            email=f"seeded-{n}@example.vn",
            description="Yêu cầu nhận qua thư điện tử.",
        )
    # The other accounts share the first one's password hash: hashing it again for each would
    # take seconds and measure nothing.
    User = get_user_model()
    dpos = [first]
    for n in range(1, accounts):
        user = User.objects.create(username=f"load-dpo-{n}", password=first.password)
        for organization in organizations:
            add_member(organization, user, "dpo")
        dpos.append(user)
    token = io.StringIO()
    call_command("issue_api_token", first.username, stdout=token)
    return {
        "slugs": SLUGS,
        "dpos": [
            {"username": u.username, "password": password, "totp_key": make_totp(u).key}
            for u in dpos
        ],
        "api_token": token.getvalue().strip(),
    }


# --- 2. processes -------------------------------------------------------------------------------

NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    log_format balancer '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                        '$request_time $upstream_addr $upstream_response_time';
    access_log {dir}/access.log balancer;
    upstream web {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {proxy_conf};
            proxy_pass http://web;
        }}
    }}
}}
"""


def start_balancer(workdir: Path, web_ports: list[int]) -> tuple[Process, int, Path]:
    """Start nginx in front of the replicas; return it, its port and its access log."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        sys.exit("nginx is missing: apt-get install nginx-light (make install-test)")
    folder = workdir / "nginx"
    folder.mkdir()
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in web_ports)
    conf = folder / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            dir=folder,
            servers=servers,
            port=port,
            proxy_conf=ROOT / "deploy" / "nginx" / "proxy.conf",
        )
    )
    # Run by root, nginx's workers drop to "nobody": they must reach their temporary folders.
    os.chmod(workdir, 0o755)
    os.chmod(folder, 0o777)
    process = Process(
        [nginx, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"),
         "-g", "daemon off;"],
        log=folder / "nginx.log",
    ).start()  # fmt: skip
    _wait_for(f"http://127.0.0.1:{port}/accounts/login/", process)
    return process, port, folder / "access.log"


def _wait_for(url: str, process: Process, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} does not answer: {process.output()[-3000:]}")
        time.sleep(0.2)


def web_replicas(workdir: Path, env: dict) -> list[Gunicorn]:
    replicas = []
    for _ in range(WEB_REPLICAS):
        web = Gunicorn(workdir, env, workers=WEB_CONCURRENCY)
        web.args += ["--access-logfile", "-"]  # as docker-compose.yml runs it
        replicas.append(web)
    return replicas


def workers_and_beat(workdir: Path, env: dict) -> list[Process]:
    """Two workers on the default queue and one beat, as docker-compose.yml runs them."""
    processes = []
    for n in range(1, WORKER_REPLICAS + 1):
        worker = CeleryWorker(workdir, env)
        worker.log_path = workdir / f"worker{n}.log"
        worker.args += ["--hostname", f"worker{n}@%h"]
        processes.append(worker)
    beat = Process(
        [sys.executable, "-m", "celery", "-A", "pdp_portal", "beat", "--loglevel", "INFO",
         "--schedule", str(workdir / "celerybeat-schedule")],
        log=workdir / "beat.log",
        env=env,
    )  # fmt: skip
    return [*processes, beat]


def all_at_once(call, processes: list) -> None:
    """Call ``call`` on every process side by side (a start waits until its process is up)."""
    with ThreadPoolExecutor(len(processes)) as pool:
        for future in [pool.submit(call, process) for process in processes]:
            future.result()


# --- 3. Locust ----------------------------------------------------------------------------------


def run_locust(workdir: Path, port: int, fixture: dict, *, users: int, seconds: int) -> dict:
    fixture_path = workdir / "fixture.json"
    fixture["result_path"] = str(workdir / "result.json")
    fixture_path.write_text(json.dumps(fixture))
    log = workdir / "locust.log"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(ROOT / "tests" / "load" / "locustfile.py"),
        "--headless", "--host", f"http://127.0.0.1:{port}",
        "--users", str(users), "--spawn-rate", str(max(1, users // 5)),
        "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--csv", str(workdir / "locust"), "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_FIXTURE": str(fixture_path)}
    with open(log, "wb") as out:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=seconds + 120
        )
    result_path = Path(fixture["result_path"])
    if not result_path.exists():
        raise RuntimeError(f"Locust wrote no result: {log.read_text(errors='replace')[-3000:]}")
    return json.loads(result_path.read_text())


# --- 4., 5. what was stored and sent ------------------------------------------------------------


def drain() -> dict:
    """Wait until the workers sent every confirmation e-mail of the form; return the outbox."""
    from pdp_portal.notices.models import OutboxMessage

    confirmations = OutboxMessage.objects.filter(key__startswith="rights.confirm:")
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        if not confirmations.filter(status="pending").exists():
            break
        time.sleep(1)
    return {
        status: confirmations.filter(status=status).count()
        for status in ("pending", "sent", "failed")
    }


def stored_keys() -> list[str]:
    from subjects_rights.models import Channel, RightsRequest

    return list(
        RightsRequest.objects.filter(organization__slug__in=SLUGS, channel=Channel.WEB).values_list(
            "idempotency_key", flat=True
        )
    )


def count_in_logs(paths: list[Path], pattern: re.Pattern) -> int:
    return sum(
        len(pattern.findall(path.read_text(errors="replace"))) for path in paths if path.exists()
    )


# --- CPU: what each component costs, apart from the other work of a shared machine ---------------

TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> list[tuple[int, int, int, float]]:
    """Return (pid, parent pid, session, CPU seconds incl. reaped children) of every process."""
    rows = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # the process ended meanwhile
            fields = stat[stat.rindex(")") + 2 :].split()
            cpu = sum(int(v) for v in fields[11:15]) / TICKS
            rows.append((int(entry.name), int(fields[1]), int(fields[3]), cpu))
    return rows


def _postmaster_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        folder = Path(cursor.fetchone()[0])
    return int((folder / "postmaster.pid").read_text().split()[0])


def cpu_snapshot(components: dict[str, list[Process]], postmaster: int) -> dict[str, float]:
    """CPU seconds used so far by each component, by PostgreSQL and Redis, and by the machine."""
    import redis

    rows = _proc_stats()
    used = {
        name: sum(cpu for _pid, _ppid, session, cpu in rows if session in {p.proc.pid for p in ps})
        for name, ps in components.items()
    }
    used["postgres"] = sum(cpu for pid, ppid, _s, cpu in rows if postmaster in (pid, ppid))
    info = redis.Redis.from_url(os.environ["REDIS_URL"]).info("cpu")
    used["redis"] = info["used_cpu_user"] + info["used_cpu_sys"]
    busy = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    used["machine"] = (sum(busy) - busy[3] - busy[4]) / TICKS  # all but idle and iowait
    return used


def report(result: dict, checks: dict, cpu: dict, *, users: int, seconds: int) -> None:
    print(f"load test: {users} users for {seconds} s, web {WEB_REPLICAS} x {WEB_CONCURRENCY} "
          f"gunicorn workers behind nginx, {WORKER_REPLICAS} Celery workers + beat"
          f"{' (LOAD_SMALL: figures mean nothing)' if SMALL else ''}")  # fmt: skip
    print(f"  {'group':<8} {'requests':>9} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} "
          f"{'max':>6} {'errors':>6}   (times in ms)")  # fmt: skip
    for name, row in [*result["groups"].items(), ("total", result["total"])]:
        print(
            f"  {name:<8} {row['requests']:>9} {row['rps']:>7.1f} {row['p50']:>6} {row['p95']:>6} "
            f"{row['p99']:>6} {row['max']:>6} {row['failures']:>6}"
        )
    for name, row in sorted(result["endpoints"].items()):
        print(
            f"    {name:<48} {row['requests']:>7} {row['rps']:>6.1f}/s p50 {row['p50']} "
            f"p95 {row['p95']} p99 {row['p99']} errors {row['failures']}"
        )
    requests = max(result["total"]["requests"], 1)
    ours = sum(v for k, v in cpu.items() if k != "machine")
    print(
        "  CPU during the run, ms per request: "
        + ", ".join(f"{k} {1000 * v / requests:.1f}" for k, v in cpu.items() if k != "machine")
        + f"; the machine ({os.cpu_count()} cores, shared) was busy {cpu['machine']:.0f} "
        f"CPU-s, {ours:.0f} of them this test's"
    )
    for failure in result["failures"]:
        print(f"  error: {failure['name']}: {failure['error']} x{failure['occurrences']}")
    for name, (ok, text) in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 12 if SMALL else 60)))  # fmt: skip
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", 15 if SMALL else 180)))  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the folder of logs")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        sys.exit("The load test needs PostgreSQL and Redis: run it with `make load`.")
    fresh_database(LOAD_DB)
    _own_redis_database()
    # Production's settings whatever the caller's (`make test` sets DEBUG=1): tests.load.settings
    # changes only what plain HTTP on loopback needs.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    workdir = Path(tempfile.mkdtemp(prefix="pdp-load-"))
    print(f"load test: logs in {workdir}", flush=True)
    began = time.monotonic()
    fixture = {"run": f"{time.time_ns()}", **seed(accounts=args.users)}
    print(f"load test: migrated and seeded in {time.monotonic() - began:.0f} s", flush=True)
    env = server_env(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ["REDIS_URL"],
        var_dir=workdir / "var",
        DJANGO_SETTINGS_MODULE="tests.load.settings",
        DB_CONN_MAX_AGE=os.environ.get("DB_CONN_MAX_AGE", "60"),  # .env.example's value
    )
    web = web_replicas(workdir, env)
    background = workers_and_beat(workdir, env)
    processes: list[Process] = [*web, *background]
    try:
        all_at_once(lambda p: p.start(), processes)
        balancer, port, access_log = start_balancer(workdir, [w.port for w in web])
        processes.append(balancer)
        print(f"load test: ready after {time.monotonic() - began:.0f} s", flush=True)
        components = {"web": web, "balancer": [balancer], "workers": background}
        postmaster = _postmaster_pid()
        before = cpu_snapshot(components, postmaster)
        locust_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run_locust(workdir, port, fixture, users=args.users, seconds=args.seconds)
        locust_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        after = cpu_snapshot(components, postmaster)
        outbox = drain()
        keys = stored_keys()
        # Read before the processes are stopped: a stop ends a task mid-way, on purpose.
        web_logs = [w.log_path for w in web]
        five_xx = count_in_logs([access_log, *web_logs], FIVE_XX)
        tracebacks = count_in_logs(web_logs + [p.log_path for p in background], TRACEBACK)
    finally:
        all_at_once(lambda p: p.stop(), processes)

    cpu = {name: after[name] - before[name] for name in after}
    cpu["locust"] = sum(
        getattr(locust_after, f) - getattr(locust_before, f) for f in ("ru_utime", "ru_stime")
    )
    accepted = set(result["accepted_keys"])
    posts = result["endpoints"].get("POST form: POST /r/[slug]/", {}).get("requests", 0)
    checks = {
        "no 5xx": (five_xx == 0, f"{five_xx} answers 5xx in the balancer's and replicas' logs"),
        "no tracebacks": (
            tracebacks == 0,
            "no traceback or worker timeout in the replicas', workers' and beat's logs",
        ),
        "no errors": (
            result["total"]["failures"] == 0,
            f"{result['total']['failures']} of {result['total']['requests']} requests failed",
        ),
        "every request stored once": (
            bool(accepted) and len(keys) == len(set(keys)) and set(keys) == accepted,
            f"{len(accepted)} accepted form posts ({posts} posts, {result['repeated_posts']} of "
            f"them repeated), {len(keys)} stored, {len(set(keys))} distinct",
        ),
        "confirmations sent": (
            outbox["sent"] == len(keys) and not outbox["pending"] and not outbox["failed"],
            f"{outbox['sent']} confirmation e-mails sent by the workers, {outbox['pending']} "
            f"pending, {outbox['failed']} failed",
        ),
    }
    report(result, checks, cpu, users=args.users, seconds=args.seconds)
    if args.keep:
        print(f"load test: logs kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(ok for ok, _text in checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
