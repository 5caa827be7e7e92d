import importlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import translation

from pdp_portal.clock.calendars import clear_cache

from .celery_worker import celery_worker_command
from .factories import make_member, make_organization, make_regulator, make_totp

ROOT = Path(__file__).resolve().parent.parent

pytest_plugins = ["tests.browser"]


def pytest_configure(config):
    # The suite runs on the real services only: `make test` starts PostgreSQL and Redis.
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        pytest.exit(
            "Run the tests with `make test` (or under .ci/with-services): they need PostgreSQL and Redis.",
            2,
        )


_seed_migration = importlib.import_module("pdp_portal.clock.migrations.0002_seed_calendar")
_seed_years = importlib.import_module(
    "pdp_portal.clock.migrations.0004_year_status_unsettled_days_label_keys"
)


def seed_calendar() -> None:
    """Write the rows of the calendar's data migration again (a transactional test flushes them)."""
    _seed_migration.seed(apps, None)
    _seed_years.seed(apps, None)
    clear_cache(announce=False)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return (
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.fixture(autouse=True)
def _fresh_calendar(request):
    # The calendars are cached per process: a test's rolled-back adjustments must not leak, and
    # a transactional test (which flushes the tables) gets the seeded calendar back.
    clear_cache(announce=False)
    if _transactional(request):
        request.getfixturevalue("transactional_db")
        seed_calendar()
    elif "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        # A transactional test flushes the seeded rows when it ends. In one process the suite
        # runs such tests last; under pytest-xdist a process takes files in any order, so a
        # test that finds the calendar gone seeds it again, inside its own rolled-back transaction.
        request.getfixturevalue("db")
        from pdp_portal.clock.models import CalendarYear

        if not CalendarYear.objects.exists():
            seed_calendar()
    yield
    clear_cache(announce=False)


@pytest.fixture(autouse=True)
def _language_of_the_portal():
    # A page read in English leaves English active in this thread (the locale middleware
    # activates the reader's language): each test starts, and ends, in the portal's default.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_relay_throttle():
    # Each test starts as a process that has not kicked the relay yet: a kick planned by the
    # test before must not cover (and so silence) this test's first one.
    from pdp_portal.notices.services import kick_throttle

    kick_throttle.reset()
    yield
    kick_throttle.reset()


@pytest.fixture(scope="session")
def _signing_key_file(tmp_path_factory):
    return tmp_path_factory.mktemp("keys") / "signing-key.jwk"


@pytest.fixture(autouse=True)
def _own_audit_witness(settings, tmp_path, _signing_key_file):
    # Each test keeps its own copy of the checkpoints outside the database: a checkpoint a test
    # signed before (on a database since flushed) must not be held against this test's log.
    settings.AUDIT_WITNESS_FILE = tmp_path / "audit-witness.jws"
    settings.SIGNING_KEY_FILE = _signing_key_file
    settings.SIGNING_KEY = ""


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 at full strength costs most of a second per user or login on these machines; the
    # tests are about the flows, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login(client, user):
    """Log ``user`` in with a verified second factor, as after a real TOTP login."""
    device = user.totpdevice_set.filter(confirmed=True).first() or make_totp(user)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def org(db):
    return make_organization(name="Công ty TNHH Hoa Sen")


@pytest.fixture
def other_org(db):
    return make_organization(name="Công ty Cổ phần Sông Hồng")


@pytest.fixture
def dpo(org):
    return make_member(org, "dpo", "dpo", first_name="Lan", last_name="Nguyễn")


@pytest.fixture
def staff(org):
    return make_member(org, "staff", "staff")


@pytest.fixture
def viewer(org):
    return make_member(org, "viewer", "viewer")


@pytest.fixture
def outsider(other_org):
    """The DPO of another organisation."""
    return make_member(other_org, "outsider", "dpo")


@pytest.fixture
def regulator(db):
    return make_regulator("regulator")


@pytest.fixture
def tmp_media(settings, tmp_path):
    """Store the test's uploads under its own temporary folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(db, settings, tmp_path):
    """Return the people of the reader-language tests (tests.reader_leaks.make_cast)."""
    from .reader_leaks import make_cast

    # A test client's request leaves its language active in the thread: the next tests must
    # not inherit an English reader's.
    with translation.override(settings.LANGUAGE_CODE):
        yield make_cast(settings, tmp_path)


@pytest.fixture
def as_user(client):
    """Return a function that logs a user in (with a verified second factor) and returns the client."""

    def _as(user):
        if user is None:
            client.logout()
            return client
        return login(client, user)

    return _as


def _worker_env(extra: dict | None = None) -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(extra or {})
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    env["REDIS_URL"] = settings.CELERY_BROKER_URL
    env["PYTHONUNBUFFERED"] = "1"
    return env


class WorkerProcess:
    """A real Celery worker in a subprocess, on the test database and the test Redis."""

    def __init__(
        self, tmp_path: Path, queues: str = "celery,pdf", extra_args=(), env: dict | None = None
    ):
        self.log_path = tmp_path / "celery-worker.log"
        self.env = env or {}
        self.queues = queues
        self.extra_args = list(extra_args)
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30.0):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            celery_worker_command(self.queues, *self.extra_args),
            cwd=ROOT,
            env=_worker_env(self.env),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"celery worker exited: {self.log_path.read_text(errors='replace')[-3000:]}"
                )
            time.sleep(0.1)
        raise RuntimeError(
            f"celery worker not ready: {self.log_path.read_text(errors='replace')[-3000:]}"
        )

    def kill(self):
        """SIGKILL the whole worker process group, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def celery_worker_env():
    """Extra environment variables for the worker subprocess; override the fixture to set some."""
    return {}


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path, celery_worker_env):
    """Start a real Celery worker on Redis (purging stale messages first); stop it after the test."""
    from pdp_portal.celery import app

    app.control.purge()
    worker = WorkerProcess(tmp_path, env=celery_worker_env)
    worker.start()
    yield worker
    worker.stop()
