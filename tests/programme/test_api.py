"""The obligations API: the same gate, the same refusal naming the article, as the pages."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from pdp_portal.organizations.services import organization_update
from programme import services

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_it_lists_what_applies_with_reasons_and_refuses_done_without_evidence(org, dpo):
    # The profile changes through its service: the obligations follow it (programme.hooks).
    organization_update(actor=dpo, organization=org, sectors=["finance"])
    client = api(dpo)
    rows = client.get(f"/api/v1/organizations/{org.pk}/obligations/").json()["results"]
    by_code = {r["code"]: r for r in rows}
    assessment = by_code["finance.assessment"]
    assert assessment["applies"] and assessment["recurrence"] == "yearly"
    assert assessment["basis"] == "Nghị định 356/2025 Điều 8 khoản 1"
    assert assessment["due_at"] is not None and assessment["evidence_required"] == ["assessment"]
    url = f"/api/v1/organizations/{org.pk}/obligations/finance.assessment/status/"
    refused = client.post(url, {"status": "done"}, format="json")
    assert refused.status_code == 409
    assert "Điều 8 khoản 1" in refused.json()["detail"]
    moved = client.post(url, {"status": "in_progress"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"


def test_another_organisations_obligations_are_404(org, dpo, outsider):
    services.programme_sync(organization=org)
    client = api(outsider)
    assert client.get(f"/api/v1/organizations/{org.pk}/obligations/").status_code == 404
    url = f"/api/v1/organizations/{org.pk}/obligations/protection.designation/status/"
    assert client.post(url, {"status": "in_progress"}, format="json").status_code == 404


def test_a_viewer_cannot_move_a_status(org, viewer):
    services.programme_sync(organization=org)
    url = f"/api/v1/organizations/{org.pk}/obligations/protection.designation/status/"
    assert api(viewer).post(url, {"status": "in_progress"}, format="json").status_code == 404
