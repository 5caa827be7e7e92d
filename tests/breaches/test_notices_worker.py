import datetime as dt
import time

import pytest
from django.utils import timezone

from breaches import services
from pdp_portal.notices.models import OutboxMessage

from .conftest import make_breach

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_notices_are_sent_once_each_by_a_real_worker(
    celery_worker_process, org, dpo, settings, tmp_path
):
    breach = make_breach(
        org,
        dpo,
        discovered_at=timezone.now() - dt.timedelta(hours=1),
        sensitive_data_types=["location"],
    )
    notice = services.notice_create(actor=dpo, breach=breach, **services.notice_defaults(breach))
    rows = "".join(f"nguoi{i}@example.vn,Người {i}\n" for i in range(5))
    result = services.notice_set_recipients(actor=dpo, notice=notice, data=rows.encode())
    assert result.ok
    assert services.notice_send(actor=dpo, notice=notice) == 5
    with pytest.raises(services.InvalidTransition):
        services.notice_send(actor=dpo, notice=notice)

    messages = OutboxMessage.objects.filter(template="breach_subject_notice")
    assert _wait(lambda: messages.filter(status="sent").count() == 5), (
        celery_worker_process.output()[-3000:]
    )
    # Running the relay again sends nothing more: each person got exactly one e-mail.
    from pdp_portal.notices.tasks import relay

    relay.delay()
    time.sleep(1.5)
    assert messages.count() == 5
    assert set(messages.values_list("attempts", flat=True)) == {1}
