import pytest

from inspections import services

from .conftest import issue_findings

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_notified_inspections_of_the_users_organisation(
    as_user, dpo, inspection, inspector
):
    client = as_user(dpo)
    assert client.get("/api/v1/inspections/").json()["results"] == []
    assert client.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    services.inspection_notify(actor=inspector, inspection=inspection)
    listed = client.get("/api/v1/inspections/").json()["results"]
    assert [i["reference"] for i in listed] == [inspection.reference]
    detail = client.get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert detail["contents"] == ["compliance", "impact_assessment", "processing_services"]
    assert detail["team"][0]["role"] == "lead"


def test_another_organisation_gets_404_from_the_api(as_user, outsider, notified):
    client = as_user(outsider)
    assert client.get(f"/api/v1/inspections/{notified.pk}/").status_code == 404
    assert client.get("/api/v1/inspections/").json()["results"] == []


def test_the_api_marks_an_item_done_and_refuses_a_second_time(
    as_user, dpo, viewer, inspector, notified, clock
):
    findings = [{"description": "Thiếu sổ.", "items": [("Lập sổ", 7)]}]
    item = issue_findings(notified, inspector, clock, findings).get()
    url = f"/api/v1/inspections/{notified.pk}/items/{item.pk}/done/"
    assert (
        as_user(viewer).post(url, {"note": "x"}, content_type="application/json").status_code == 404
    )
    client = as_user(dpo)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"note": "Đã lập sổ."}, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["rule"] == "inspection.remediate.7"
    assert body["due_at"].startswith("2026-03-24")
    again = client.post(url, {"note": "Lần nữa."}, content_type="application/json")
    assert again.status_code == 409
