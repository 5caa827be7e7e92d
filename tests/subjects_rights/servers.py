"""Real processes for the HTTP tests and the benchmark: Redis, gunicorn, a Celery worker; a client.

Each process is started on a free loopback port, stopped by its own pid (never by name), and its
output goes to a log file the failure messages quote.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from tests.celery_worker import celery_worker_command

ROOT = Path(__file__).resolve().parent.parent.parent
# The gunicorn settings of production (Dockerfile, docker-compose.yml): sync workers, 60 s timeout.
GUNICORN_ARGS = ["--worker-class", "sync", "--timeout", "60"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited early: {log.read_text(errors='replace')[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"not listening after {timeout}s: {log.read_text(errors='replace')[-3000:]}")


class Process:
    """A child process in its own session, so that stopping it stops its children too."""

    def __init__(self, args: list[str], *, log: Path, env: dict | None = None):
        self.args = args
        self.log_path = log
        self.env = env
        self.proc: subprocess.Popen | None = None

    def start(self) -> Process:
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self, sig: int = signal.SIGTERM, wait: float = 20.0) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if getattr(self, "_log", None):
            self._log.close()

    def kill(self) -> None:
        """SIGKILL the process group, as a crash would."""
        self.stop(signal.SIGKILL)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


class RedisServer(Process):
    """A throwaway redis-server that keeps nothing on disk (a restart starts empty)."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.port = port or free_port()
        super().__init__(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(workdir),
            ],
            log=workdir / f"redis-{self.port}.log",
        )

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> RedisServer:
        super().start()
        _wait_port(self.port, self.proc, self.log_path, timeout)
        return self


class Gunicorn(Process):
    """gunicorn serving ``app`` on a free loopback port with the production worker settings."""

    def __init__(
        self, workdir: Path, env: dict, *, workers: int, app="pdp_portal.wsgi:application"
    ):
        self.port = free_port()
        super().__init__(
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                *GUNICORN_ARGS,
            ],
            log=workdir / f"gunicorn-{self.port}.log",
            env=env,
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> Gunicorn:
        super().start()
        _wait_port(self.port, self.proc, self.log_path, timeout)
        return self


class CeleryWorker(Process):
    """A real Celery worker (prefork, one process) on the broker of ``env["REDIS_URL"]``."""

    def __init__(self, workdir: Path, env: dict):
        super().__init__(
            celery_worker_command("celery"),
            log=workdir / "celery-worker.log",
            env=env,
        )

    def start(self, timeout: float = 30.0) -> CeleryWorker:
        super().start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.output()[-3000:]}")
            time.sleep(0.1)
        raise RuntimeError(f"celery worker not ready: {self.output()[-3000:]}")


def database_url(settings_dict: dict) -> str:
    """Return the DATABASE_URL of a Django database settings dict (the test database)."""
    password = urllib.parse.quote(settings_dict["PASSWORD"] or "", safe="")
    return (
        f"postgres://{settings_dict['USER']}:{password}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def server_env(*, database_url: str, redis_url: str, var_dir: Path, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        VAR_DIR=str(var_dir),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in extra.items()})
    (var_dir / "mail").mkdir(parents=True, exist_ok=True)
    return env


# --- a small HTTP client on the standard library ------------------------------------------------


def request(port: int, method: str, path: str, *, body: bytes = b"", headers=None, timeout=60):
    """Send one request on a new connection; return (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def csrf_pair(port: int, path: str) -> tuple[str, str]:
    """GET a form page; return its CSRF cookie and the token of its form."""
    status, headers, body = request(port, "GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    cookie = next(
        value.split(";", 1)[0]
        for name, value in headers
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def post_form(port: int, path: str, fields: dict, *, cookie: str, token: str) -> int:
    """POST an url-encoded form with the CSRF pair; return the status."""
    body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
    status, _headers, _body = request(
        port,
        "POST",
        path,
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    return status
