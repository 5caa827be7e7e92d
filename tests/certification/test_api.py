import pytest

from certification.models import Application, Certificate

from .conftest import make_application

pytestmark = pytest.mark.django_db


def test_the_api_walks_submit_check_grant_and_revoke(
    as_user, org, dpo, outsider, regulator, at_start
):
    application = make_application(org, dpo)
    draft = make_application(org, dpo, complete=False)
    base = f"/api/v1/certificate-applications/{application.pk}"
    client = as_user(outsider)
    assert client.post(f"{base}/submit/", {}, content_type="application/json").status_code == 404
    client = as_user(dpo)
    missing = client.post(
        f"/api/v1/certificate-applications/{draft.pk}/submit/", {}, content_type="application/json"
    )
    assert missing.status_code == 400 and "tối thiểu 3 nhân sự" in missing.content.decode()
    response = client.post(f"{base}/submit/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert client.post(f"{base}/complete/", {}, content_type="application/json").status_code == 404

    client = as_user(regulator)
    listed = client.get("/api/v1/certificate-applications/").json()
    ids = [a["id"] for a in (listed["results"] if isinstance(listed, dict) else listed)]
    assert application.pk in ids and draft.pk not in ids
    assert client.post(f"{base}/grant/", {}, content_type="application/json").status_code == 409
    assert client.post(f"{base}/complete/", {}, content_type="application/json").status_code == 200
    granted = client.post(f"{base}/grant/", {"signer_name": "A"}, content_type="application/json")
    assert granted.status_code == 201
    number = granted.json()["number"]
    certificate = Certificate.objects.get(number=number)
    url = f"/api/v1/certificates/{certificate.pk}/revoke/"
    refused = client.post(url, {"ground": ""}, content_type="application/json")
    assert refused.status_code == 400 and "Điều 27" in refused.content.decode()
    revoked = client.post(url, {"ground": "inactive"}, content_type="application/json")
    assert revoked.json()["status"] == "revoked"
    assert Application.objects.get(pk=application.pk).status == "granted"
