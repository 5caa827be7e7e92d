from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import MAX_ATTEMPTS, message_id_for, outbox_relay

pytestmark = pytest.mark.django_db

SEND = "django.core.mail.EmailMultiAlternatives.send"


def _message(key: str, recipient: str = "lan@example.vn") -> OutboxMessage:
    return OutboxMessage.objects.create(
        key=key,
        recipient=recipient,
        template="test",
        subject=f"Tiêu đề {key}",
        body_text=f"Nội dung {key}",
    )


def test_it_sends_pending_messages_once_and_marks_them_sent():
    first, second = _message("a"), _message("b")

    assert outbox_relay() == 2
    assert outbox_relay() == 0

    assert [m.subject for m in mail.outbox] == ["Tiêu đề a", "Tiêu đề b"]
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id_for("a")
    for message in (first, second):
        message.refresh_from_db()
        assert message.status == OutboxMessage.Status.SENT
        assert message.sent_at is not None
        assert message.attempts == 1


def test_it_sends_the_html_part_when_there_is_one():
    message = _message("html")
    OutboxMessage.objects.filter(pk=message.pk).update(body_html="<p>Nội dung</p>")

    outbox_relay()

    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_it_respects_the_batch_size():
    for i in range(5):
        _message(f"m{i}")

    assert outbox_relay(batch=3) == 3
    assert OutboxMessage.objects.filter(status="pending").count() == 2


def test_a_failed_send_waits_before_the_next_try():
    message = _message("flaky")
    with mock.patch(SEND, side_effect=SMTPServerDisconnected("gone")):
        assert outbox_relay() == 0
        # Straight away: not tried again, not in this run and not in the next.
        assert outbox_relay() == 0

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "gone"
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=50)

    with time_machine.travel(message.next_attempt_at + timedelta(seconds=1)):
        assert outbox_relay() == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 2
    assert message.next_attempt_at is None


def test_a_failing_message_does_not_hold_up_the_others():
    _message("bad", recipient="bad@example.vn")
    _message("good")

    def send(self, *args, **kwargs):
        if "bad@example.vn" in self.to:
            raise SMTPServerDisconnected("refused")
        return 1

    with mock.patch(SEND, send):
        assert outbox_relay() == 1

    assert OutboxMessage.objects.get(key="good").status == OutboxMessage.Status.SENT
    assert OutboxMessage.objects.get(key="bad").status == OutboxMessage.Status.PENDING


def test_it_gives_up_after_max_attempts():
    message = _message("doomed")
    now = timezone.now()
    with mock.patch(SEND, side_effect=SMTPServerDisconnected("gone")) as send:
        for _ in range(MAX_ATTEMPTS + 3):
            with time_machine.travel(now, tick=False):
                outbox_relay()
            now += timedelta(days=1)

    message.refresh_from_db()
    assert send.call_count == MAX_ATTEMPTS
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None


def test_the_waits_grow_until_the_last_attempt():
    message = _message("slow")
    waits = []
    now = timezone.now()
    with mock.patch(SEND, side_effect=SMTPServerDisconnected("gone")):
        for _ in range(MAX_ATTEMPTS - 1):
            with time_machine.travel(now, tick=False):
                outbox_relay()
            message.refresh_from_db()
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at

    assert waits == sorted(waits)
    assert waits[0] == timedelta(minutes=1)
    # An SMTP outage shorter than about two hours loses nothing.
    assert sum(waits, timedelta()) >= timedelta(hours=2)


def test_a_crash_after_sending_resends_with_the_same_message_id():
    message = _message("crash")
    real_save = OutboxMessage.save

    def crash_while_marking_sent(self, *args, **kwargs):
        if self.status == OutboxMessage.Status.SENT:
            raise SystemExit("worker killed")
        return real_save(self, *args, **kwargs)

    with (
        mock.patch.object(OutboxMessage, "save", crash_while_marking_sent),
        pytest.raises(SystemExit),
    ):
        outbox_relay()
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING

    assert outbox_relay() == 1
    # Sent at least once, never lost; the copy carries the same Message-ID, which lets the
    # receiving server drop it.
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [message_id_for("crash")] * 2


def test_a_full_batch_queues_the_next_run_at_once(monkeypatch):
    from pdp_portal.notices import tasks
    from pdp_portal.notices.services import RELAY_BATCH

    for i in range(RELAY_BATCH + 3):
        _message(f"backlog:{i}")
    queued = []
    monkeypatch.setattr(tasks.relay, "apply_async", lambda *a, **k: queued.append(1))
    assert tasks.relay() == RELAY_BATCH
    assert queued == [1]
    # The next run drains the rest and, with nothing left, queues nothing more.
    assert tasks.relay() == 3
    assert queued == [1]


def test_a_message_stored_to_render_later_is_rendered_by_the_relay_in_its_language():
    from datetime import UTC, datetime

    from pdp_portal.notices.services import _render, outbox_enqueue_email

    context = {
        "reference": "YC-ABCD-EFGH",
        "organization_name": "Công ty Cổ phần Ví Dụ",
        "type_label": "Access",
        "full_name": "Pham Thu Ha",
        "confirm_url": "https://portal.example/r/confirm/tok/",
        "expires_at": datetime(2026, 3, 9, 3, 0, tzinfo=UTC),
    }
    message = outbox_enqueue_email(
        key="later",
        recipient="ha@example.vn",
        template="rights_confirm",
        context=context,
        language="en",
        render_later=True,
    )
    stored = OutboxMessage.objects.get(pk=message.pk)
    assert (stored.subject, stored.body_text) == ("", "")
    assert outbox_relay() == 1
    subject, body, _html = _render("rights_confirm", context, "en")
    [sent] = mail.outbox
    assert (sent.subject, sent.body) == (subject, body)
    assert "10:00 Monday 09/03/2026" in sent.body  # the datetime came back as a datetime
    assert "Confirm request YC-ABCD-EFGH" in sent.subject
    # The row keeps what was sent, as every other message does.
    stored.refresh_from_db()
    assert (stored.status, stored.subject, stored.body_text) == ("sent", subject, body)
    assert stored.context == {}


def test_a_message_that_cannot_be_rendered_waits_and_is_retried():
    from pdp_portal.notices.services import outbox_enqueue_email

    outbox_enqueue_email(
        key="broken",
        recipient="ha@example.vn",
        template="no_such_template",
        context={},
        render_later=True,
    )
    assert outbox_relay() == 0
    stored = OutboxMessage.objects.get(key="broken")
    assert (stored.status, stored.attempts) == ("pending", 1)
    assert stored.next_attempt_at is not None and "no_such_template" in stored.last_error
