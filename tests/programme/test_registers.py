"""Contracts, the organisation's own protection staff and training records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme import services
from programme.models import Contract, ObligationState
from tests.factories import PDF, add_member, make_user

from .helpers import cloud_transfer

pytestmark = pytest.mark.django_db


def pdf():
    return SimpleUploadedFile("hop-dong.pdf", PDF, content_type="application/pdf")


def test_a_contract_keeps_its_clauses_with_pages_and_links_the_register(as_user, org, dpo):
    recipient = cloud_transfer(org).recipient
    response = as_user(dpo).post(
        reverse("programme:contracts", args=[org.pk]),
        {
            "kind": "cloud",
            "party": "Cloud Co",
            "recipient": recipient.pk,
            "renewal_on": "2027-06-30",
            "clause_12.2.a": "4",
            "clause_12.2.dd": "7",
            "file": pdf(),
        },
    )
    assert response.status_code == 302
    contract = Contract.objects.get(organization=org)
    assert contract.clauses == {"12.2.a": "4", "12.2.dd": "7"}
    assert contract.recipient == recipient and contract.sha256
    page = as_user(dpo).get(reverse("programme:contracts", args=[org.pk])).content.decode()
    assert "Nghị định 356/2025 Điều 12 khoản 2 điểm đ</span>: tr. 7" in page
    download = as_user(dpo).get(reverse("programme:file", args=[org.pk, "contract", contract.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_another_organisations_files_and_registers_are_404(as_user, org, dpo, outsider):
    contract = services.contract_save(
        actor=dpo, organization=org, kind="processor", party="X", upload=pdf()
    )
    client = as_user(outsider)
    assert (
        client.get(reverse("programme:file", args=[org.pk, "contract", contract.pk])).status_code
        == 404
    )
    for name in ("contracts", "protection", "training"):
        assert client.get(reverse(f"programme:{name}", args=[org.pk])).status_code == 404
        assert client.post(reverse(f"programme:{name}", args=[org.pk]), {}).status_code == 404


def test_each_person_is_checked_against_art_13_with_the_reason(as_user, org, dpo):
    services.person_add(
        actor=dpo,
        organization=org,
        full_name="Lê Thị C",
        degree_level="below_college",
        experience_field="legal",
        graduated_on=dt.date(2015, 6, 1),
        experience_since=dt.date(2015, 7, 1),
        training="",
    )
    services.person_add(
        actor=dpo,
        organization=org,
        full_name="Phạm Văn D",
        degree_level="bachelor",
        experience_field="it",
        graduated_on=dt.date(2015, 6, 1),
        experience_since=dt.date(2015, 7, 1),
        training="Khóa bảo vệ dữ liệu cá nhân 2025",
        upload=pdf(),
    )
    rows = {
        r["person"].full_name: r["findings"]
        for r in as_user(dpo).get(reverse("programme:protection", args=[org.pk])).context["people"]
    }
    assert rows["Phạm Văn D"] == []
    reasons = " ".join(rows["Lê Thị C"])
    assert "Điều 13 khoản 2 điểm a" in reasons and "Điều 13 khoản 2 điểm c" in reasons
    assert "Điều 13 khoản 5" in reasons


def test_a_designation_decision_makes_the_art_13_obligations_apply(org, dpo):
    org.size_class = "micro"  # Decree 356 Art. 41: not required, yet the organisation designates
    org.save()
    services.programme_sync(organization=org)
    assert not ObligationState.objects.filter(
        organization=org, code="protection.designation"
    ).exists()
    services.designation_add(
        actor=dpo, organization=org, upload=pdf(), decided_on=dt.date(2026, 2, 1), reference="01/QĐ"
    )
    assert ObligationState.objects.get(organization=org, code="protection.designation").applies


def test_training_lists_the_staff_still_due(as_user, org, dpo, staff):
    other = make_user("colleague")
    add_member(org, other, "staff")
    services.training_add(
        actor=dpo,
        organization=org,
        held_on=dt.date(2026, 3, 1),
        title="Nhập môn",
        attendees=[dpo, staff],
    )
    due = as_user(dpo).get(reverse("programme:training", args=[org.pk])).context["due"]
    assert [u.username for u in due] == ["colleague"]


def test_a_designated_person_can_become_the_contact_every_form_names(org, dpo):
    from pdp_portal.organizations.models import ProtectionContact

    services.designation_add(
        actor=dpo, organization=org, upload=pdf(), decided_on=dt.date(2026, 2, 1), reference="01/QĐ"
    )
    fields = {
        "full_name": "Phạm Văn D",
        "degree_level": "bachelor",
        "experience_field": "it",
        "email": "d@example.vn",
    }
    with pytest.raises(ValidationError, match="điện thoại"):
        services.person_add(actor=dpo, organization=org, as_contact=True, **fields)
    services.person_add(actor=dpo, organization=org, as_contact=True, phone="0901", **fields)
    contact = ProtectionContact.objects.get(organization=org, is_primary=True)
    assert (contact.kind, contact.name, contact.email) == ("staff", "Phạm Văn D", "d@example.vn")
    assert contact.designation_document == "01/QĐ (01/02/2026)"


def test_the_protection_page_adds_a_designation_and_a_person_and_keeps_a_refused_one(
    as_user, org, dpo
):
    from programme.models import Designation, ProtectionPerson

    client, url = as_user(dpo), reverse("programme:protection", args=[org.pk])
    added = client.post(
        url, {"d-reference": "01/QĐ", "d-decided_on": "2026-02-01", "d-file": pdf()}
    )
    assert added.status_code == 302
    assert Designation.objects.get(organization=org).reference == "01/QĐ"

    person = {
        "p-full_name": "Phạm Văn D",
        "p-degree_level": "bachelor",
        "p-experience_field": "it",
        "p-email": "d@example.vn",
        "p-as_contact": "on",
    }
    # The service refuses a contact without a phone: the page says why and keeps what was typed.
    refused = client.post(url, person)
    assert refused.status_code == 200
    assert "điện thoại" in refused.content.decode()
    assert refused.context["person_form"]["full_name"].value() == "Phạm Văn D"
    assert not ProtectionPerson.objects.filter(organization=org).exists()

    # An invalid form is shown with its errors; the service is not called.
    invalid = client.post(url, {**person, "p-degree_level": "none-such", "p-phone": "0901234567"})
    assert invalid.status_code == 200 and invalid.context["person_form"].errors["degree_level"]
    assert not ProtectionPerson.objects.filter(organization=org).exists()

    assert client.post(url, {**person, "p-phone": "0901234567"}).status_code == 302
    assert ProtectionPerson.objects.get(organization=org).full_name == "Phạm Văn D"
