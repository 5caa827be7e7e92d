"""`manage.py deadline`: the exact first line, --explain, --list, and exit status 2 on bad input."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from pdp_portal.clock.rules import RULES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

ANSWERS = [
    (["rights.respond", "2026-03-02T09:30:00+07:00"], "2026-03-04T23:59:59+07:00"),
    (["rights.access.fulfil", "2026-03-02T09:30:00+07:00"], "2026-03-12T23:59:59+07:00"),
    (["breach.notify_agency", "2026-03-02T09:30:00+07:00"], "2026-03-05T09:30:00+07:00"),
    (["rights.respond", "2026-02-12T16:00:00+07:00"], "2026-02-23T23:59:59+07:00"),
    (["rights.cease.fulfil", "2026-04-11T10:00:00+07:00"], "2026-04-28T23:59:59+07:00"),
    (
        ["rights.access.fulfil", "2026-03-02T09:30:00+07:00", "--extend", "10"],
        "2026-03-23T23:59:59+07:00",
    ),
    (["rights.access.fulfil", "2026-03-02"], "2026-03-12T23:59:59+07:00"),
    (["rights.respond", "2026-03-01T18:30:00Z"], "2026-03-04T23:59:59+07:00"),
    (
        ["rights.access.fulfil", "2026-08-12T10:00:00+07:00", "--calendar", "public_sector"],
        "2026-08-22T23:59:59+07:00",
    ),
]

BAD = [
    ["rights.access.fulfil", "2026-03-02T09:30:00+07:00", "--extend", "11"],
    ["rights.respond", "2026-03-02T09:30:00+07:00", "--extend", "2"],
    ["rights.access.fulfil", "2026-03-02T09:30:00+07:00", "--extend", "ten"],
    ["rights.nope", "2026-03-02T09:30:00+07:00"],
    ["rights.respond", "2026-03-02T09:30"],
    ["rights.respond", "02/03/2026"],
    ["rights.respond", "2029-03-02T09:30:00+07:00"],
    ["rights.respond", "2026-03-02", "--calendar", "lunar"],
    ["rights.respond"],
]


def run(*args) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(("args", "due"), ANSWERS)
def test_the_first_line_is_the_due_instant(args, due):
    assert run(*args)[0] == due


@pytest.mark.parametrize("args", BAD)
def test_bad_input_is_an_error_with_status_2(args):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert error.value.returncode == 2
    assert "\n" not in str(error.value)


def test_explain_lists_the_days():
    lines = run("rights.cease.fulfil", "2026-04-11T10:00:00+07:00", "--explain")
    assert lines[0] == "2026-04-28T23:59:59+07:00"
    text = "\n".join(lines[1:])
    assert "26/04/2026" in text and "Giỗ Tổ Hùng Vương" in text
    assert "27/04/2026" in text and "nghỉ bù" in text
    assert "11/04/2026" in text


def test_list_prints_the_catalogue():
    lines = run("--list")
    assert len(lines) == len(RULES)
    assert any(line.startswith("rights.access.fulfil") and "5 khoản 3" in line for line in lines)


def _env() -> dict:
    # The subprocess reads the test database (the seeded calendar is committed by the migration).
    db = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    return env


def manage(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "deadline", *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


# A real process reads committed rows: the calendar is seeded outside any test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_real_process_prints_the_due_instant():
    done = manage("rights.access.fulfil", "2026-03-02T09:30:00+07:00", "--extend", "10")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "2026-03-23T23:59:59+07:00"


# A real process reads committed rows: the calendar is seeded outside any test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_real_process_refuses_an_extension_over_the_maximum_with_status_2():
    done = manage("rights.access.fulfil", "2026-03-02T09:30:00+07:00", "--extend", "11")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "10" in lines[0] and "Traceback" not in done.stderr


# A real process reads committed rows: the calendar is seeded outside any test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_real_process_refuses_a_start_without_offset_with_status_2():
    done = manage("rights.respond", "2026-03-02T09:30")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
