import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pdp_portal.audit.models import AuditEvent, AuditHead
from pdp_portal.audit.services import audit_record
from tests.conftest import ROOT


def _append(n: int) -> list[AuditEvent]:
    return [
        audit_record(actor="test", action="test.step", summary=f"Bước {i}", data={"i": i})
        for i in range(n)
    ]


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue().strip()


def _broken() -> str:
    with pytest.raises(CommandError) as excinfo:
        _verify()
    return str(excinfo.value)


def _run_verify_command() -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
    }
    return subprocess.run(
        [sys.executable, "manage.py", "audit_verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.django_db
def test_it_prints_ok_with_the_number_of_events(org):
    _append(5)

    assert _verify() == f"OK {AuditEvent.objects.count()} events"
    assert AuditEvent.objects.count() >= 5


@pytest.mark.django_db
def test_an_empty_chain_is_ok():
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()

    assert _verify() == "OK 0 events"


@pytest.mark.django_db
def test_editing_one_summary_breaks_the_chain_at_that_event():
    events = _append(5)
    target = events[2]

    AuditEvent.objects.filter(pk=target.pk).update(summary="Bước đã bị sửa")

    message = _broken()
    assert f"event {target.pk}:" in message
    assert "edited" in message


@pytest.mark.django_db
def test_editing_the_data_or_the_time_is_also_noticed():
    events = _append(3)
    AuditEvent.objects.filter(pk=events[0].pk).update(data={"i": 99})
    assert f"event {events[0].pk}:" in _broken()


@pytest.mark.django_db
def test_rehashing_an_edited_event_breaks_the_next_link():
    events = _append(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.summary = "Bước đã bị sửa"
    AuditEvent.objects.filter(pk=forged.pk).update(
        summary=forged.summary, hash=forged.compute_hash()
    )

    assert f"event {events[2].pk}:" in _broken()


@pytest.mark.django_db
def test_deleting_an_event_names_the_one_after_it():
    events = _append(5)

    AuditEvent.objects.filter(pk=events[2].pk).delete()

    message = _broken()
    assert f"event {events[3].pk}:" in message
    assert "deleted" in message


@pytest.mark.django_db
def test_deleting_the_first_event_is_noticed():
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    events = _append(3)

    AuditEvent.objects.filter(pk=events[0].pk).delete()

    assert f"event {events[1].pk}:" in _broken()


@pytest.mark.django_db
def test_deleting_the_newest_events_is_noticed_through_the_head():
    events = _append(4)

    AuditEvent.objects.filter(pk__in=[events[2].pk, events[3].pk]).delete()

    message = _broken()
    assert f"event {events[3].pk}:" in message
    assert f"ends at event {events[1].pk}" in message


@pytest.mark.django_db
def test_a_deleted_tail_stays_noticed_after_new_appends():
    events = _append(3)
    AuditEvent.objects.filter(pk=events[2].pk).delete()

    later = _append(1)[0]

    assert f"event {later.pk}:" in _broken()


@pytest.mark.django_db
def test_deleting_the_head_is_noticed():
    events = _append(2)

    AuditHead.objects.all().delete()

    assert f"event {events[1].pk}:" in _broken()


@pytest.mark.django_db(transaction=True)
def test_the_command_line_prints_ok_then_names_the_edited_event():
    events = _append(4)

    result = _run_verify_command()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"OK {AuditEvent.objects.count()} events"

    AuditEvent.objects.filter(pk=events[1].pk).update(summary="sửa trộm")
    result = _run_verify_command()
    assert result.returncode != 0
    assert f"BROKEN at event {events[1].pk}:" in result.stderr
    assert "OK" not in result.stdout


@pytest.mark.django_db(transaction=True)
def test_the_command_line_names_the_event_after_a_deleted_one():
    events = _append(4)

    AuditEvent.objects.filter(pk=events[1].pk).delete()

    result = _run_verify_command()
    assert result.returncode != 0
    assert f"BROKEN at event {events[2].pk}:" in result.stderr


@pytest.mark.django_db
def test_postgresql_seals_awkward_content_exactly_as_python_does():
    # The append runs as one SQL statement that hashes the canonical text around the previous
    # hash; quotes, backslashes, Vietnamese, emoji and text that looks like the chain's own
    # fields must give the hash audit_verify computes.
    awkward = [
        'Tên "Nguyễn Văn A" \\ đã sửa',
        '"prev_hash":"' + "0" * 64 + '"',
        "dòng 1\ndòng 2\t 🚀",
    ]
    for i, text in enumerate(awkward):
        event = audit_record(
            actor="test",
            action="test.awkward",
            summary=text,
            data={"text": text, "n": [i, 1.5, None, True], "nested": {"z": text, "a": "ấ"}},
        )
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.hash == event.hash == stored.compute_hash()
        assert stored.summary == text
    assert _verify().startswith("OK")
    head = AuditHead.objects.get()
    assert head.last_event_id == event.pk and head.last_hash == event.hash
