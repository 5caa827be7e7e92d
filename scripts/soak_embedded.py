#!/usr/bin/env python3
"""Run the embedded default (`make run`'s setup) for a while and report whether it stayed up.

    .venv/bin/python scripts/soak_embedded.py [--duration 3600] [--port N]
        [--kill-worker-at SECONDS] [--bad-message-at SECONDS] [--keep]

1. On a temporary VAR_DIR: migrate, seed_demo, then scripts/supervise.py on Procfile.dev (web
   server, worker, beat) on a free port.
2. A scripted user signs in as dpo1 (password, then a TOTP code) and clicks through the pages it
   finds, one every second or two, for the whole duration; beat ticks on its own.
3. Optionally kill the worker (SIGKILL) once, and drop a half-written broker message, mid-run.
4. Report: restarts of each process, answers that were errors or did not come, error lines in
   the logs; exit 0 only if the web server was never restarted and nothing went wrong.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
# Lines in the logs that mean something went wrong, whatever process printed them.
ERROR_PATTERNS = re.compile(
    r"Traceback|Unrecoverable error|JSONDecodeError|CRITICAL|Internal Server Error|\" 5\d\d "
)
# Links the scripted user never follows: they end the session or change data.
SKIP_LINKS = re.compile(
    r"logout|/admin/|/i18n/|/api/|\.(pdf|zip|ics|csv|xlsx)(\?|$)|download|export"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def totp(secret: bytes, at: float | None = None) -> str:
    """Return the RFC 6238 code (SHA-1, 30 s, 6 digits) an authenticator app would show."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(secret, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class User:
    """A browser without JavaScript: cookies, CSRF tokens, links."""

    def __init__(self, base: str):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str, str]:
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        return self._open(request)

    def _open(self, request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                body = response.read().decode("utf-8", "replace")
                return response.status, response.url, body
        except urllib.error.HTTPError as exc:
            return exc.code, request.full_url, exc.read().decode("utf-8", "replace")

    def sign_in(self, username: str, password: str, secret: bytes) -> None:
        self.get("/accounts/login/")
        status, url, _ = self.post("/accounts/login/", {"username": username, "password": password})
        if "/accounts/two-factor/" not in url:
            raise RuntimeError(f"the password step did not lead to the second factor ({url})")
        path = urllib.parse.urlparse(url).path
        query = urllib.parse.urlparse(url).query
        status, url, _ = self.post(f"{path}?{query}" if query else path, {"token": totp(secret)})
        if status != 200 or "/accounts/" in url:
            raise RuntimeError(f"the two-factor step failed ({status} {url})")


def links(body: str) -> list[str]:
    found = []
    for href in re.findall(r'href="(/[^"#]*)"', body):
        href = href.replace("&amp;", "&")
        if not href.startswith("/static/") and not SKIP_LINKS.search(href):
            found.append(href)
    return found


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip


def prepare_device(env: dict, username: str) -> bytes:
    """Give the user a confirmed TOTP device (as after enrolment) and return its secret."""
    code = (
        "from django_otp.plugins.otp_totp.models import TOTPDevice as D;"
        "from django.contrib.auth import get_user_model as G;"
        f"u=G().objects.get(username={username!r});"
        "d=D.objects.filter(user=u,confirmed=True).first() or "
        "D.objects.create(user=u,name='soak',confirmed=True);"
        "print(d.key)"
    )
    return bytes.fromhex(manage(env, "shell", "-c", code).strip().splitlines()[-1])


def drop_half_written_message(var_dir: Path) -> Path:
    """Write what a writer killed mid-message leaves behind: the start of a JSON object."""
    path = var_dir / "celery" / "queue" / f"{int(time.monotonic() * 1000)}_half.celery.msg"
    path.write_bytes(b'{"body": "eyJ0YXNrIjogImNsb2NrLn')
    return path


def worker_answers(env: dict) -> bool:
    """Return whether a worker answers a remote-control ping on the filesystem broker."""
    result = subprocess.run(
        [str(PYTHON), "-m", "celery", "-A", "pdp_portal", "inspect", "ping", "--timeout", "5"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    return result.returncode == 0 and "pong" in result.stdout


def read_status(path: Path) -> dict:
    try:
        return json.loads(path.read_text())["processes"]
    except (OSError, ValueError, KeyError):
        return {}


def soak(args) -> dict:
    var_dir = Path(args.var_dir or tempfile.mkdtemp(prefix="pdp-soak-"))
    port = args.port or free_port()
    env = {
        **os.environ,
        "DEBUG": "1",
        "VAR_DIR": str(var_dir),
        "PORT": str(port),
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",
        # runserver restarts itself when a source file changes: someone editing the tree while
        # the soak runs is not the failure it looks for.
        "RUNSERVER_ARGS": "--noreload",
    }
    # The embedded default only: a REDIS_URL or DATABASE_URL of the caller would bypass it.
    for name in ("REDIS_URL", "DATABASE_URL", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(name, None)
    report = {"var_dir": str(var_dir), "port": port, "errors": [], "requests": 0}
    print(f"soak: VAR_DIR={var_dir} port={port} for {args.duration:g} s", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", "--if-empty")
    secret = prepare_device(env, "dpo1")

    status_file = var_dir / "supervise.json"
    log_path = var_dir / "supervise.log"
    log = open(log_path, "w", encoding="utf-8")
    supervisor = subprocess.Popen(
        [str(PYTHON), "scripts/supervise.py", "-f", "Procfile.dev", "--status", str(status_file)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or supervisor.poll() is not None:
                    raise RuntimeError("the web server did not come up") from None
                time.sleep(0.5)
        user = User(base)
        user.sign_in("dpo1", "demo-portal-2026", secret)
        start = time.monotonic()
        end = start + args.duration
        worker_killed = bad_dropped = None
        frontier = ["/"]
        while time.monotonic() < end:
            elapsed = time.monotonic() - start
            if args.kill_worker_at is not None and worker_killed is None:
                if elapsed >= args.kill_worker_at:
                    pid = read_status(status_file).get("worker", {}).get("pid")
                    if pid:
                        os.killpg(pid, signal.SIGKILL)
                        worker_killed = elapsed
                        print(f"soak: killed the worker (pid {pid}) at {elapsed:.0f} s", flush=True)
            if args.bad_message_at is not None and bad_dropped is None:
                if elapsed >= args.bad_message_at:
                    bad_dropped = drop_half_written_message(var_dir)
                    print(f"soak: dropped {bad_dropped.name} at {elapsed:.0f} s", flush=True)
            path = random.choice(frontier)
            try:
                status, url, body = user.get(path)
            except OSError as exc:
                report["errors"].append(f"{path}: no answer ({exc})")
                status, body = None, ""
            report["requests"] += 1
            if status is not None and status >= 500:
                report["errors"].append(f"{path}: {status}")
            elif status == 200:
                if "/accounts/login/" in url:
                    report["errors"].append(f"{path}: the session was lost")
                    user.sign_in("dpo1", "demo-portal-2026", secret)
                # Keep the frontier small and fresh: a user moves on from where they are.
                frontier = list(dict.fromkeys(frontier + links(body)))[-200:] or ["/"]
            time.sleep(random.uniform(0.5, 1.5))

        # The worker must be back: it answers a ping and has taken the queued messages.
        if args.kill_worker_at is not None:
            report["worker_answers"] = worker_answers(env)
            if not report["worker_answers"]:
                report["errors"].append("the worker does not answer after it was killed")
        if bad_dropped is not None:
            report["bad_message_set_aside"] = (
                var_dir / "celery" / "bad" / bad_dropped.name
            ).exists()
            if not report["bad_message_set_aside"]:
                report["errors"].append("the half-written message was not set aside")
        report["processes"] = read_status(status_file)
        report["supervisor_alive"] = supervisor.poll() is None
        if not report["supervisor_alive"]:
            report["errors"].append("the supervisor exited")
    finally:
        if supervisor.poll() is None:
            os.kill(supervisor.pid, signal.SIGTERM)
            try:
                supervisor.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(supervisor.pid, signal.SIGKILL)
        log.close()
    processes = report.get("processes", {})
    report["web_restarted"] = processes.get("web", {}).get("starts", 0) != 1
    if report["web_restarted"]:
        report["errors"].append("the web server was restarted")
    expected_worker_starts = 1 if args.kill_worker_at is None else 2
    if processes.get("worker", {}).get("starts", 0) > expected_worker_starts:
        report["errors"].append("the worker was restarted without being killed")
    if processes.get("beat", {}).get("starts", 0) != 1:
        report["errors"].append("beat was restarted")
    log_errors = [
        line.rstrip()
        for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        if ERROR_PATTERNS.search(line) and "does not parse" not in line
    ]
    # A worker killed with SIGKILL leaves no traceback; any other is a real error.
    report["errors"].extend(f"log: {line}" for line in log_errors[:20])
    report["ok"] = not report["errors"]
    if not args.keep and report["ok"]:
        import shutil

        shutil.rmtree(var_dir, ignore_errors=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=3600, help="seconds (default 3600)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--var-dir", help="default: a new temporary folder")
    parser.add_argument("--kill-worker-at", type=float, help="SIGKILL the worker once, at N s")
    parser.add_argument("--bad-message-at", type=float, help="drop a half-written message at N s")
    parser.add_argument("--keep", action="store_true", help="keep VAR_DIR even when all went well")
    report = soak(parser.parse_args())
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
