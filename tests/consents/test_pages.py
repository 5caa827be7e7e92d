"""The subject's page and withdrawal, the withdraw-consent rights request, receipts verified,
the DPO's pages (another organisation's records answer 404)."""

import base64
import json
import re

import pytest
from django.core import mail  # noqa: F401  (the outbox is checked through its rows)
from django.utils import timezone

from consents import keys, services
from consents.models import ConsentRecord
from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import OutboxMessage
from subjects_rights import services as rights
from subjects_rights.models import RightsRequest

from .conftest import record_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(org, notice):
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    return record


def _state(org, email="an.nguyen@example.vn"):
    key = keys.subject_key(org, "email", email)
    return {
        c: d.decision
        for c, d in services.current_state(services.subject_decisions(org, key)).items()
    }


def _file_request(org, request_type: str, description: str):
    """File a rights request of the subject of ``given`` by email (not through the consent page)."""
    return rights.request_enter(
        actor="test",
        organization=org,
        channel="email",
        received_at=timezone.now(),
        request_type=request_type,
        full_name="Nguyễn An",
        email="an.nguyen@example.vn",
        description=description,
    )


def _open_link(client, org, email="An.Nguyen@example.vn"):
    response = client.post(f"/consent/{org.slug}/", {"email": email})
    assert response.status_code == 200
    message = OutboxMessage.objects.filter(template="consents_access").latest("id")
    url = re.search(r"https?://\S+", message.body_text).group(0)
    path = url.split("//", 1)[1].split("/", 1)[1]
    return "/" + path.split("?")[0]  # without its ?lang=: paths are added to it


def test_a_subject_sees_and_withdraws_one_purpose(client, org, given):
    link = _open_link(client, org)
    assert "data-purpose" not in client.get(link).content.decode()  # a button first
    client.post(link)
    page = client.get(link).content.decode()
    assert 'data-purpose="delivery" data-decision="given"' in page
    response = client.post(link + "withdraw/", {"purpose": "delivery"})
    assert response.status_code == 302
    assert _state(org) == {"delivery": "withdrawn", "ads": "refused"}
    request = RightsRequest.objects.get()
    assert request.request_type == "withdraw_consent" and request.status == "received"
    # Filed online by the subject, and the timeline says so.
    assert request.channel == "web"
    assert [e.kind for e in request.events.all()][:1] == ["submitted"]
    assert request.deadlines.filter(rule="rights.cease.fulfil").exists()
    withdrawal = ConsentRecord.objects.get(rights_request=request)
    assert withdrawal.evidence["ip"] and withdrawal.collection_point == "rights_request"
    # Only that purpose was named: nothing else changed, and no second withdrawal was recorded.
    assert ConsentRecord.objects.count() == 2


def test_an_expired_or_wrong_link_opens_nothing(client, org, given):
    link = _open_link(client, org)
    assert client.get(link.replace(org.slug, "other-org")).status_code == 404
    services.SubjectAccess.objects.update(expires_at=timezone.now())
    assert client.get(link).status_code == 404


def test_a_withdraw_consent_request_filed_otherwise_records_the_withdrawal(org, given):
    services.consent_record(
        actor="test",
        organization=org,
        **record_data(decisions={"ads": "given"}, idempotency_key="ads"),
    )
    _file_request(org, "withdraw_consent", "Tôi rút lại sự đồng ý.")
    assert _state(org) == {"delivery": "withdrawn", "ads": "withdrawn"}


def test_another_rights_request_type_changes_no_consent(org, given):
    _file_request(org, "access", "Cho tôi xem dữ liệu.")
    assert _state(org)["delivery"] == "given"


def test_a_receipt_verifies_and_a_tampered_one_is_refused(client, org, given):
    response = client.post("/consent/verify/", {"receipt": given.receipt})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="valid"' in page
    assert re.search(r'data-purpose="delivery">Giao hàng: <strong>Đồng ý</strong>', page)
    header, body, signature = given.receipt.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["decisions"][1]["decision"] = "given"
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    response = client.post("/consent/verify/", {"receipt": f"{header}.{forged}.{signature}"})
    assert response.status_code == 400 and 'data-outcome="tampered"' in response.content.decode()
    other = base64.urlsafe_b64encode(b'{"alg":"EdDSA","kid":"nope"}').rstrip(b"=").decode()
    response = client.post("/consent/verify/", {"receipt": f"{other}.{body}.{signature}"})
    assert 'data-outcome="unknown_key"' in response.content.decode()


def test_the_keys_are_published_per_organisation(client, org, other_org, given):
    published = client.get(f"/.well-known/consent-keys/{org.slug}/jwks.json").json()["keys"]
    assert [k["kid"] for k in published] == [given.receipt_kid]
    assert "d" not in published[0]
    theirs = client.get(f"/.well-known/consent-keys/{other_org.slug}/jwks.json").json()["keys"]
    assert theirs[0]["kid"] != given.receipt_kid


def test_the_subject_reads_and_downloads_a_receipt(client, org, given):
    link = _open_link(client, org)
    client.post(link)
    page = client.get(f"{link}receipt/{given.uid}/")
    assert page.status_code == 200 and "Giao hàng" in page.content.decode()
    pdf = client.get(f"{link}receipt/{given.uid}/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_dpo_finds_the_history_and_exports_the_evidence(as_user, dpo, org, given):
    client = as_user(dpo)
    page = client.post(
        f"/consents/{org.pk}/subject/", {"kind": "email", "identifier": " AN.NGUYEN@example.vn"}
    )
    assert page.status_code == 200 and 'data-purpose="delivery"' in page.content.decode()
    assert AuditEvent.objects.filter(action="consents.subject.view").count() == 1
    # An identifier in the URL is not looked up: it would stay in logs and the browser history.
    by_url = client.get(f"/consents/{org.pk}/subject/", {"identifier": "an.nguyen@example.vn"})
    assert by_url.status_code == 200 and 'data-purpose="delivery"' not in by_url.content.decode()
    exported = client.get(f"/consents/record/{given.uid}/evidence.json")
    evidence = json.loads(
        b"".join(exported.streaming_content) if exported.streaming else exported.content
    )
    assert evidence["receipt"]["jws"] == given.receipt
    assert evidence["notice"]["as_shown"]["purposes"][0]["code"] == "delivery"
    assert evidence["audit"][0]["action"] == "consents.record"
    assert client.get(f"/consents/record/{given.uid}/evidence.pdf").content.startswith(b"%PDF")
    assert client.get(f"/consents/{org.pk}/stats/").status_code == 200
    assert client.get("/consents/").status_code == 200


def test_another_organisation_s_records_answer_404(as_user, outsider, org, given):
    client = as_user(outsider)
    assert client.get(f"/consents/record/{given.uid}/evidence.json").status_code == 404
    assert client.get(f"/consents/record/{given.uid}/evidence.pdf").status_code == 404
    assert (
        client.post(
            f"/consents/{org.pk}/subject/", {"identifier": "an.nguyen@example.vn"}
        ).status_code
        == 404
    )
    assert client.get(f"/consents/{org.pk}/stats/").status_code == 404


def test_an_english_subject_gets_an_english_receipt(org, notice):
    from consents import documents

    record, _ = services.consent_record(
        actor="test", organization=org, **record_data(language="en", idempotency_key="en")
    )
    payload = documents.receipt_payload_of(record)
    assert payload["notice"]["title"] == "Customer data notice"
    assert [d["label"] for d in payload["decisions"]] == ["Delivery", "Location ads"]
    labels = documents.receipt_context(record)["labels"]
    assert [d["decision_label"] for d in labels["decisions"]] == ["Given", "Refused"]
    assert documents.receipt_pdf(record).startswith(b"%PDF")


def test_the_history_page_shows_the_newest_changes_first_and_counts_the_rest(
    as_user, dpo, org, given, monkeypatch
):
    from consents import views

    services.consent_withdraw(
        actor="test", organization=org, subject_key=given.subject_key, source="test"
    )
    monkeypatch.setattr(views, "HISTORY_SHOWN", 1)
    page = (
        as_user(dpo)
        .post(f"/consents/{org.pk}/subject/", {"identifier": "an.nguyen@example.vn"})
        .content.decode()
    )
    delivery = page.split('data-purpose="delivery"')[1].split('data-purpose="ads"')[0]
    assert "Yêu cầu rút lại sự đồng ý" not in delivery  # not the rights-request point
    assert "Đã rút lại" in delivery and "<td>Đồng ý</td>" not in delivery
    assert 'data-testid="hidden"' in delivery
