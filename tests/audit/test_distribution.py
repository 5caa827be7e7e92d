"""Copies of the checkpoints leave the database; a failed verification alerts people."""

import json
import time

import pytest
from django.test import TestCase
from django.urls import reverse

from pdp_portal.audit import distribution
from pdp_portal.audit.models import AuditCheckpoint, AuditEvent
from pdp_portal.audit.services import audit_seal
from pdp_portal.audit.tasks import seal
from pdp_portal.notices.models import OutboxMessage

from ..conftest import WorkerProcess
from .helpers import append, as_table_owner


def _sealed(n):
    events = append(n)
    with TestCase.captureOnCommitCallbacks(execute=True):
        audit_seal(force_checkpoint=True)
    return events


@pytest.mark.django_db
def test_the_latest_checkpoint_goes_to_every_dpo_and_the_agency_once(dpo, regulator):
    _sealed(3)
    checkpoint = AuditCheckpoint.objects.get()

    assert distribution.publish_checkpoint() == 2
    assert distribution.publish_checkpoint() == 2  # queued again: the outbox keeps one each
    messages = OutboxMessage.objects.filter(template="audit_checkpoint")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [dpo.email, regulator.email]
    )
    body = messages.first().body_text
    assert checkpoint.signature in body and checkpoint.root_hash in body


@pytest.mark.django_db
def test_a_failed_verification_alerts_the_dpo_and_the_administrators(dpo, settings):
    settings.ADMINS = [("Admin", "admin@example.vn")]
    events = _sealed(3)
    assert distribution.verify_and_alert() is True
    assert not OutboxMessage.objects.filter(template="audit_verify_failed").exists()

    with as_table_owner():
        AuditEvent.objects.filter(pk=events[1].pk).update(message="sửa")
        assert distribution.verify_and_alert() is False
        distribution.verify_and_alert()  # the same day: no second alert

    alerts = OutboxMessage.objects.filter(template="audit_verify_failed")
    assert sorted(alerts.values_list("recipient", flat=True)) == sorted(
        [dpo.email, "admin@example.vn"]
    )
    assert f"event {events[1].pk}" in alerts.first().body_text
    assert AuditEvent.objects.filter(action="audit.verify_failed").exists()


@pytest.mark.django_db
def test_the_transparency_page_and_the_keys_are_public(client):
    _sealed(2)
    checkpoint = AuditCheckpoint.objects.get()

    page = client.get(reverse("audit_public:transparency"))
    assert page.status_code == 200
    assert checkpoint.root_hash in page.content.decode()
    keys = client.get(reverse("audit_public:jwks")).json()
    assert keys["keys"][0]["kid"] == checkpoint.key_id
    assert "d" not in keys["keys"][0], "the private part never leaves"
    listed = client.get(reverse("audit_public:checkpoints_json")).json()
    assert listed["checkpoints"][0]["jws"] == checkpoint.signature


@pytest.mark.django_db
def test_a_dpo_downloads_a_proof_another_organisation_gets_404(
    org, other_org, dpo, as_user, client
):
    from pdp_portal.audit.services import audit_record

    event = audit_record(
        returning_id=True, actor=dpo, action="test.proof", summary="Bằng chứng", organization=org
    )
    foreign = audit_record(
        returning_id=True, actor="x", action="test.proof", summary="Khác", organization=other_org
    )
    audit_seal(force_checkpoint=True)
    as_user(dpo)

    response = client.get(reverse("audit:event_proof", args=[org.pk, event.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    assert json.loads(response.content)["event"]["id"] == event.pk
    assert client.get(reverse("audit:event_proof", args=[org.pk, foreign.pk])).status_code == 404
    assert (
        client.get(reverse("audit:event_proof", args=[other_org.pk, foreign.pk])).status_code == 404
    )
    page = client.get(reverse("audit:organization", args=[org.pk]))
    assert reverse("audit:event_proof", args=[org.pk, event.pk]) in page.content.decode()

    result = client.post(reverse("audit:organization_verify", args=[org.pk]))
    assert 'data-testid="verify-result"' in result.content.decode()
    assert AuditEvent.objects.filter(action="audit.verify_organization").exists()


@pytest.mark.django_db
def test_the_dashboard_says_when_the_sealer_falls_behind(org, dpo, as_user, client, settings):
    settings.AUDIT_SEALER_LATE_SECONDS = 0
    append(2, organization=org)
    as_user(dpo)

    assert 'data-testid="audit-lag"' in client.get("/").content.decode()
    audit_seal(force_checkpoint=True)
    assert 'data-testid="audit-lag"' not in client.get("/").content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_sealer_task_on_a_real_worker_seals_and_a_second_run_changes_nothing(
    tmp_path, settings
):
    worker = WorkerProcess(
        tmp_path,
        env={
            "AUDIT_WITNESS_FILE": str(settings.AUDIT_WITNESS_FILE),
            "SIGNING_KEY_FILE": str(settings.SIGNING_KEY_FILE),
        },
    )
    worker.start()
    try:
        append(5)
        seal.delay()
        deadline = time.monotonic() + 30
        while AuditEvent.objects.filter(seq__isnull=True).exists():
            assert time.monotonic() < deadline, worker.log_path.read_text()
            time.sleep(0.2)
        size = AuditCheckpoint.objects.get().tree_size
        seal.delay()
        seal.delay()
        time.sleep(1.5)
    finally:
        worker.stop()
    assert AuditCheckpoint.objects.count() == 1
    assert AuditCheckpoint.objects.get().tree_size == size == AuditEvent.objects.count()
    assert (
        settings.AUDIT_WITNESS_FILE.read_text().strip() == AuditCheckpoint.objects.get().signature
    )
