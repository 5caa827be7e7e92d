"""Filings of three kinds for one organisation: a breach, a dossier, a certificate application."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from pdp_portal.organizations import services as org_services
from pdp_portal.organizations.models import ProtectionContact
from tests.breaches.conftest import make_breach
from tests.certification.conftest import make_application
from tests.dossiers.conftest import make_ready
from tests.factories import make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 10:30 Vietnam time: a calendar year the clock knows.
NOW = dt.datetime(2026, 3, 2, 10, 30, tzinfo=VN)


@pytest.fixture(autouse=True)
def _primary_contacts(db, request):
    for name in ("org", "other_org"):
        if name in request.fixturenames:
            organization = request.getfixturevalue(name)
            # What Form 10 (Part A.I) needs of the organisation, for the dossier to be filed.
            organization.registration_document = "0101234567, Sở Tài chính Hà Nội, 12/03/2015"
            organization.phone = "024 3825 1234"
            organization.email = "dpo@hoasen.example.vn"
            organization.business_lines = ["4791", "6312"]
            organization.save()
            org_services.protection_contact_save(
                actor="test",
                organization=organization,
                contact=ProtectionContact(
                    kind="staff",
                    name="Nguyễn Thị Lan",
                    position="Trưởng bộ phận pháp chế",
                    email="lan.nguyen@example.vn",
                    phone="024 3825 1234",
                    is_primary=True,
                ),
            )


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewer(db):
    user = make_user("reviewer2", first_name="Minh", last_name="Trần", email="minh@bocongan.vn")
    org_services.regulator_grant(actor="test", user=user)
    return user


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
