"""The relay with real Celery workers on Redis, racing each other and the test process."""

import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from kombu.exceptions import OperationalError

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import message_id_for, outbox_enqueue_email, outbox_relay
from pdp_portal.notices.tasks import relay
from tests.conftest import WorkerProcess

pytestmark = pytest.mark.worker

MESSAGES = 60
THREADS = 3


@pytest.fixture
def celery_worker_env(tmp_path):
    # settings.py writes e-mails as files under VAR_DIR/mail when EMAIL_HOST is empty.
    return {"VAR_DIR": str(tmp_path / "var"), "EMAIL_HOST": ""}


@pytest.fixture
def mail_dir(tmp_path, settings):
    """Where every process writes its e-mails: the workers and this test process alike."""
    path = tmp_path / "var" / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(path)
    return path


@pytest.fixture
def second_worker(celery_worker_process, tmp_path, celery_worker_env):
    directory = tmp_path / "second"
    directory.mkdir()
    worker = WorkerProcess(directory, extra_args=["--hostname", "second@%h"], env=celery_worker_env)
    worker.start()
    yield worker
    worker.stop()


def _enqueue(key: str):
    return outbox_enqueue_email(
        key=key,
        recipient=f"{key.replace(':', '-')}@example.vn",
        template="password_reset",
        context={"uid": "MQ", "token": key, "expires_at": datetime(2026, 3, 2, tzinfo=UTC)},
    )


def _sent_message_ids(mail_dir) -> Counter:
    ids = Counter()
    for path in mail_dir.glob("*.log"):
        ids.update(re.findall(r"^Message-ID: (<[^>]+>)$", path.read_text(), flags=re.MULTILINE))
    return ids


def _wait_until_nothing_pending(timeout: float = 60):
    deadline = time.monotonic() + timeout
    while OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).exists():
        assert time.monotonic() < deadline, "the relay did not send everything in time"
        time.sleep(0.2)


def test_each_message_is_sent_exactly_once_with_relays_racing(
    celery_worker_process, second_worker, mail_dir
):
    keys = [f"race:{i}" for i in range(MESSAGES)]
    start = threading.Barrier(THREADS + 1)
    sent_here = []

    def relay_from_the_test_process():
        try:
            start.wait()
            sent_here.append(outbox_relay(batch=MESSAGES))
        finally:
            connection.close()

    threads = [threading.Thread(target=relay_from_the_test_process) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    # The commit queues a relay on a worker, five more follow, and three threads relay here too.
    with transaction.atomic():
        for key in keys:
            _enqueue(key)
    start.wait()
    for _ in range(5):
        relay.delay()
    for thread in threads:
        thread.join(60)
    _wait_until_nothing_pending()
    # A warm shutdown lets every relay still running finish before the files are counted.
    second_worker.stop()
    celery_worker_process.stop()

    ids = _sent_message_ids(mail_dir)
    assert sum(ids.values()) == MESSAGES
    assert set(ids) == {message_id_for(key) for key in keys}
    assert max(ids.values()) == 1
    assert (
        OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, attempts=1).count()
        == MESSAGES
    )


def test_messages_written_while_the_broker_was_down_go_out_later(celery_worker_process, mail_dir):
    with mock.patch(
        "pdp_portal.notices.tasks.relay.apply_async", side_effect=OperationalError("down")
    ):
        for i in range(3):
            _enqueue(f"outage:{i}")
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 3

    # What the beat schedule does every 30 seconds once Redis is back.
    relay.delay()
    _wait_until_nothing_pending()
    celery_worker_process.stop()

    assert set(_sent_message_ids(mail_dir)) == {message_id_for(f"outage:{i}") for i in range(3)}
