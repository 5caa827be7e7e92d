"""Deadline services: open, meet, extend, cancel, recompute; every legal and illegal move."""

import datetime as dt

import pytest
import time_machine

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock import services
from pdp_portal.clock.counting import ClockError, compute
from pdp_portal.clock.models import CalendarAdjustment, Deadline
from pdp_portal.clock.services import InvalidTransition

from .helpers import DUE, START, VN, open_clock

pytestmark = pytest.mark.django_db

Status = Deadline.Status


@pytest.fixture
def at_day_two():
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 0, tzinfo=VN), tick=False) as traveller:
        yield traveller


def events(action):
    return AuditEvent.objects.filter(action=action)


def snapshot(deadline):
    deadline.refresh_from_db()
    return {f.attname: getattr(deadline, f.attname) for f in Deadline._meta.concrete_fields}


def set_status(deadline, status):
    Deadline.objects.filter(pk=deadline.pk).update(status=status)
    deadline.refresh_from_db()


# --- open ----------------------------------------------------------------------------------------


def test_it_opens_a_clock_with_the_due_date_counting_gives(at_day_two, org, staff):
    deadline = open_clock(org, responsible=staff)
    assert deadline.due_at == DUE == compute("rights.access.fulfil", START).due_at
    assert deadline.status == Status.OPEN
    assert deadline.party == Deadline.Party.ORGANIZATION
    assert deadline.calendar == "statutory"
    assert deadline.subject == org
    assert deadline.responsible == staff
    # The first thing the sweeper will do: the half-period reminder.
    assert deadline.next_check_at == START + (DUE - START) / 2
    event = events("deadline.open").get()
    assert event.object_id == str(deadline.pk)
    assert event.organization == org


def test_organisation_clocks_count_on_the_organisations_calendar(at_day_two, org):
    org.calendar = "public_sector"
    org.save(update_fields=["calendar"])
    assert open_clock(org).calendar == "public_sector"


def test_agency_clocks_count_on_the_public_sector_calendar(at_day_two, org):
    deadline = open_clock(org, rule="dossier.review")
    assert deadline.party == Deadline.Party.AGENCY
    assert deadline.calendar == "public_sector"


def test_it_refuses_an_unknown_rule_and_writes_nothing(at_day_two, org):
    with pytest.raises(ClockError):
        open_clock(org, rule="rights.nothing")
    assert not Deadline.objects.exists()
    assert not events("deadline.open").exists()


def test_it_refuses_a_start_without_a_time_zone(at_day_two, org):
    with pytest.raises(ClockError):
        open_clock(org, start=dt.datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001 - the point of the test
    assert not Deadline.objects.exists()


def test_deadlines_for_returns_the_clocks_of_one_object(at_day_two, org, other_org):
    first = open_clock(org)
    second = open_clock(org, rule="rights.respond")
    open_clock(other_org)
    assert list(services.deadlines_for(org)) == [second, first]


# --- meet ----------------------------------------------------------------------------------------


def test_it_meets_a_clock(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_meet(deadline=deadline, actor=dpo)
    assert deadline.status == Status.MET
    assert deadline.met_at == dt.datetime(2026, 3, 3, 10, 0, tzinfo=VN)
    assert deadline.breached_at is None
    assert deadline.next_check_at is None
    assert snapshot(deadline)["status"] == Status.MET
    assert events("deadline.meet").get().actor == dpo


def test_a_late_answer_keeps_its_breach(org, dpo):
    with time_machine.travel(dt.datetime(2026, 3, 3, tzinfo=VN), tick=False):
        deadline = open_clock(org)
    with time_machine.travel(dt.datetime(2026, 3, 14, tzinfo=VN), tick=False):
        services.deadline_meet(deadline=deadline, actor=dpo)
    assert deadline.status == Status.MET
    assert deadline.breached_at == DUE


def test_an_answer_at_the_due_second_is_on_time(org, dpo):
    with time_machine.travel(dt.datetime(2026, 3, 3, tzinfo=VN), tick=False):
        deadline = open_clock(org)
    with time_machine.travel(DUE + dt.timedelta(milliseconds=500), tick=False):
        services.deadline_meet(deadline=deadline, actor=dpo)
    assert deadline.breached_at is None


@pytest.mark.parametrize(
    "at",
    [START - dt.timedelta(minutes=1), dt.datetime(2026, 3, 4, tzinfo=VN)],
    ids=["before", "future"],
)
def test_it_refuses_a_meeting_time_before_the_start_or_in_the_future(at_day_two, org, dpo, at):
    deadline = open_clock(org)
    before = snapshot(deadline)
    with pytest.raises(ClockError):
        services.deadline_meet(deadline=deadline, at=at, actor=dpo)
    assert snapshot(deadline) == before


# --- extend --------------------------------------------------------------------------------------


def test_it_extends_once_as_a_new_period_after_the_original(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_extend(
        deadline=deadline, days=10, reason="Dữ liệu lưu ở nhiều hệ thống", actor=dpo
    )
    # Issue 3: 12/03 + 10 days is Sunday 22/03, moved to Monday 23/03.
    assert deadline.extended_due_at == dt.datetime(2026, 3, 23, 23, 59, 59, tzinfo=VN)
    assert deadline.due_at == DUE
    assert deadline.effective_due_at == deadline.extended_due_at
    assert deadline.extension_days == 10
    assert deadline.extension_reason == "Dữ liệu lưu ở nhiều hệ thống"
    event = events("deadline.extend").get()
    assert event.data["days"] == 10
    assert event.actor == dpo


def test_it_refuses_a_second_extension(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_extend(deadline=deadline, days=3, reason="Lần một", actor=dpo)
    before = snapshot(deadline)
    with pytest.raises(ClockError, match="một lần"):
        services.deadline_extend(deadline=deadline, days=3, reason="Lần hai", actor=dpo)
    assert snapshot(deadline) == before
    assert events("deadline.extend").count() == 1


@pytest.mark.parametrize("days", [11, 0, -1])
def test_it_refuses_an_extension_outside_the_rules_maximum_and_changes_nothing(
    at_day_two, org, dpo, days
):
    deadline = open_clock(org)
    before = snapshot(deadline)
    audit_count = AuditEvent.objects.count()
    with pytest.raises(ClockError):
        services.deadline_extend(deadline=deadline, days=days, reason="Quá dài", actor=dpo)
    assert snapshot(deadline) == before
    assert AuditEvent.objects.count() == audit_count


def test_it_refuses_an_extension_without_a_reason(at_day_two, org, dpo):
    deadline = open_clock(org)
    before = snapshot(deadline)
    with pytest.raises(ClockError, match="lý do"):
        services.deadline_extend(deadline=deadline, days=5, reason="  ", actor=dpo)
    assert snapshot(deadline) == before


def test_it_refuses_to_extend_a_rule_without_extensions(at_day_two, org, dpo):
    deadline = open_clock(org, rule="rights.respond")
    before = snapshot(deadline)
    with pytest.raises(ClockError):
        services.deadline_extend(deadline=deadline, days=1, reason="Phức tạp", actor=dpo)
    assert snapshot(deadline) == before


def test_it_refuses_to_extend_a_period_that_has_ended(org, dpo):
    with time_machine.travel(dt.datetime(2026, 3, 3, tzinfo=VN), tick=False):
        deadline = open_clock(org)
    with time_machine.travel(dt.datetime(2026, 3, 13, 0, 0, 5, tzinfo=VN), tick=False):
        before = snapshot(deadline)
        with pytest.raises(ClockError, match="kết thúc"):
            services.deadline_extend(deadline=deadline, days=5, reason="Muộn", actor=dpo)
    assert snapshot(deadline) == before


# --- cancel --------------------------------------------------------------------------------------


def test_it_cancels_with_a_reason(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_cancel(deadline=deadline, actor=dpo, reason="Chủ thể rút yêu cầu")
    assert deadline.status == Status.CANCELLED
    assert deadline.cancelled_at is not None
    assert deadline.next_check_at is None
    assert events("deadline.cancel").get().data == {"reason": "Chủ thể rút yêu cầu"}


def test_it_refuses_to_cancel_without_a_reason(at_day_two, org, dpo):
    deadline = open_clock(org)
    before = snapshot(deadline)
    with pytest.raises(ClockError):
        services.deadline_cancel(deadline=deadline, actor=dpo, reason="")
    assert snapshot(deadline) == before


# --- recompute -----------------------------------------------------------------------------------


def add_day_off(day, calendar="statutory"):
    CalendarAdjustment.objects.create(
        date=day,
        kind="day_off",
        calendar=calendar,
        name_vi="Ngày nghỉ thử nghiệm",
        legal_document="Quyết định thử nghiệm",
    )


def test_it_recomputes_after_a_calendar_adjustment(at_day_two, org, dpo):
    deadline = open_clock(org)
    add_day_off(dt.date(2026, 3, 12))
    services.deadline_recompute(deadline=deadline, actor=dpo)
    assert deadline.due_at == dt.datetime(2026, 3, 13, 23, 59, 59, tzinfo=VN)
    event = events("deadline.recompute").get()
    assert event.data["old_due_at"] == DUE.isoformat()


def test_it_recomputes_an_extended_clock_keeping_its_extension(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_extend(deadline=deadline, days=10, reason="Phức tạp", actor=dpo)
    add_day_off(dt.date(2026, 3, 23))
    services.deadline_recompute(deadline=deadline, actor=dpo)
    assert deadline.due_at == DUE
    assert deadline.extended_due_at == dt.datetime(2026, 3, 24, 23, 59, 59, tzinfo=VN)


def test_a_recompute_that_changes_nothing_writes_no_event(at_day_two, org, dpo):
    deadline = open_clock(org)
    before = snapshot(deadline)
    services.deadline_recompute(deadline=deadline, actor=dpo)
    assert snapshot(deadline) == before
    assert not events("deadline.recompute").exists()


def test_a_recompute_that_moves_the_due_date_into_the_future_reopens_an_overdue_clock(org, dpo):
    with time_machine.travel(dt.datetime(2026, 3, 3, tzinfo=VN), tick=False):
        deadline = open_clock(org)
    with time_machine.travel(dt.datetime(2026, 3, 13, 8, 0, tzinfo=VN), tick=False):
        services.sweep()
        deadline.refresh_from_db()
        assert deadline.status == Status.OVERDUE
        add_day_off(dt.date(2026, 3, 12))
        services.deadline_recompute(deadline=deadline, actor=dpo)
    assert deadline.status == Status.OPEN
    assert deadline.breached_at is None
    assert deadline.due_at == dt.datetime(2026, 3, 13, 23, 59, 59, tzinfo=VN)
    # The sweeper will look again when the new period ends.
    assert deadline.next_check_at == dt.datetime(2026, 3, 14, tzinfo=VN)


# --- every move, legal and illegal ---------------------------------------------------------------


def _meet(deadline, user):
    return services.deadline_meet(deadline=deadline, actor=user)


def _cancel(deadline, user):
    return services.deadline_cancel(deadline=deadline, actor=user, reason="Không còn cần")


def _extend(deadline, user):
    return services.deadline_extend(deadline=deadline, days=2, reason="Phức tạp", actor=user)


def _recompute(deadline, user):
    return services.deadline_recompute(deadline=deadline, actor=user)


ACTIONS = {"meet": _meet, "cancel": _cancel, "extend": _extend, "recompute": _recompute}
LEGAL = {
    (Status.OPEN, "meet"): Status.MET,
    (Status.OPEN, "cancel"): Status.CANCELLED,
    (Status.OPEN, "extend"): Status.OPEN,
    (Status.OPEN, "recompute"): Status.OPEN,
    (Status.OVERDUE, "meet"): Status.MET,
    (Status.OVERDUE, "cancel"): Status.CANCELLED,
    # Marked overdue while its due date is still ahead: a recompute puts it back on track.
    (Status.OVERDUE, "recompute"): Status.OPEN,
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("status", [s.value for s in Status])
def test_every_move_from_every_status(at_day_two, org, dpo, status, action):
    deadline = open_clock(org)
    set_status(deadline, status)
    if (status, action) in LEGAL:
        ACTIONS[action](deadline, dpo)
        assert snapshot(deadline)["status"] == LEGAL[(status, action)]
    else:
        before = snapshot(deadline)
        with pytest.raises(InvalidTransition) as excinfo:
            ACTIONS[action](deadline, dpo)
        assert excinfo.value.current == status
        assert snapshot(deadline) == before


def test_the_transition_table_names_every_status():
    assert set(services.TRANSITIONS) == set(Status.values)
    assert services.TRANSITIONS[Status.MET] == set()
    assert services.TRANSITIONS[Status.CANCELLED] == set()


def test_an_invalid_transition_is_a_clock_error_with_a_readable_message(at_day_two, org, dpo):
    deadline = open_clock(org)
    services.deadline_meet(deadline=deadline, actor=dpo)
    with pytest.raises(ClockError, match="Không thể chuyển"):
        services.deadline_cancel(deadline=deadline, actor=dpo, reason="x")


def test_it_hands_running_clocks_to_a_new_responsible_person(at_day_two, org, dpo, staff):
    running = open_clock(org, responsible=dpo)
    done = open_clock(org, responsible=dpo, rule="rights.respond")
    services.deadline_meet(deadline=done, actor=dpo)
    assert services.deadlines_set_responsible(subject=org, responsible=staff, actor=dpo) == 1
    running.refresh_from_db()
    done.refresh_from_db()
    assert running.responsible == staff
    # A clock that is over keeps who was responsible when it ran.
    assert done.responsible == dpo
    assert events("deadline.responsible").count() == 1
    # Handing it to the same person again changes and audits nothing.
    assert services.deadlines_set_responsible(subject=org, responsible=staff, actor=dpo) == 0
    assert events("deadline.responsible").count() == 1
