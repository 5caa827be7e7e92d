"""E-mails go out once, through a real Celery worker on Redis."""

import re
import time

import pytest
from django.test import Client

from pdp_portal.notices.models import OutboxMessage
from subjects_rights.models import RightsRequest, Status

from .test_public import form_data

pytestmark = pytest.mark.worker


@pytest.fixture
def mail_dir(tmp_path, monkeypatch):
    """Point the worker's file e-mail backend at a fresh folder (set before the worker starts)."""
    var = tmp_path / "var"
    (var / "mail").mkdir(parents=True)
    monkeypatch.setenv("VAR_DIR", str(var))
    return var / "mail"


def _wait_sent(keys, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(OutboxMessage.objects.filter(key__in=keys))
        if rows and all(row.status == "sent" for row in rows) and len(rows) == len(keys):
            return rows
        time.sleep(0.2)
    raise AssertionError(
        f"not sent in time: {list(OutboxMessage.objects.values_list('key', 'status'))}"
    )


def test_confirmation_flow_mails_go_out_once(mail_dir, celery_worker_process, org):
    client = Client()
    assert client.post(f"/r/{org.slug}/", form_data(key="w1")).status_code == 302
    request = RightsRequest.objects.get()
    (confirm,) = _wait_sent([f"rights.confirm:{request.pk}"])
    link = re.search(r"https?://[^/]+(/r/confirm/[^/]+/)", confirm.body_text).group(1)
    # The double click on the form changed nothing.
    assert client.post(f"/r/{org.slug}/", form_data(key="w1")).status_code == 302
    response = client.post(link)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    receipt = request.messages.get(kind="receipt")
    _wait_sent([f"rights.confirm:{request.pk}", f"rights.message:{receipt.pk}"])
    # Give a late duplicate relay a moment; nothing must be sent twice.
    time.sleep(1.0)
    rows = OutboxMessage.objects.filter(key__startswith="rights.")
    subject_rows = [row for row in rows if row.recipient == request.email]
    assert len(subject_rows) == 2
    assert all(row.attempts == 1 for row in subject_rows)
    files = list(mail_dir.iterdir())
    sent_to_subject = [f for f in files if request.email in f.read_text(errors="replace")]
    assert len(sent_to_subject) == 2
