import os
import re
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import (
    KickThrottle,
    kick_relay,
    kick_throttle,
    outbox_enqueue_email,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

# Letters that only Vietnamese writes.
VIETNAMESE = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)

# A Monday: 10:00 on 2 March 2026 in Vietnam time.
EXPIRES = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _enqueue(key="test:1", language="vi", **extra):
    context = {
        "user": extra.pop("user", None),
        "uid": "MQ",
        "token": "abc-def",
        "expires_at": EXPIRES,
    }
    return outbox_enqueue_email(
        key=key,
        recipient=extra.pop("recipient", "lan@example.vn"),
        template="password_reset",
        context=context,
        language=language,
        **extra,
    )


def test_it_is_idempotent_on_the_key(dpo):
    first = _enqueue(user=dpo)

    again = _enqueue(user=dpo, recipient="someone-else@example.vn", language="en")

    assert again.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert OutboxMessage.objects.get().recipient == "lan@example.vn"


def test_it_queues_the_relay_once_per_new_message(dpo, django_capture_on_commit_callbacks):
    with (
        mock.patch("pdp_portal.notices.tasks.relay.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        _enqueue(user=dpo)
        _enqueue(user=dpo)

    assert len(callbacks) == 1
    apply_async.assert_called_once()


def test_the_relay_is_queued_only_after_the_commit(dpo, django_capture_on_commit_callbacks):
    with mock.patch("pdp_portal.notices.tasks.relay.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            _enqueue(user=dpo)
        assert not apply_async.called
        assert len(callbacks) == 1


def test_it_rolls_back_with_the_callers_transaction(dpo):
    with pytest.raises(RuntimeError), transaction.atomic():
        get_user_model().objects.create_user("khach", "khach@example.vn")
        _enqueue(user=dpo)
        raise RuntimeError("the change failed")

    assert not OutboxMessage.objects.exists()
    assert not get_user_model().objects.filter(username="khach").exists()


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_still_commits_the_message_and_the_change(dpo):
    with mock.patch(
        "pdp_portal.notices.tasks.relay.apply_async",
        side_effect=OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused."),
    ) as apply_async:
        with transaction.atomic():
            get_user_model().objects.create_user("khach", "khach@example.vn")
            message = _enqueue(user=dpo)

    apply_async.assert_called_once()
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.PENDING
    assert get_user_model().objects.filter(username="khach").exists()


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_does_not_fail_a_request(dpo):
    with mock.patch(
        "pdp_portal.notices.tasks.relay.apply_async", side_effect=OperationalError("down")
    ) as apply_async:
        response = Client().post(reverse("accounts:password_reset"), {"email": "dpo@example.vn"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    apply_async.assert_called_once()
    assert OutboxMessage.objects.filter(recipient="dpo@example.vn", status="pending").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_unreachable_broker_does_not_fail_a_request(dpo):
    # The real Redis client against a closed port, in a process configured that way from the
    # start, as a web server would be during an outage.
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0",
    }
    script = (
        "import time; from django.test import Client; t = time.monotonic(); "
        "r = Client(HTTP_HOST='localhost').post('/accounts/password/reset/', "
        "{'email': 'dpo@example.vn'}); print('RESULT', r.status_code, r['Location'], round(time.monotonic() - t, 1))"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("RESULT "))
    _, status, location, seconds = line.split()
    assert (status, location) == ("302", reverse("accounts:password_reset_done"))
    assert float(seconds) < 10
    assert "could not queue the outbox relay" in result.stderr
    assert OutboxMessage.objects.filter(recipient="dpo@example.vn", status="pending").count() == 1


def test_the_vietnamese_message_uses_vietnamese_dates(dpo):
    message = _enqueue(user=dpo, language="vi")

    assert "10:00 Thứ 2 02/03/2026" in message.body_text
    assert "giờ Việt Nam" in message.body_text
    assert message.language == "vi"
    assert "/accounts/password/reset/MQ/abc-def/" in message.body_text


def test_the_english_message_uses_english_dates(dpo):
    # The English catalogue of the portal's own strings comes later; Django's own catalogue
    # already gives the weekday, which proves the message is rendered in its own language.
    message = _enqueue(user=dpo, language="en")

    assert "10:00 Monday 02/03/2026" in message.body_text
    assert message.language == "en"


def test_the_language_does_not_leak_into_the_request(dpo):
    from django.utils import translation

    with translation.override("vi"):
        _enqueue(user=dpo, language="en")
        assert translation.get_language() == "vi"


def test_a_message_has_no_html_part_without_an_html_template(dpo):
    assert _enqueue(user=dpo).body_html == ""


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def _kick_at(throttle, clock, at):
    clock.now = at
    countdown = throttle.plan()
    if countdown is not None:
        throttle.published(countdown)
    return countdown


def test_the_throttle_sends_the_first_kick_at_once_and_one_trailing_kick_per_interval():
    clock = FakeClock()
    throttle = KickThrottle(interval=0.5, clock=clock)

    plans = [_kick_at(throttle, clock, 1000 + t) for t in (0, 0.01, 0.2, 0.49, 0.5, 0.7, 0.99)]

    # At once; then one kick queued for the end of the interval covers every commit before it;
    # a commit at that very instant is not covered and queues the next one.
    assert plans == [0.0, pytest.approx(0.49), None, None, pytest.approx(0.5), None, None]


def test_every_commit_is_followed_by_a_kick_that_runs_after_it():
    clock = FakeClock()
    throttle = KickThrottle(interval=0.5, clock=clock)
    runs = []  # when each published kick runs
    for i in range(400):
        at = 1000 + i * 0.013
        countdown = _kick_at(throttle, clock, at)
        if countdown is not None:
            runs.append(at + countdown)
        # The latest kick published runs no earlier than this commit.
        assert runs and max(runs) >= at

    # 5.2 seconds of commits, 400 of them: about two kicks a second, not 400.
    assert len(runs) <= 12


def test_after_a_quiet_interval_the_kick_goes_out_at_once_again():
    clock = FakeClock()
    throttle = KickThrottle(interval=0.5, clock=clock)
    _kick_at(throttle, clock, 1000)
    _kick_at(throttle, clock, 1000.1)

    assert _kick_at(throttle, clock, 1003) == 0.0


def test_an_unsent_kick_is_not_counted():
    # A broker outage: the kick fails, so the next commit tries again instead of being "covered".
    with mock.patch(
        "pdp_portal.notices.tasks.relay.apply_async", side_effect=OperationalError("down")
    ) as apply_async:
        kick_relay()
        kick_relay()

    assert apply_async.call_count == 2


def test_a_second_commit_at_once_queues_a_kick_with_a_countdown():
    with mock.patch("pdp_portal.notices.tasks.relay.apply_async") as apply_async:
        kick_relay()
        kick_relay()
        kick_relay()

    assert [c.kwargs["countdown"] for c in apply_async.call_args_list][0] is None
    assert len(apply_async.call_args_list) == 2
    assert 0 < apply_async.call_args_list[1].kwargs["countdown"] <= kick_throttle.interval


class _Blank(dict):
    """A context in which every name is present and false, however deep it is looked up.

    It prints as "x", so that a URL built from it still resolves."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return _Blank()

    def __getattr__(self, name):
        return _Blank()

    def __str__(self):
        return "x"

    def __bool__(self):
        return False

    def __iter__(self):
        return iter(())


def test_every_e_mail_template_reads_in_english_too():
    """No e-mail keeps Vietnamese text outside its translation tags (its data left empty)."""
    names = sorted(
        path.name.removesuffix("_body.txt")
        for path in (Path(settings.BASE_DIR) / "templates/notices/email").glob("*_body.txt")
    )
    assert "dossier_decision" in names and "rights_confirm" in names
    for name in names:
        for part in ("subject", "body"):
            with translation.override("en"):
                text = render_to_string(f"notices/email/{name}_{part}.txt", _Blank())
            assert not VIETNAMESE.search(text), (name, part, text)
