"""Filings of three kinds for one organisation: a breach, a dossier, a certificate application."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tests.breaches.conftest import make_breach
from tests.certification.conftest import make_application

# What Form 10 (Part A.I) and Form 08 need of the persona organisations: filed as they are.
from tests.dossiers.conftest import (
    _primary_contacts,  # noqa: F401
    make_ready,
)
from tests.factories import make_regulator

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 10:30 Vietnam time: a calendar year the clock knows.
NOW = dt.datetime(2026, 3, 2, 10, 30, tzinfo=VN)


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewer(db):
    return make_regulator(
        "reviewer2", first_name="Minh", last_name="Trần", email="minh@bocongan.vn"
    )


@pytest.fixture
def three(org, dpo, at_now):
    """Return (breach, dossier, application), each filed once by ``dpo``."""
    return file_three(org, dpo)


def file_three(org, dpo):
    """File a breach, a dossier and a certificate application of ``org`` as ``dpo``."""
    from breaches import services as breaches
    from certification import services as certification
    from dossiers import services as dossiers

    breach = make_breach(org, dpo, discovered_at=timezone.now() - dt.timedelta(hours=1))
    breaches.breach_submit(actor=dpo, breach=breach)
    dossier = make_ready(org, dpo)
    dossiers.dossier_submit(actor=dpo, dossier=dossier)
    application = make_application(org, dpo)
    certification.application_submit(actor=dpo, application=application)
    for obj in (breach, dossier, application):
        obj.refresh_from_db()
    return breach, dossier, application
