"""The AI register under /api/v1/organizations/{id}/ai-systems/: the pages' gate and services."""

import pytest
import yaml
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from programme.models import AISystem, ObligationState

from .helpers import activity, ai_system

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def url(org, pk=None):
    base = f"/api/v1/organizations/{org.pk}/ai-systems/"
    return f"{base}{pk}/" if pk else base


NEW = {
    "name": "Chatbot chăm sóc khách hàng",
    "purpose": "Trả lời câu hỏi của khách hàng",
    "identifies_people": True,
    "explanation_vi": "Chatbot đọc câu hỏi và lịch sử đơn hàng để trả lời.",
    "explanation_en": "The chatbot reads the question and the order history to answer.",
    "risk_class": "medium",
}


def test_it_creates_through_the_service_and_the_obligations_follow(org, dpo):
    sales = activity(org)
    created = api(dpo).post(url(org), {**NEW, "activities": [sales.pk]}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["activities"] == [sales.pk] and body["high_risk"] is False
    assert body["public_url"].endswith(f"/ai/{org.slug}/{body['public_id']}/")
    system = AISystem.objects.get(pk=body["id"])
    # Through programme.services.ai_system_save: the Art. 10 obligations apply at once.
    assert ObligationState.objects.get(organization=org, code="ai.inference").applies
    assert system.organization == org


def test_it_lists_reads_and_changes_only_what_it_is_sent(org, dpo):
    sales = activity(org)
    system = ai_system(org)
    system.activities.add(sales)
    client = api(dpo)
    rows = client.get(url(org)).json()["results"]
    assert [r["name"] for r in rows] == ["Chấm điểm tín dụng"]
    changed = client.patch(url(org, system.pk), {"risk_class": "high"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["risk_class"] == "high" and changed.json()["activities"] == [sales.pk]
    # The public notice is read-only: its id does not change through the API.
    public_id = str(system.public_id)
    client.patch(url(org, system.pk), {"public_id": "00000000-0000-0000-0000-000000000000"})
    assert client.get(url(org, system.pk)).json()["public_id"] == public_id


def test_bad_input_is_a_400_naming_the_field(org, dpo):
    refused = api(dpo).post(url(org), {**NEW, "risk_class": "extreme"}, format="json")
    assert refused.status_code == 400 and "risk_class" in refused.json()
    missing = api(dpo).post(url(org), {"name": "X"}, format="json")
    assert missing.status_code == 400 and "explanation_vi" in missing.json()


def test_another_organisations_register_and_rows_are_404(org, dpo, other_org, outsider):
    mine = ai_system(org)
    theirs = activity(other_org, name="Của người khác")
    client = api(outsider)
    assert client.get(url(org)).status_code == 404
    assert client.get(url(org, mine.pk)).status_code == 404
    assert client.patch(url(org, mine.pk), {"name": "X"}, format="json").status_code == 404
    assert client.post(url(org), NEW, format="json").status_code == 404
    # Another organisation's activity does not exist for this register.
    refused = api(dpo).post(url(org), {**NEW, "activities": [theirs.pk]}, format="json")
    assert refused.status_code == 400 and "activities" in refused.json()


def test_a_viewer_reads_but_cannot_write(org, viewer):
    system = ai_system(org)
    client = api(viewer)
    assert client.get(url(org, system.pk)).status_code == 200
    assert client.post(url(org), NEW, format="json").status_code == 404
    assert client.patch(url(org, system.pk), {"name": "X"}, format="json").status_code == 404


def test_the_session_of_a_verified_login_works_too(as_user, org, dpo):
    ai_system(org)
    assert as_user(dpo).get(url(org)).status_code == 200
    assert Client().get(url(org)).status_code in (401, 403)


def test_the_schema_documents_every_answer(client):
    paths = yaml.safe_load(client.get("/api/schema/").content)["paths"]
    listed = paths["/api/v1/organizations/{organization_pk}/ai-systems/"]
    one = paths["/api/v1/organizations/{organization_pk}/ai-systems/{id}/"]
    assert set(listed) >= {"get", "post"} and set(one) >= {"get", "patch"}
    assert "put" not in one and "delete" not in one
    assert {"201", "400", "401", "403", "404", "409"} <= set(listed["post"]["responses"])
    assert {"200", "400", "401", "403", "404", "409"} <= set(one["patch"]["responses"])
    assert {"200", "401", "403", "404"} <= set(one["get"]["responses"])


def test_the_list_costs_the_same_with_more_systems(org, dpo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sales = activity(org)
    client = api(dpo)

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(org)).status_code == 200
        return len(queries.captured_queries)

    ai_system(org, name="A").activities.add(sales)
    one = cost()
    for name in ("B", "C", "D"):
        ai_system(org, name=name).activities.add(sales)
    assert cost() == one
