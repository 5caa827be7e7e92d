"""The sweeper on a real Celery worker (Redis, PostgreSQL): each reminder goes out once, whatever happens."""

import datetime as dt
import re
import time

import pytest
from django.utils import timezone

from pdp_portal.clock import services
from pdp_portal.clock.models import Deadline, DeadlineReminder
from pdp_portal.clock.tasks import sweep
from pdp_portal.notices.models import Notification, OutboxMessage

from ..conftest import WorkerProcess
from .conftest import seed_calendar
from .helpers import insert_clocks

pytestmark = pytest.mark.django_db(transaction=True)

SUCCEEDED = re.compile(r"Task clock\.sweep\[[^\]]+\] succeeded in [\d.]+s: (\d+)")


@pytest.fixture(scope="module", autouse=True)
def _calendar_seed_restored(django_db_blocker):
    """Leave the seeded calendar in place for the transactional tests of other apps after these."""
    yield
    with django_db_blocker.unblock():
        seed_calendar()


@pytest.fixture(autouse=True)
def _mail_in_tmp(tmp_path, monkeypatch):
    # Set before the worker starts: the relay it runs writes its e-mails here, not under var/.
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))


def make_clocks(org, count, *, started_at, due_at, rule="breach.notify_agency"):
    return insert_clocks(
        org,
        count,
        rule=rule,
        started_at=started_at,
        due_at=due_at,
        label_message="Vi phạm thử nghiệm",
    )


def quiet_span(now, *, before: dt.timedelta, after: dt.timedelta):
    """Return (started_at, due_at) around ``now`` with no reminder stage within 10 minutes of it.

    The tests run on the real clock: keeping stage instants away from ``now`` makes what is due
    the same when the rows are made and when the worker sweeps them.
    """
    for shift in range(0, 8 * 60, 15):
        started_at, due_at = now - before, now + after + dt.timedelta(minutes=shift)
        schedule = services.reminder_schedule(
            started_at=started_at, due_at=due_at, calendar="statutory"
        )
        if all(abs(at - now) > dt.timedelta(minutes=10) for _, at in schedule):
            return started_at, due_at
    raise AssertionError("no quiet span found")


def expected_stages(deadline, now):
    return [stage for stage, at in services._schedule_of(deadline) if at <= now]


def sweep_results(*workers) -> list[int]:
    return [int(n) for worker in workers for n in SUCCEEDED.findall(worker.output())]


def wait_for(predicate, timeout=90.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def assert_each_reminder_once(recipients: int):
    """One outbox message per recipient for each stage sent, and no stage recorded twice."""
    keys = list(OutboxMessage.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys))
    pairs = list(DeadlineReminder.objects.values_list("deadline_id", "stage"))
    assert len(pairs) == len(set(pairs))
    sent_stages = {tuple(key.split(":")[1:3]) for key in keys}
    assert len(keys) == len(sent_stages) * recipients
    assert Notification.objects.count() == len(keys)


def test_two_sweeps_at_once_send_each_reminder_once(celery_worker_process, tmp_path, org, dpo):
    now = timezone.now()
    # Past half-way through a 72-hour clock: one reminder each (the latest stage reached).
    started_at, due_at = quiet_span(
        now, before=dt.timedelta(hours=40), after=dt.timedelta(hours=32)
    )
    rows = make_clocks(org, 300, started_at=started_at, due_at=due_at)
    expected_ledger = sum(len(expected_stages(row, now)) for row in rows)
    second = WorkerProcess(tmp_path / "second")
    (tmp_path / "second").mkdir()
    second.start()
    try:
        sweep.apply_async(kwargs={"batch": 5, "max_batches": 1000})
        sweep.apply_async(kwargs={"batch": 5, "max_batches": 1000})
        wait_for(
            lambda: len(sweep_results(celery_worker_process, second)) == 2,
            what="both sweeps to finish",
        )
        first_sent, second_sent = sweep_results(celery_worker_process), sweep_results(second)
    finally:
        second.stop()
    # Together the two sweeps sent each reminder exactly once (how they shared the work depends
    # on which worker started first, so it is not asserted).
    assert first_sent[0] + second_sent[0] == len(rows)
    assert DeadlineReminder.objects.count() == expected_ledger
    assert OutboxMessage.objects.count() == len(rows)
    assert_each_reminder_once(recipients=1)
    assert not Deadline.objects.filter(next_check_at__lte=now).exists()


def test_a_worker_killed_mid_sweep_and_restarted_sends_each_reminder_once(
    celery_worker_process, org, dpo, staff
):
    now = timezone.now()
    started_at, due_at = quiet_span(
        now, before=dt.timedelta(hours=40), after=dt.timedelta(hours=32)
    )
    rows = make_clocks(org, 600, started_at=started_at, due_at=due_at)
    Deadline.objects.update(responsible=staff)
    stages_each = len(expected_stages(rows[0], now))
    sweep.apply_async(kwargs={"batch": 5, "max_batches": 1000})
    wait_for(lambda: OutboxMessage.objects.count() >= 100, what="the sweep to be under way")
    celery_worker_process.kill()
    done_before = DeadlineReminder.objects.count() // stages_each
    # Killed half-way: what committed stays, the batch in flight was rolled back with its lock.
    assert 50 <= done_before < len(rows)
    assert DeadlineReminder.objects.count() == done_before * stages_each
    assert OutboxMessage.objects.count() == 2 * done_before
    assert sweep_results(celery_worker_process) == []

    celery_worker_process.start()
    # Beat's next tick.
    sweep.apply_async(kwargs={"batch": 5, "max_batches": 1000})
    wait_for(lambda: len(sweep_results(celery_worker_process)) >= 1, what="the catch-up sweep")
    assert done_before + sum(sweep_results(celery_worker_process)) == len(rows)
    assert DeadlineReminder.objects.count() == len(rows) * stages_each
    assert OutboxMessage.objects.count() == 2 * len(rows)
    assert_each_reminder_once(recipients=2)

    sweep.apply_async(kwargs={"batch": 5, "max_batches": 1000})
    wait_for(lambda: len(sweep_results(celery_worker_process)) >= 2, what="a second sweep")
    assert sweep_results(celery_worker_process)[-1] == 0
    assert OutboxMessage.objects.count() == 2 * len(rows)


def test_beat_stopped_for_an_hour_catches_up_with_no_reminder_twice(
    celery_worker_process, org, dpo
):
    now = timezone.now()
    # Every stage of these passed while beat was down, the last (overdue) an hour ago.
    late = make_clocks(
        org, 40, started_at=now - dt.timedelta(hours=73), due_at=now - dt.timedelta(hours=1)
    )
    # These passed half-way an hour ago and are not due for days.
    started_at, due_at = quiet_span(
        now,
        before=dt.timedelta(days=10, hours=1),
        after=dt.timedelta(days=10) - dt.timedelta(hours=1),
    )
    halfway = make_clocks(org, 40, rule="rights.erase.fulfil", started_at=started_at, due_at=due_at)
    expected_ledger = sum(len(expected_stages(row, now)) for row in late + halfway)

    sweep.apply_async(kwargs={"batch": 10})
    sweep.apply_async(kwargs={"batch": 10})
    wait_for(lambda: len(sweep_results(celery_worker_process)) == 2, what="two sweeps")
    sent = sweep_results(celery_worker_process)
    assert sent == [80, 0]

    assert DeadlineReminder.objects.count() == expected_ledger
    assert all(expected_stages(row, now) == [services.Stage.HALF] for row in halfway)
    # Only the latest stage of each clock went out: overdue for the late ones, half for the others.
    assert OutboxMessage.objects.filter(key__contains=":overdue:").count() == len(late)
    assert OutboxMessage.objects.filter(key__contains=":half:").count() == len(halfway)
    assert OutboxMessage.objects.count() == len(late) + len(halfway)
    assert_each_reminder_once(recipients=1)
    assert Deadline.objects.filter(status=Deadline.Status.OVERDUE).count() == len(late)
    assert not Deadline.objects.filter(next_check_at__lte=timezone.now()).exists()
