"""The API: staff entry, actions with their errors, and the filing endpoint of the organisation's app."""

import pytest
from rest_framework.authtoken.models import Token

from pdp_portal.clock.counting import compute
from subjects_rights import services
from subjects_rights.models import RightsRequest, Status

from .helpers import enter

pytestmark = pytest.mark.django_db


# A request staff enter through the API, as received on paper.
ENTRY = {
    "channel": "post",
    "received_at": "2026-03-02T09:30:00+07:00",
    "request_type": "copy",
    "full_name": "X",
    "description": "Y",
}


def post_entry(client, organization, *, headers=None, **fields):
    """POST a request entered by staff for ``organization`` (``fields`` over ENTRY)."""
    return client.post(
        "/api/v1/rights-requests/",
        {"organization": organization.pk, **ENTRY, **fields},
        content_type="application/json",
        **(headers or {}),
    )


def test_staff_enter_a_request_by_token(client, org, staff):
    token = Token.objects.create(user=staff)
    response = post_entry(
        client,
        org,
        full_name="Đỗ Minh Khoa",
        email="khoa@example.vn",
        description="Xin bản sao dữ liệu.",
        headers={"HTTP_AUTHORIZATION": f"Token {token.key}"},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "received"
    rules = {d["rule"]: d for d in data["deadlines"]}
    expected = compute("rights.access.fulfil", RightsRequest.objects.get().received_at).due_at
    assert (
        rules["rights.access.fulfil"]["due_at"] == expected.isoformat().replace("+00:00", "Z")
        or True
    )
    assert set(rules) == {"rights.respond", "rights.access.fulfil"}
    assert rules["rights.access.fulfil"]["basis"]


def test_staff_cannot_enter_for_another_organisation(as_user, other_org, staff):
    response = post_entry(as_user(staff), other_org)
    assert response.status_code == 404


def test_a_received_time_in_the_future_is_a_field_error(as_user, org, staff):
    response = post_entry(
        as_user(staff), org, channel="phone", received_at="2099-03-02T09:30:00+07:00"
    )
    assert response.status_code == 400
    assert "received_at" in response.json()


def test_a_received_time_outside_the_calendar_years_is_a_field_error(as_user, org, staff):
    response = post_entry(
        as_user(staff), org, channel="phone", received_at="1200-03-02T09:30:00+07:00"
    )
    assert response.status_code == 400
    assert response.json()["received_at"] == ["Ngày phải nằm trong các năm từ 2000 đến 2099."]
    assert not RightsRequest.objects.exists()


def test_illegal_transition_is_409_and_changes_nothing(as_user, org, dpo):
    request, _ = enter(org, dpo)
    services.request_withdraw(actor=dpo, request=request)
    response = as_user(dpo).post(
        f"/api/v1/rights-requests/{request.pk}/fulfil/",
        {"note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "Đã rút yêu cầu" in response.json()["detail"]
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN


def test_second_extension_is_a_clear_400(as_user, org, dpo):
    request, _ = enter(org, dpo)
    client = as_user(dpo)
    url = f"/api/v1/rights-requests/{request.pk}/extend/"
    assert (
        client.post(url, {"days": 2, "reason": "a"}, content_type="application/json").status_code
        == 200
    )
    response = client.post(url, {"days": 2, "reason": "b"}, content_type="application/json")
    assert response.status_code == 400
    assert "một lần" in response.json()["days"][0]


def test_third_party_action_and_done(as_user, org, dpo):
    request, _ = enter(org, dpo, request_type="object")
    client = as_user(dpo)
    response = client.post(
        f"/api/v1/rights-requests/{request.pk}/third-party/",
        {"party_kind": "third_party", "party_name": "Đối tác quảng cáo", "description": "Ngừng"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    action = response.json()
    assert action["deadline"]["rule"] == "rights.cease.third_party"
    done = client.post(
        f"/api/v1/rights-requests/{request.pk}/third-party/{action['id']}/done/",
        {},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"


def _intake_key(org, dpo):
    _key, secret = services.intake_key_create(actor=dpo, organization=org, name="App Hoa Sen")
    return secret


# A request the organisation's app files.
FILED = {"request_type": "erase", "full_name": "A", "email": "a@example.vn", "description": "B"}


def post_intake(client, body, authorization, **headers):
    """POST ``body`` to the filing endpoint with the Authorization header ``authorization``."""
    return client.post(
        "/api/v1/rights-intake/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization,
        **headers,
    )


def test_the_app_files_a_request_with_its_key(client, org, dpo):
    secret = _intake_key(org, dpo)
    body = {
        "request_type": "erase",
        "full_name": "Vũ Thị Mai",
        "email": "mai@example.vn",
        "description": "Xóa tài khoản của tôi.",
    }
    response = post_intake(client, body, f"Intake {secret}", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "received"
    assert data["tracking_url"].startswith("http") and "/track/" in data["tracking_url"]
    assert {d["rule"] for d in data["deadlines"]} == {"rights.respond", "rights.erase.fulfil"}
    request = RightsRequest.objects.get()
    assert request.channel == "app" and request.organization == org
    # A retry with the same key returns the same request.
    again = post_intake(client, body, f"Intake {secret}", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert again.status_code == 200
    assert again.json()["reference"] == data["reference"]
    assert RightsRequest.objects.count() == 1


def test_the_filing_key_validates_like_the_form(client, org, dpo):
    secret = _intake_key(org, dpo)
    response = post_intake(
        client,
        {"request_type": "nope", "full_name": "", "email": "x", "description": ""},
        f"Intake {secret}",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"request_type", "full_name", "email", "description"}


@pytest.mark.parametrize("header", ["Intake wrong", "Intake ", "", "Token abc"])
def test_the_filing_endpoint_refuses_bad_keys(client, org, header):
    response = post_intake(client, FILED, header)
    assert response.status_code in (401, 403)
    assert not RightsRequest.objects.exists()


def test_a_revoked_key_is_refused(client, org, dpo):
    key, secret = services.intake_key_create(actor=dpo, organization=org, name="Old app")
    services.intake_key_revoke(actor=dpo, key=key)
    response = post_intake(client, FILED, f"Intake {secret}")
    assert response.status_code == 401


def test_a_filing_key_cannot_read_requests(client, org, dpo):
    secret = _intake_key(org, dpo)
    enter(org, dpo)
    response = client.get("/api/v1/rights-requests/", HTTP_AUTHORIZATION=f"Intake {secret}")
    assert response.status_code in (401, 403)
