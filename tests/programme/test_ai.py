"""The AI register: the public page per system, its opt-out into the rights inbox, the exports."""

import io
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from programme import services
from programme.models import AISystem
from subjects_rights import services as rights_services
from subjects_rights.models import RightsRequest

from .helpers import activity, ai_system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def public_url(system):
    return reverse("programme_public:ai_system", args=[system.organization.slug, system.public_id])


def test_the_public_page_explains_the_system_in_each_language(client, org):
    system = ai_system(org)
    vi = client.get(public_url(system)).content.decode()
    assert "Hệ thống dùng lịch sử giao dịch để chấm điểm." in vi
    assert "Nghị định 356/2025 Điều 10 khoản 3" in vi
    en = client.get(public_url(system), HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    en = client.get(public_url(system)).content.decode()
    assert "The system scores customers from their transaction history." in en
    assert "Decree 356/2025 Art. 10(3)" in en


def test_a_system_out_of_operation_or_of_another_organisation_has_no_page(client, org, other_org):
    system = ai_system(org, active=False)
    assert client.get(public_url(system)).status_code == 404
    live = ai_system(org, name="Đang chạy")
    wrong = reverse("programme_public:ai_system", args=[other_org.slug, live.public_id])
    assert client.get(wrong).status_code == 404


def test_the_opt_out_reaches_the_rights_inbox_as_an_objection(client, as_user, org, dpo):
    system = ai_system(org, name="Chấm điểm tín dụng")
    response = client.post(
        public_url(system), {"full_name": "Trần Văn B", "email": "b@example.vn", "detail": ""}
    )
    assert response.status_code == 302
    request = RightsRequest.objects.get(organization=org)
    assert request.request_type == "object"
    assert "Chấm điểm tín dụng" in request.description
    assert "Điều 10 khoản 3" in request.description
    # The data subject confirms by e-mail, as every request of the public form.
    body = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}")).body_text
    token = re.search(r"/r/confirm/([^/]+)/", body).group(1)
    rights_services.request_confirm(token=token)
    request.refresh_from_db()
    assert request.status == "received"
    inbox = as_user(dpo).get(reverse("subjects_rights:inbox")).content.decode()
    assert request.reference in inbox


def test_an_incomplete_opt_out_files_nothing(client, org):
    system = ai_system(org)
    response = client.post(public_url(system), {"full_name": "", "email": "not-an-email"})
    assert response.status_code == 400
    assert not RightsRequest.objects.exists()


def test_the_exports_carry_every_field_and_the_data_types(as_user, org, dpo, outsider):
    system = ai_system(org, identifies=True)
    system.activities.add(activity(org, sensitive=["biometric"]))
    entry = services.high_risk_entry_add(actor=dpo, organization=org, name="Nhận diện khuôn mặt")
    AISystem.objects.filter(pk=system.pk).update(high_risk_entry=entry, risk_class="high")
    client = as_user(dpo)
    data = json.loads(client.get(reverse("programme:ai_export", args=[org.pk, "json"])).content)
    (record,) = data["systems"]
    assert record["sensitive_data_types"] == ["biometric"]
    assert record["identifies_people"] is True and record["high_risk"] is True
    assert record["high_risk_category"] == "Nhận diện khuôn mặt"
    xlsx = client.get(reverse("programme:ai_export", args=[org.pk, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(xlsx))["AI systems"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["name"] == system.name and row["sensitive_data_types"] == "biometric"
    assert (
        as_user(outsider).get(reverse("programme:ai_export", args=[org.pk, "json"])).status_code
        == 404
    )


def test_adding_a_system_through_the_page_brings_the_ai_obligations(as_user, org, dpo):
    services.programme_sync(organization=org)
    response = as_user(dpo).post(
        reverse("programme:ai_new", args=[org.pk]),
        {
            "name": "Gợi ý sản phẩm",
            "purpose": "Gợi ý",
            "explanation_vi": "Giải thích",
            "risk_class": "medium",
            "active": "on",
        },
    )
    assert response.status_code == 302
    applying = {s.code for s in org.obligations.filter(applies=True, code__startswith="ai.")}
    assert applying == {"ai.notice", "ai.supervision", "ai.security", "ai.risk", "ai.assessment"}


def test_a_system_is_edited_through_its_page_and_only_by_its_organisation(
    as_user, org, dpo, outsider, viewer
):
    system = ai_system(org)
    url = reverse("programme:ai_edit", args=[org.pk, system.pk])
    data = {
        "name": "Chấm điểm v2",
        "purpose": "Chấm điểm",
        "explanation_vi": "Giải thích mới",
        "risk_class": "high",
        "active": "on",
    }
    assert as_user(outsider).post(url, data).status_code == 404
    assert as_user(viewer).post(url, data).status_code == 404
    assert as_user(dpo).post(url, data).status_code == 302
    system.refresh_from_db()
    assert (system.name, system.risk_class) == ("Chấm điểm v2", "high")
