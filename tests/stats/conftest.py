"""Data for the statistics pages: requests, breaches and dossiers made the way the apps make them."""

import datetime as dt
import itertools

import pytest
import time_machine

from breaches import services as breach_services
from breaches.models import Breach, BreachSubmission
from dossiers.models import Dossier, DossierVersion, ReviewEvent
from subjects_rights import services as rights_services
from tests.subjects_rights.helpers import at, enter

_seq = itertools.count(1)
PERIOD = "start=2026-01-01&end=2026-12-31"


def answered_request(org, dpo, *, request_type="access", received="2026-03-02 09:30", hours=5):
    """Enter a request and respond ``hours`` later (its 2-working-day clock is met)."""
    received_at = at(received)
    with time_machine.travel(received_at, tick=False):
        request, _token = enter(org, dpo, request_type=request_type, received_at=received_at)
    with time_machine.travel(received_at + dt.timedelta(hours=hours), tick=False):
        rights_services.request_respond(actor=dpo, request=request, body="Chúng tôi sẽ xử lý.")
    return request


def notified_breach(org, actor, *, hours=None, severity="high", discovered="2026-03-02 09:30"):
    """Record a breach and, if ``hours`` is given, its first notification that many hours later.

    The notification row is written directly (no Form 08 PDF): the figures read only its time
    and whether it was within the 72 hours.
    """
    discovered_at = at(discovered)
    with time_machine.travel(discovered_at + dt.timedelta(minutes=30), tick=False):
        breach = breach_services.breach_record(
            actor=actor,
            organization=org,
            summary="Lộ dữ liệu khách hàng do cấu hình sai.",
            discovered_at=discovered_at,
            basic_data_types=["name"],
            harms_data_subjects=True,
            severity=severity,
        )
    if hours is not None:
        submitted_at = discovered_at + dt.timedelta(hours=hours)
        Breach.objects.filter(pk=breach.pk).update(
            submitted_at=submitted_at, status="notified", review_status="received"
        )
        BreachSubmission.objects.create(
            breach=breach,
            version=1,
            kind="initial",
            document_number=f"{next(_seq)}/TB",
            place="Hà Nội",
            submitted_at=submitted_at,
            within_deadline=hours <= 72,
            snapshot={},
            pdf=b"%PDF-",
            pdf_sha256="0" * 64,
        )
    return breach


def reviewed_dossier(org, *, kind="processing", submitted="2026-03-02 09:30", days=4, accept=True):
    """Make a filed dossier with its first version, decided ``days`` later by the agency."""
    submitted_at = at(submitted)
    dossier = Dossier.objects.create(
        organization=org,
        kind=kind,
        reference=f"HS-{next(_seq)}",
        status="accepted" if accept else "completion_requested",
        first_submitted_at=submitted_at,
        last_filed_at=submitted_at,
    )
    version = DossierVersion.objects.create(
        dossier=dossier,
        number=1,
        kind="initial",
        submitted_at=submitted_at,
        document_number="01/HS",
        snapshot={},
        content_sha256="0" * 64,
        notice_pdf=b"%PDF-",
        notice_sha256="0" * 64,
        report_pdf=b"%PDF-",
        report_sha256="0" * 64,
    )
    event = ReviewEvent.objects.create(
        dossier=dossier, version=version, kind="accept" if accept else "request_completion"
    )
    # created_at is auto_now_add: the decision is dated here.
    ReviewEvent.objects.filter(pk=event.pk).update(
        created_at=submitted_at + dt.timedelta(days=days)
    )
    return dossier


@pytest.fixture
def regulator_client(client, regulator):
    from tests.conftest import login

    return login(client, regulator)
