"""Transfers inside Vietnam (Law 91/2025 Art. 17; Decree 356 Art. 7) in the register: beside the
transfers abroad, never counted by the cross-border dossier (Form 09)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from dossiers import domestic, services
from dossiers.catalogue import PROCESSING, TRANSFER
from dossiers.models import DomesticTransfer, InvalidTransition, RegisterChange

from .conftest import make_register

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def save(org, actor, activity, recipient, **extra):
    fields = {
        "activity": activity,
        "recipient": recipient,
        "purpose": "Giao hàng cho khách hàng",
        "basic_data_types": ["birth_name", "phone"],
        "legal_basis": "processing",
        "transferred_on": dt.date(2026, 2, 20),
        "agreement": "HĐ-15/2026",
    }
    fields.update(extra)
    return domestic.domestic_transfer_save(actor=actor, organization=org, **fields)


def test_a_domestic_transfer_is_a_processing_change_never_a_cross_border_one(org, dpo, at_now):
    activity, processor = make_register(org, dpo)
    before = RegisterChange.objects.filter(organization=org).count()
    row = save(org, dpo, activity, processor)
    change = RegisterChange.objects.filter(organization=org).first()
    assert RegisterChange.objects.filter(organization=org).count() == before + 1
    assert (change.kind, change.scope) == ("new_purpose", PROCESSING)
    assert row.needs_agreement  # Law 91/2025 Art. 17(1)(d) -> Decree 356 Art. 7(1)
    # Form 09 counts transfers abroad only: still none in this register.
    requirement = services.requirement(org, TRANSFER)
    assert not requirement.required and requirement.start is None


def test_it_refuses_a_recipient_abroad_or_of_another_register_and_missing_content(
    org, dpo, other_org, at_now
):
    activity, _processor = make_register(org, dpo, transfer=True)
    abroad = org.dossier_recipients.get(country="Singapore")
    with pytest.raises(ValidationError) as refused:
        save(org, dpo, activity, abroad)
    assert "Luật 91/2025 Điều 20" in str(refused.value.message_dict["recipient"])
    theirs = services.recipient_save(
        actor="test", organization=other_org, role="processor", name="X"
    )
    with pytest.raises(ValidationError) as refused:
        save(org, dpo, activity, theirs, purpose=" ", basic_data_types=[], legal_basis="sale")
    assert set(refused.value.message_dict) == {
        "recipient",
        "purpose",
        "basic_data_types",
        "legal_basis",
    }
    assert not DomesticTransfer.objects.exists()


def test_a_recipient_with_a_domestic_transfer_cannot_be_deleted(org, dpo, at_now):
    activity, processor = make_register(org, dpo)
    row = save(org, dpo, activity, processor)
    with pytest.raises(InvalidTransition, match="trong nước"):
        services.recipient_delete(actor=dpo, organization=org, recipient=processor)
    domestic.domestic_transfer_delete(actor=dpo, organization=org, transfer=row)
    assert not DomesticTransfer.objects.exists()
    assert RegisterChange.objects.filter(organization=org).first().kind == "parties"


def test_the_register_page_lists_and_adds_domestic_transfers(as_user, org, dpo, at_now):
    activity, processor = make_register(org, dpo)
    client = as_user(dpo)
    response = client.post(
        reverse("dossiers:domestic_new", args=[org.pk]),
        {
            "activity": activity.pk,
            "recipient": processor.pk,
            "purpose": "Giao hàng",
            "basic_data_types": ["birth_name", "phone"],
            "legal_basis": "consent",
            "transferred_on": "2026-02-20",
            "agreement": "",
        },
    )
    assert response.status_code == 302
    row = DomesticTransfer.objects.get()
    page = client.get(reverse("dossiers:register", args=[org.pk])).content.decode()
    assert "Chuyển giao dữ liệu cá nhân trong nước" in page and f'data-domestic="{row.pk}"' in page
    # Law Art. 17(1)(a) needs the Art. 7(1) agreement: the row says it is missing.
    assert "Chưa có (Nghị định 356/2025 Điều 7 khoản 1)" in page
    # Bad input comes back with what was typed and the reason.
    again = client.post(
        reverse("dossiers:domestic_edit", args=[org.pk, row.pk]),
        {
            "activity": activity.pk,
            "recipient": processor.pk,
            "purpose": "Giao hàng nhanh",
            "legal_basis": "consent",
        },
    )
    assert again.status_code == 200 and "Giao hàng nhanh" in again.content.decode()
    assert "Điều 7 khoản 1 điểm b" in again.content.decode()


def test_the_api_reads_and_writes_within_the_organisation(org, dpo, other_org, outsider, at_now):
    activity, processor = make_register(org, dpo)
    client = api(dpo)
    body = {
        "organization": org.pk,
        "activity": activity.pk,
        "recipient": processor.pk,
        "purpose": "Giao hàng",
        "basic_data_types": ["phone"],
        "legal_basis": "internal",
    }
    created = client.post("/api/v1/processing-domestic-transfers/", body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["needs_agreement"] is False
    changed = client.patch(
        f"/api/v1/processing-domestic-transfers/{pk}/", {"legal_basis": "consent"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["needs_agreement"] is True
    bad = client.post(
        "/api/v1/processing-domestic-transfers/", {**body, "legal_basis": "sale"}, format="json"
    )
    assert bad.status_code == 400 and "legal_basis" in bad.json()
    other = api(outsider)
    assert other.get(f"/api/v1/processing-domestic-transfers/{pk}/").status_code == 404
    assert (
        other.post("/api/v1/processing-domestic-transfers/", body, format="json").status_code == 404
    )
    assert client.delete(f"/api/v1/processing-domestic-transfers/{pk}/").status_code == 204


def test_the_workbook_carries_domestic_transfers_both_ways(org, dpo, at_now):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from dossiers import xlsx

    activity, processor = make_register(org, dpo)
    row = save(org, dpo, activity, processor, sensitive_data_types=["health"])
    data = xlsx.export_register(org)
    sheet = load_workbook(io.BytesIO(data))["Chuyen giao trong nuoc"]
    values = [c.value for c in sheet[2]]
    assert values[:3] == [activity.name, processor.name, "Giao hàng cho khách hàng"]
    assert "health" in values[4] and values[5] == "processing"
    domestic.domestic_transfer_delete(actor=dpo, organization=org, transfer=row)
    upload = SimpleUploadedFile(
        "register.xlsx",
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    xlsx.import_register(actor=dpo, organization=org, upload=upload)
    again = DomesticTransfer.objects.get(organization=org)
    assert (again.activity, again.recipient, again.agreement) == (activity, processor, "HĐ-15/2026")
    assert again.sensitive_data_types == ["health"]
    assert again.transferred_on == dt.date(2026, 2, 20)
