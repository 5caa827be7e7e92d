"""Persona matrix: every staff page and API action, by persona (404 for the outsider)."""

import pytest
from django.urls import reverse

from subjects_rights.models import Status
from tests import factories

from .helpers import enter

pytestmark = pytest.mark.django_db

PERSONAS_VIEW = [
    ("dpo", 200),
    ("staff", 200),
    ("viewer", 200),
    ("outsider", 404),
    ("regulator", 404),
]
PERSONAS_CHANGE = [
    ("dpo", 302),
    ("staff", 302),
    ("viewer", 404),
    ("outsider", 404),
    ("regulator", 404),
]


@pytest.fixture
def rights_request(org, dpo):
    request, _token = enter(org, dpo, request_type="erase")
    return request


@pytest.mark.parametrize(("persona", "status"), PERSONAS_VIEW)
def test_request_page_by_persona(request, as_user, rights_request, persona, status):
    from pdp_portal.audit.models import AuditEvent

    client = as_user(request.getfixturevalue(persona))
    response = client.get(reverse("subjects_rights:detail", args=[rights_request.pk]))
    assert response.status_code == status
    views = AuditEvent.objects.filter(action="rights.view", object_id=str(rights_request.pk))
    assert views.count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(("persona", "status"), PERSONAS_VIEW)
def test_inbox_shows_only_own_requests(request, as_user, rights_request, persona, status):
    client = as_user(request.getfixturevalue(persona))
    response = client.get(reverse("subjects_rights:inbox"))
    assert response.status_code == 200
    assert (rights_request.reference in response.content.decode()) == (status == 200)


@pytest.mark.parametrize("name", ["inbox", "new", "stats", "export_csv", "export_xlsx"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(f"subjects_rights:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_cannot_see_a_request(client, rights_request):
    response = client.get(reverse("subjects_rights:detail", args=[rights_request.pk]))
    assert response.status_code == 302


ACTIONS = [
    ("assign", {"assignee": ""}),
    ("respond", {"body": "Chúng tôi sẽ xóa."}),
    ("extend", {"days": "3", "reason": "Nhiều hệ thống."}),
    ("third_party", {"party_kind": "processor", "party_name": "ABC", "description": "Xóa"}),
    ("message", {"body": "Xin gửi thêm mã khách hàng."}),
    ("fulfil", {"note": "Đã xóa."}),
    ("refuse", {"ground": "no_data", "detail": "Không có dữ liệu."}),
    ("withdraw", {}),
]


@pytest.mark.parametrize(("persona", "status"), PERSONAS_CHANGE)
@pytest.mark.parametrize(("action", "data"), ACTIONS)
def test_page_actions_by_persona(request, as_user, rights_request, persona, status, action, data):
    client = as_user(request.getfixturevalue(persona))
    response = client.post(reverse(f"subjects_rights:{action}", args=[rights_request.pk]), data)
    assert response.status_code == status
    rights_request.refresh_from_db()
    if status == 404:
        assert rights_request.status == Status.RECEIVED
        assert rights_request.messages.count() == 1  # only the receipt


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 404), ("outsider", 200), ("regulator", 404)],
)
def test_entering_a_request_by_persona(request, as_user, org, persona, status):
    client = as_user(request.getfixturevalue(persona))
    response = client.get(reverse("subjects_rights:new"))
    assert response.status_code == status
    if status == 200:
        # Only the organisations the user may act for are offered.
        offered = list(response.context["form"].fields["organization"].queryset)
        assert (org in offered) == (persona != "outsider")


def test_the_outsider_cannot_enter_for_our_organisation(as_user, org, outsider):
    from subjects_rights.models import RightsRequest

    response = as_user(outsider).post(
        reverse("subjects_rights:new"),
        {
            "organization": org.pk,
            "channel": "post",
            "received_at": "2026-03-02T09:30",
            "request_type": "access",
            "full_name": "A",
            "relationship": "customer",
            "description": "B",
            "language": "vi",
        },
    )
    assert response.status_code == 400
    assert not RightsRequest.objects.exists()


@pytest.mark.parametrize(("persona", "status"), PERSONAS_VIEW)
def test_attachment_download_by_persona(request, as_user, org, dpo, persona, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rights_request, _ = enter(
        org, dpo, files=[SimpleUploadedFile("a.pdf", factories.PDF, content_type="application/pdf")]
    )
    attachment = rights_request.attachments.get()
    client = as_user(request.getfixturevalue(persona))
    response = client.get(
        reverse("subjects_rights:attachment", args=[rights_request.pk, attachment.pk])
    )
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]


API_ACTIONS = [
    ("assign", {"assignee": None}),
    ("respond", {"body": "Chúng tôi sẽ xóa."}),
    ("extend", {"days": 3, "reason": "Nhiều hệ thống."}),
    ("third-party", {"party_kind": "processor", "party_name": "ABC", "description": "Xóa"}),
    ("message", {"body": "Xin gửi thêm mã khách hàng."}),
    ("fulfil", {"note": "Đã xóa."}),
    ("refuse", {"ground": "no_data", "detail": "Không có dữ liệu."}),
    ("withdraw", {}),
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 404), ("outsider", 404), ("regulator", 404)],
)
@pytest.mark.parametrize(("action", "data"), API_ACTIONS)
def test_api_actions_by_persona(request, as_user, rights_request, persona, status, action, data):
    client = as_user(request.getfixturevalue(persona))
    response = client.post(
        f"/api/v1/rights-requests/{rights_request.pk}/{action}/",
        data,
        content_type="application/json",
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("persona", "status"), PERSONAS_VIEW)
def test_api_read_by_persona(request, as_user, rights_request, persona, status):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/rights-requests/{rights_request.pk}/").status_code == status
    listed = client.get("/api/v1/rights-requests/").json()["results"]
    assert (rights_request.pk in [r["id"] for r in listed]) == (status == 200)


def test_api_anonymous_is_refused(client, rights_request):
    assert client.get("/api/v1/rights-requests/").status_code in (401, 403)
    assert client.post(f"/api/v1/rights-requests/{rights_request.pk}/withdraw/").status_code in (
        401,
        403,
    )
