"""The obligations follow the changes that cause them, not the page: a profile save, a register
change, a protection contact; reading the programme writes nothing."""

import ast
import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from dossiers import domestic
from dossiers import services as register
from dossiers.models import Recipient
from pdp_portal import hooks
from pdp_portal.notices.models import Notification
from pdp_portal.organizations.models import ProtectionContact
from pdp_portal.organizations.services import organization_update, protection_contact_save
from programme import services
from programme.models import ObligationState

from .helpers import activity

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def applies(org, code) -> bool:
    return ObligationState.objects.filter(organization=org, code=code, applies=True).exists()


def writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_reading_the_programme_writes_nothing_even_when_it_is_behind(as_user, org, dpo):
    # Changed behind the services' back: only the hourly sync would see it.
    org.sectors = ["finance"]
    org.save()
    client = as_user(dpo)
    client.get(reverse("programme:detail", args=[org.pk]))  # the session settles first
    with CaptureQueriesContext(connection) as page:
        response = client.get(reverse("programme:detail", args=[org.pk]))
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as api:
        listed = APIClient()
        listed.force_authenticate(dpo)
        assert listed.get(f"/api/v1/organizations/{org.pk}/obligations/").status_code == 200
    assert writes(page.captured_queries) == [] and writes(api.captured_queries) == []
    assert not ObligationState.objects.filter(organization=org).exists()
    # The page still says what applies, marked as being brought up to date.
    applying = {r["obligation"].code: r for r in response.context["applying"]}
    assert applying["finance.assessment"]["state"] is None
    assert "đang cập nhật" in response.content.decode()
    # The hourly sync catches up; then the page shows the stored state.
    services.programmes_sync_all()
    response = client.get(reverse("programme:detail", args=[org.pk]))
    applying = {r["obligation"].code: r for r in response.context["applying"]}
    assert applying["finance.assessment"]["state"].applies


@time_machine.travel(dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_profile_save_brings_its_obligations_and_tells_the_dpo_the_due_date(org, dpo):
    services.programme_sync(organization=org)
    Notification.objects.all().delete()
    organization_update(actor=dpo, organization=org, sectors=["finance"])
    assert applies(org, "finance.assessment") and applies(org, "finance.logs")
    note = Notification.objects.get(
        user=dpo,
        key__startswith=f"programme.applies:{ObligationState.objects.get(organization=org, code='finance.assessment').pk}:",
    )
    assert note.params["due"] == "03/03/2027"  # Decree 356 Art. 8(1): once a year
    organization_update(actor=dpo, organization=org, sectors=[])
    assert not applies(org, "finance.assessment")


def test_a_register_change_brings_its_obligations(org, dpo):
    services.programme_sync(organization=org)
    item = register.activity_save(
        actor=dpo,
        organization=org,
        name="Theo dõi giao hàng",
        purpose="Định vị tài xế",
        role="controller",
        subject_categories=[{"name": "Tài xế", "count": 40}],
        basic_data_types=["birth_name"],
        sensitive_data_types=["location"],
    )
    assert applies(org, "location.tracking")
    register.activity_save(actor=dpo, organization=org, activity=item, sensitive_data_types=[])
    assert not applies(org, "location.tracking")


def test_a_domestic_transfer_brings_the_art_7_agreement(org, dpo):
    act = activity(org)
    partner = Recipient.objects.create(organization=org, role="processor", name="Giao Nhanh")
    services.programme_sync(organization=org)
    Notification.objects.all().delete()
    row = domestic.domestic_transfer_save(
        actor=dpo,
        organization=org,
        activity=act,
        recipient=partner,
        purpose="Giao hàng",
        basic_data_types=["birth_name", "phone"],
        legal_basis="processing",  # Law 91/2025 Art. 17(1)(d): Decree 356 Art. 7(1) applies
        transferred_on=dt.date(2026, 1, 5),
    )
    state = ObligationState.objects.get(organization=org, code="transfer.agreement")
    assert state.applies and "Giao Nhanh" in str(state.reasons)
    assert Notification.objects.filter(
        user=dpo, key__startswith=f"programme.applies:{state.pk}:"
    ).exists()
    # Shared inside the organisation (Art. 17(1)(b)): no Art. 7(1) agreement.
    domestic.domestic_transfer_save(
        actor=dpo, organization=org, transfer=row, legal_basis="internal"
    )
    assert not applies(org, "transfer.agreement")


def test_a_designated_unit_counts_the_moment_it_is_saved(org, dpo):
    org.size_class = "micro"  # Decree 356 Art. 41: not required
    org.save()
    services.programme_sync(organization=org)
    assert not applies(org, "protection.designation")
    protection_contact_save(
        actor=dpo,
        organization=org,
        contact=ProtectionContact(
            kind=ProtectionContact.Kind.UNIT,
            name="Ban pháp chế",
            email="phapche@example.vn",
            phone="0241234567",
            is_primary=True,
        ),
    )
    assert applies(org, "protection.designation")


def test_the_hooks_refuse_a_second_provider_and_answer_none_without_one():
    assert hooks.provided("facts.changed") and hooks.provided("register.rows")
    assert hooks.call("no.such.hook", x=1) is None and not hooks.provided("no.such.hook")

    def other(**kwargs):
        return None

    with pytest.raises(ValueError, match="already provided"):
        hooks.register("facts.changed", other)


@pytest.mark.parametrize("path", sorted((ROOT / "programme").rglob("*.py")), ids=lambda p: p.name)
def test_the_programme_imports_no_other_app(path):
    if "migrations" in path.parts:
        return
    apps = {"dossiers", "certification", "subjects_rights", "breaches", "consents", "inspections"}
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] not in apps, f"{path.name} imports {name}"
