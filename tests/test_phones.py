"""Every phone field, in forms and in the API, takes a phone number and nothing else."""

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from pdp_portal.organizations.models import ProtectionContact
from pdp_portal.phones import validate_phone

pytestmark = pytest.mark.django_db

ENGLISH_ERROR = "Invalid phone number: it needs 8 to 15 digits"


@pytest.mark.parametrize(
    "number",
    ["024 3825 1234", "0912.345.678", "0912-345-678", "+84 912 345 678", "+442079460000"],
)
def test_vietnamese_and_international_numbers_are_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "gọi em nhé",
        "0123",
        "1234567",
        "+1234567890123456",
        "(028) 3822 5678",
        "0912  345 678",
        "0912 345 678 ext 2",
        "++84912345678",
        "+84 912 345 678 ",
    ],
)
def test_anything_else_is_refused(number):
    with pytest.raises(Exception, match="8 đến 15 chữ số"):
        validate_phone(number)


def test_the_contact_form_refuses_text_in_the_users_language(as_user, org, dpo):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    data = {"kind": "staff", "name": "Lan", "email": "lan@example.vn", "phone": "call Lan"}

    response = client.post(reverse("organizations:contact_create", args=[org.pk]), data)

    assert response.status_code == 200
    assert ENGLISH_ERROR in response.content.decode()
    assert 'value="call Lan"' in response.content.decode()  # nothing typed is lost
    assert not ProtectionContact.objects.exists()


def test_the_public_request_form_refuses_a_bad_phone(client, org):
    response = client.post(
        reverse("rights_public:form", args=[org.slug]),
        {
            "request_type": "access",
            "full_name": "Trần Bình",
            "email": "binh@example.vn",
            "phone": "số nhà riêng",
            "relationship": "customer",
            "description": "Xin xem dữ liệu.",
        },
    )
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_the_organisation_form_refuses_a_bad_phone(as_user, org, dpo):
    client = as_user(dpo)
    response = client.get(reverse("organizations:edit", args=[org.pk]))
    form = response.context["form"]
    data = {**form.initial, "phone": "0123"}
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse("organizations:edit", args=[org.pk]), data)
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_the_api_refuses_a_bad_phone_with_a_field_error(client, org, dpo):
    token = Token.objects.create(user=dpo)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}", "HTTP_ACCEPT_LANGUAGE": "en"}
    entry = {
        "organization": org.pk,
        "channel": "post",
        "received_at": "2026-03-02T09:30:00+07:00",
        "request_type": "copy",
        "full_name": "Đỗ Minh Khoa",
        "description": "Xin bản sao dữ liệu.",
    }

    bad = client.post(
        "/api/v1/rights-requests/",
        {**entry, "phone": "0123"},
        content_type="application/json",
        **auth,
    )
    org_bad = client.patch(
        f"/api/v1/organizations/{org.pk}/",
        {"phone": "không có"},
        content_type="application/json",
        **auth,
    )
    good = client.post(
        "/api/v1/rights-requests/",
        {**entry, "phone": "+84 912 345 678"},
        content_type="application/json",
        **auth,
    )

    assert bad.status_code == 400 and ENGLISH_ERROR in bad.json()["phone"][0]
    assert org_bad.status_code == 400 and "phone" in org_bad.json()
    assert good.status_code == 201, good.content


def test_the_schema_states_the_rule_on_every_phone_the_api_takes(client):
    schemas = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]
    taken = {
        (name, "phone")
        for name in schemas
        if name.endswith("Request")
        and "phone" in schemas[name].get("properties", {})
        and not schemas[name]["properties"]["phone"].get("readOnly")
    }
    assert taken >= {
        ("StaffEntryRequest", "phone"),
        ("OrganizationRequest", "phone"),
        ("EvidenceRequest", "phone"),
    }
    for name, field in taken:
        assert "[0-9]" in yaml.safe_dump(schemas[name]["properties"][field]), name
