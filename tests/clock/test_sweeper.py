"""The sweeper, in process: stages in order, each once, catch-up, overdue, bounded cost."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock import services
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline, DeadlineReminder
from pdp_portal.clock.tasks import sweep as sweep_task
from pdp_portal.notices.models import Notification, OutboxMessage

from ..factories import add_member, make_user
from . import helpers
from .helpers import DUE, START, VN, insert_clocks

pytestmark = pytest.mark.django_db

Stage = DeadlineReminder.Stage

# When each stage of the clock above is reached (see services.reminder_schedule).
STAGE_TIMES = [
    (Stage.HALF, START + (DUE - START) / 2),  # Saturday 07/03 16:44:59.5
    (Stage.ONE_WORKING_DAY, dt.datetime(2026, 3, 11, tzinfo=VN)),  # start of Wednesday
    (Stage.DUE_TODAY, dt.datetime(2026, 3, 12, tzinfo=VN)),
    (Stage.OVERDUE, dt.datetime(2026, 3, 13, tzinfo=VN)),  # the second after 23:59:59
]


def travel(when):
    return time_machine.travel(when, tick=False)


def open_clock(org, *, responsible=None, rule="rights.access.fulfil", start=START):
    with travel(start + dt.timedelta(hours=1)):
        return helpers.open_clock(
            org, responsible=responsible, rule=rule, start=start, label="Yêu cầu truy cập #7"
        )


def ledger(deadline):
    return list(
        DeadlineReminder.objects.filter(deadline=deadline)
        .order_by("pk")
        .values_list("stage", flat=True)
    )


def test_the_schedule_of_a_ten_day_clock():
    assert (
        services.reminder_schedule(started_at=START, due_at=DUE, calendar="statutory")
        == STAGE_TIMES
    )


def test_a_stage_at_or_before_the_start_is_left_out():
    # 72 hours from Friday morning end on Monday: the last working day before is the start day.
    start = dt.datetime(2026, 3, 6, 10, 0, tzinfo=VN)
    schedule = services.reminder_schedule(
        started_at=start, due_at=start + dt.timedelta(hours=72), calendar="statutory"
    )
    assert [stage for stage, _ in schedule] == [Stage.HALF, Stage.DUE_TODAY, Stage.OVERDUE]


def test_stages_go_out_in_order_and_a_second_sweep_sends_nothing(org, dpo, staff):
    deadline = open_clock(org, responsible=staff)
    with travel(STAGE_TIMES[0][1] - dt.timedelta(minutes=1)):
        assert services.sweep() == 0
    for number, (stage, when) in enumerate(STAGE_TIMES, start=1):
        with travel(when + dt.timedelta(seconds=30)):
            assert services.sweep() == 1
            assert services.sweep() == 0
        assert ledger(deadline) == [s for s, _ in STAGE_TIMES[:number]]
        assert OutboxMessage.objects.count() == 2 * number
        assert set(
            OutboxMessage.objects.filter(key__contains=f":{stage}:").values_list(
                "recipient", flat=True
            )
        ) == {dpo.email, staff.email}
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE
    assert deadline.breached_at == DUE
    assert deadline.next_check_at is None
    assert Notification.objects.filter(user=dpo).count() == 4
    assert (
        AuditEvent.objects.filter(action="deadline.overdue", object_id=str(deadline.pk)).count()
        == 1
    )


def test_it_marks_overdue_only_after_the_due_second(org, dpo):
    deadline = open_clock(org)
    with travel(DUE + dt.timedelta(milliseconds=900)):
        services.sweep()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN
    with travel(DUE + dt.timedelta(seconds=1)):
        services.sweep()
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE


def test_after_an_outage_every_stage_is_recorded_and_only_the_latest_is_sent(org, dpo, staff):
    deadline = open_clock(org, responsible=staff)
    with travel(dt.datetime(2026, 3, 13, 1, 0, tzinfo=VN)):
        assert services.sweep() == 1
        assert services.sweep() == 0
    assert ledger(deadline) == [s for s, _ in STAGE_TIMES]
    assert {m.key for m in OutboxMessage.objects.all()} == {
        f"clock.reminder:{deadline.pk}:overdue:{dpo.pk}",
        f"clock.reminder:{deadline.pk}:overdue:{staff.pk}",
    }
    assert Notification.objects.filter(key__endswith=":overdue").count() == 2
    assert Notification.objects.count() == 2


def test_a_clock_opened_late_catches_up_with_one_reminder(org, dpo):
    # Registered on 11/03 for a request received on 02/03: half and one working day have passed.
    with travel(dt.datetime(2026, 3, 11, 9, 0, tzinfo=VN)):
        deadline = services.deadline_open(
            organization=org, rule="rights.access.fulfil", subject=org, started_at=START
        )
        assert deadline.next_check_at == STAGE_TIMES[0][1]
        assert services.sweep() == 1
    assert ledger(deadline) == [Stage.HALF, Stage.ONE_WORKING_DAY]
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == [
        f"clock.reminder:{deadline.pk}:one_working_day:{dpo.pk}"
    ]


def test_a_met_clock_gets_no_more_reminders(org, dpo):
    deadline = open_clock(org)
    with travel(dt.datetime(2026, 3, 4, tzinfo=VN)):
        services.deadline_meet(deadline=deadline, actor=dpo)
    with travel(dt.datetime(2026, 3, 20, tzinfo=VN)):
        assert services.sweep() == 0
    assert not DeadlineReminder.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_extension_moves_the_next_reminders(org, dpo):
    deadline = open_clock(org)
    with travel(dt.datetime(2026, 3, 12, 8, 0, tzinfo=VN)):
        services.sweep()  # half and one working day recorded, due today sent
        services.deadline_extend(deadline=deadline, days=10, reason="Phức tạp", actor=dpo)
    deadline.refresh_from_db()
    # Stages already sent are never sent again; what is left is the move to overdue.
    assert deadline.next_check_at == dt.datetime(2026, 3, 24, tzinfo=VN)
    with travel(dt.datetime(2026, 3, 13, 1, 0, tzinfo=VN)):
        assert services.sweep() == 0
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN
    with travel(dt.datetime(2026, 3, 24, 0, 0, 30, tzinfo=VN)):
        assert services.sweep() == 1
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE
    assert deadline.breached_at == dt.datetime(2026, 3, 23, 23, 59, 59, tzinfo=VN)


def test_reminders_go_to_the_responsible_person_and_the_dpos_only(
    org, other_org, dpo, staff, viewer, outsider
):
    second_dpo = make_user("dpo2")
    add_member(org, second_dpo, "dpo")
    open_clock(org, responsible=staff)
    with travel(STAGE_TIMES[0][1] + dt.timedelta(minutes=1)):
        services.sweep()
    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {
        dpo.email,
        second_dpo.email,
        staff.email,
    }
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "dpo",
        "dpo2",
        "staff",
    }


def test_agency_reminders_go_to_the_regulators(org, dpo, regulator):
    deadline = open_clock(org, rule="dossier.review")
    with travel(deadline.next_check_at + dt.timedelta(minutes=1)):
        assert services.sweep() == 1
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [regulator.email]
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["regulator"]


def test_the_email_names_the_rule_its_basis_and_the_due_date_in_vietnam_time(org, dpo):
    open_clock(org)
    with travel(dt.datetime(2026, 3, 12, 0, 5, tzinfo=VN)):
        services.sweep()
    message = OutboxMessage.objects.get()
    assert message.template == "deadline_reminder"
    assert "Yêu cầu truy cập #7" in message.subject
    assert "Hết hạn hôm nay" in message.subject
    assert "Nghị định 356/2025 Điều 5 khoản 3" in message.body_text
    assert "12/03/2026 23:59" in message.body_text
    assert "giờ Việt Nam" in message.body_text
    assert "rights.access.fulfil" in message.body_text


def _bulk_clocks(org, count, start):
    due = compute("rights.access.fulfil", start).due_at
    insert_clocks(org, count, rule="rights.access.fulfil", started_at=start, due_at=due)


def test_the_number_of_queries_does_not_grow_with_the_table(org, dpo):
    later = dt.datetime(2026, 3, 7, 9, 0, tzinfo=VN)  # half-way on 12/03: not due on 08/03
    with travel(dt.datetime(2026, 3, 8, 12, 0, tzinfo=VN)):
        _bulk_clocks(org, 3, START)
        _bulk_clocks(org, 3, later)
        with CaptureQueriesContext(connection) as small:
            assert services.sweep() == 3
        _bulk_clocks(org, 3, START)
        _bulk_clocks(org, 300, later)
        with CaptureQueriesContext(connection) as large:
            assert services.sweep() == 3
    assert len(large) == len(small)


def test_a_sweep_is_bounded(org, dpo):
    with travel(dt.datetime(2026, 3, 8, 12, 0, tzinfo=VN)):
        _bulk_clocks(org, 5, START)
        assert services.sweep(batch=2, max_batches=2) == 4
        assert services.sweep(batch=2, max_batches=2) == 1
        assert services.sweep(batch=2, max_batches=2) == 0


def test_the_claim_query_uses_the_partial_index(org):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = services._claim_query(dt.datetime(2026, 3, 8, tzinfo=VN), 100).explain()
    assert "deadline_next_check" in plan


def test_the_task_runs_one_sweep(org, dpo):
    open_clock(org)
    with travel(STAGE_TIMES[0][1] + dt.timedelta(minutes=1)):
        assert sweep_task.run() == 1
        assert sweep_task.run() == 0


def test_one_failing_deadline_does_not_hold_back_the_others(org, dpo, monkeypatch):
    with travel(dt.datetime(2026, 3, 8, 12, 0, tzinfo=VN)):
        _bulk_clocks(org, 3, START)
    broken = Deadline.objects.order_by("pk").first()
    real_notify = services._notify

    def notify(deadline, stage, people):
        if deadline.pk == broken.pk:
            raise RuntimeError("template exploded")
        return real_notify(deadline, stage, people)

    monkeypatch.setattr(services, "_notify", notify)
    when = dt.datetime(2026, 3, 8, 12, 0, tzinfo=VN)
    with travel(when):
        assert services.sweep() == 2
    broken.refresh_from_db()
    # Rolled back to its savepoint: nothing recorded, looked at again later.
    assert not DeadlineReminder.objects.filter(deadline=broken).exists()
    assert broken.next_check_at == when + services.SWEEP_RETRY_AFTER
    assert DeadlineReminder.objects.count() == 2
    monkeypatch.setattr(services, "_notify", real_notify)
    with travel(when + services.SWEEP_RETRY_AFTER):
        assert services.sweep() == 1
    assert OutboxMessage.objects.count() == 3


def test_a_retention_period_sends_no_reminder_and_never_goes_overdue(org, dpo):
    # breach.keep_record says how long to keep the record, not a date anyone must act by.
    deadline = open_clock(org, rule="breach.keep_record")
    assert deadline.next_check_at is None
    with travel(deadline.effective_due_at + dt.timedelta(days=2)):
        assert services.sweep() == 0
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN
    assert ledger(deadline) == []
