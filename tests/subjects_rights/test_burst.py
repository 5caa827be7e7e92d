"""500 concurrent submissions over HTTP to gunicorn; Redis killed midway, e-mails sent after it is back.

The portal under test is a real gunicorn on the test database and on its own throwaway Redis
(cache, broker), with a real Celery worker. DESIGN section 4: a broker outage never loses or blocks a
request; the e-mails wait in the outbox until the relay runs again.
"""

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from celery import Celery
from django.db import connection

from pdp_portal.notices.models import OutboxMessage
from subjects_rights.models import RightsRequest

from .servers import (
    CeleryWorker,
    Gunicorn,
    RedisServer,
    csrf_pair,
    database_url,
    post_form,
    server_env,
)
from .test_public import form_data

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TOTAL = 500
REPEATED = 100  # keys sent twice, the two copies at the same moment (a double click)
KILL_AFTER = 150  # answers received before Redis is killed
CLIENTS = 24
RELAY_BATCH = 50  # notices.services.RELAY_BATCH: messages one relay run sends


def _jobs():
    jobs = []
    for n in range(TOTAL - REPEATED):
        copies = 2 if n < REPEATED else 1
        jobs += [(f"burst-{n}", f"burst{n}@example.vn")] * copies
    return jobs


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_burst_with_redis_killed_midway_loses_nothing(org, tmp_path):
    var = tmp_path / "var"
    redis = RedisServer(tmp_path).start()
    env = server_env(
        database_url=database_url(connection.settings_dict),
        redis_url=redis.url,
        var_dir=var,
        DJANGO_SETTINGS_MODULE="tests.subjects_rights.server_settings",
    )
    web = Gunicorn(tmp_path, env, workers=4).start()
    worker = CeleryWorker(tmp_path, env).start()
    restarted = None
    try:
        path = f"/r/{org.slug}/"
        cookie, token = csrf_pair(web.port, path)
        jobs = _jobs()
        assert len(jobs) == TOTAL
        answered = 0
        lock = threading.Lock()
        results = []

        def submit(job):
            nonlocal answered
            key, email = job
            started = time.monotonic()
            status = post_form(
                web.port, path, form_data(key=key, email=email), cookie=cookie, token=token
            )
            with lock:
                answered += 1
                results.append((status, time.monotonic() - started, started))
            return status

        began = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as pool:
            futures = [pool.submit(submit, job) for job in jobs]
            _wait(lambda: answered >= KILL_AFTER, 60, "the first answers")
            redis.kill()
            killed_at = time.monotonic()
            statuses = [future.result() for future in futures]
        burst_seconds = time.monotonic() - began

        # Every submission answered, none with a server error, each key stored once.
        assert len(statuses) == TOTAL
        assert not [s for s in statuses if s >= 500], web.output()[-3000:]
        assert set(statuses) == {302}, sorted(set(statuses))
        keys = list(RightsRequest.objects.values_list("idempotency_key", flat=True))
        assert len(keys) == len(set(keys)) == TOTAL - REPEATED
        assert set(keys) == {f"k-{key}" for key, _email in jobs}
        confirm_rows = OutboxMessage.objects.filter(key__startswith="rights.confirm:")
        assert confirm_rows.count() == TOTAL - REPEATED
        # The form answered at once while Redis was down, not after a broker timeout.
        during_outage = sorted(d for _s, d, started in results if started >= killed_at)
        assert len(during_outage) > 100
        assert during_outage[len(during_outage) // 2] < 2.0, during_outage[-10:]
        # With the broker gone, the relay was never asked: those e-mails wait in the outbox.
        waiting = confirm_rows.filter(status="pending").count()
        assert waiting > 0

        # Redis back (empty, as after a crash); the relay runs again and sends everything once.
        restarted = RedisServer(tmp_path, port=redis.port).start()
        # A worker that held unacknowledged tasks when Redis died may end with kombu's
        # "Unrecoverable error" instead of reconnecting; in production its supervisor
        # (docker-compose's restart policy, scripts/supervise.py) starts it again, and nothing
        # is lost: the tasks were not acknowledged and the e-mails wait in PostgreSQL.
        if worker.proc.poll() is not None or b"Unrecoverable error" in worker.log_path.read_bytes():
            worker.stop()
            (tmp_path / "after").mkdir()
            worker = CeleryWorker(tmp_path / "after", env).start()
        # Not the current app: the test process's own tasks keep the suite's broker.
        broker = Celery("burst-test", broker=restarted.url, set_as_current=False)
        for _ in range(math.ceil(waiting / RELAY_BATCH) + 1):
            broker.send_task("notices.relay", queue="celery")
        _wait(
            lambda: not confirm_rows.exclude(status="sent").exists(),
            40,
            f"the relay; worker log: {worker.output()[-2000:]}",
        )
        assert set(confirm_rows.values_list("attempts", flat=True)) == {1}
        mails = [p.read_text(errors="replace") for p in (var / "mail").iterdir()]
        for n in range(TOTAL - REPEATED):
            assert sum(f"To: burst{n}@example.vn" in mail for mail in mails) == 1
        print(
            f"\nburst: {TOTAL} submissions in {burst_seconds:.1f}s, Redis killed after "
            f"{KILL_AFTER}; {waiting} e-mails waited for the relay"
        )
    finally:
        worker.stop()
        web.stop()
        redis.kill()
        if restarted:
            restarted.kill()
