"""A consent given for a stated period ends when it runs out (Law 91/2025 Art. 9(4)(c)): the
sweeper records the expiry once, a newer answer stands, the command and the task run it."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction

from consents import expiry, keys, services, tasks
from consents.models import ConsentExpiry, ConsentRecord
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.calendars import VN_TZ

from .conftest import make_notice, record_data

pytestmark = pytest.mark.django_db

# Given on 31 January 2026 at 10:00, Vietnam time: 1 month later is 28 February (Civil Code
# 2015 Art. 147-148: that month's last day), ending at 23:59:59 that day, unmoved.
GIVEN_AT = dt.datetime(2026, 1, 31, 10, 0, tzinfo=VN_TZ)
ENDS_AT = dt.datetime(2026, 2, 28, 23, 59, 59, tzinfo=VN_TZ)


@pytest.fixture
def periodic(org):
    return make_notice(org, valid_months={"delivery": 1})


def _state(org):
    key = keys.subject_key(org, "email", "an.nguyen@example.vn")
    return {
        c: d.decision
        for c, d in services.current_state(services.subject_decisions(org, key)).items()
    }


def _give(org, **overrides):
    with time_machine.travel(GIVEN_AT, tick=False):
        record, _ = services.consent_record(
            actor="test", organization=org, **record_data(**overrides)
        )
    return record


def test_the_notice_states_the_period_and_the_receipt_its_end(org, periodic):
    assert periodic.snapshot["purposes"][0]["valid_months"] == 1
    record = _give(org)
    row = ConsentExpiry.objects.get()
    assert row.due_at == ENDS_AT and row.decision.purpose.code == "delivery"
    payload = __import__("consents.documents", fromlist=["x"]).receipt_payload_of(record)
    ends = {d["purpose"]: d.get("valid_until") for d in payload["decisions"]}
    assert ends == {"delivery": "2026-02-28T23:59:59+07:00", "ads": None}
    shown = __import__("consents.documents", fromlist=["x"]).receipt_context(record)["labels"]
    assert "28/02/2026" in shown["decisions"][0]["valid_until_label"]
    assert shown["decisions"][1]["valid_until_label"] == ""


def test_a_published_period_cannot_change(org, periodic):
    purpose = periodic.purposes.get(code="delivery")
    with pytest.raises(IntegrityError), transaction.atomic():
        type(purpose).objects.filter(pk=purpose.pk).update(valid_months=24)


def test_nothing_expires_before_the_end(org, periodic):
    _give(org)
    assert expiry.expire_due(now=ENDS_AT - dt.timedelta(seconds=1)) == 0
    assert _state(org)["delivery"] == "given"


def test_the_sweeper_records_the_expiry_once(org, periodic):
    first = _give(org)
    assert expiry.expire_due(now=ENDS_AT) == 1
    assert _state(org) == {"delivery": "expired", "ads": "refused"}
    ended = ConsentRecord.objects.exclude(pk=first.pk).get()
    assert ended.source == "expiry" and "Art. 9(4)(c)" in ended.evidence["description"]
    assert AuditEvent.objects.filter(action="consents.expire").count() == 1
    assert ConsentExpiry.objects.get().outcome == "expired"
    # A second run (or a second sweeper) finds nothing due.
    assert expiry.expire_due(now=ENDS_AT + dt.timedelta(days=1)) == 0
    assert ConsentRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="consents.expire").count() == 1


def test_a_newer_answer_before_the_end_supersedes_the_expiry(org, periodic):
    _give(org)
    with time_machine.travel(GIVEN_AT + dt.timedelta(days=10), tick=False):
        services.consent_withdraw(
            actor="test",
            organization=org,
            subject_key=keys.subject_key(org, "email", "an.nguyen@example.vn"),
            codes=("delivery",),
            source="test",
        )
        services.consent_record(
            actor="test", organization=org, **record_data(decisions={"delivery": "given"})
        )
    # The first consent's period ends; the second, given ten days later, still runs.
    assert expiry.expire_due(now=ENDS_AT) == 0
    assert _state(org)["delivery"] == "given"
    assert list(ConsentExpiry.objects.order_by("due_at").values_list("outcome", flat=True)) == [
        "superseded",
        "",
    ]
    assert expiry.expire_due(now=ENDS_AT + dt.timedelta(days=10)) == 1
    assert _state(org)["delivery"] == "expired"


def test_a_purpose_without_a_period_never_expires(org):
    make_notice(org)
    _give(org)
    assert not ConsentExpiry.objects.exists()
    assert expiry.expire_due(now=ENDS_AT + dt.timedelta(days=3650)) == 0


def test_the_sweep_runs_in_batches_and_touches_only_what_is_due(org, periodic):
    for i in range(5):
        _give(org, identifier=f"u{i}@example.vn")
    assert expiry.expire_due(now=ENDS_AT, batch=2, max_batches=2) == 4
    assert ConsentExpiry.objects.filter(done_at=None).count() == 1
    assert expiry.expire_due(now=ENDS_AT, batch=2) == 1


def test_the_command_and_the_task_run_the_sweep(org, periodic, capsys):
    _give(org)
    with time_machine.travel(ENDS_AT + dt.timedelta(minutes=1), tick=False):
        call_command("consents_expire")
        assert "expired=1" in capsys.readouterr().out
        assert tasks.expire() == 0


def test_beat_runs_both_sweeps(settings):
    tasks_run = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"consents.expire", "consents.sweep_links"} <= tasks_run


@pytest.mark.django_db(transaction=True)
def test_a_row_another_sweeper_holds_is_skipped_then_handled_once(org):
    import threading

    from django.db import connections

    make_notice(org, valid_months={"delivery": 1})
    _give(org)
    held, release = threading.Event(), threading.Event()

    def other_sweeper():
        # Another worker has claimed the row and not committed yet.
        with transaction.atomic():
            list(ConsentExpiry.objects.select_for_update())
            held.set()
            release.wait(30)
        connections.close_all()

    thread = threading.Thread(target=other_sweeper)
    thread.start()
    try:
        assert held.wait(30)
        assert expiry.expire_due(now=ENDS_AT) == 0  # skipped, not waited for
        assert ConsentExpiry.objects.get().done_at is None
    finally:
        release.set()
        thread.join()
    assert expiry.expire_due(now=ENDS_AT) == 1
    assert expiry.expire_due(now=ENDS_AT) == 0
