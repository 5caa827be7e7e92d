"""The dossier API: every endpoint by persona, the workflow end to end, field errors and 409s."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import api as dossiers_api
from dossiers import services
from dossiers.catalogue import PROCESSING, TRANSFER
from dossiers.models import (
    Dossier,
    DossierEnclosure,
    ProcessingActivity,
    Recipient,
    RegisterChange,
    Transfer,
)
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.services import deadlines_for
from tests.api_schema import valid_schema
from tests.factories import add_member, make_organization
from tests.personas import REGULATOR_API
from tests.queries import assert_growth_costs_no_queries
from tests.stored_files import assert_served_until_tampered

from .conftest import (
    NOW,
    PDF_BYTES,
    answers_for,
    make_ready,
    make_register,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media")]

API = "/api/v1/dossiers/"
REG = "/api/v1/regulator/dossiers/"
ACTIVITIES = "/api/v1/processing-activities/"
RECIPIENTS = "/api/v1/processing-recipients/"
TRANSFERS = "/api/v1/processing-transfers/"
CHANGES = "/api/v1/register-changes/"

STAFF = [("dpo", True), ("staff", True), ("viewer", False), ("outsider", False)]
PERSONAS = ["dpo", "staff", "viewer", "outsider", "regulator", "anonymous"]


@pytest.fixture
def submitted(org, dpo, at_now):
    """A processing dossier filed once (version 1, two enclosures), awaiting the agency."""
    dossier = make_ready(org, dpo)
    services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Trần Văn Minh")
    dossier.refresh_from_db()
    return dossier


def _user(request, persona):
    return None if persona == "anonymous" else request.getfixturevalue(persona)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _pdf(name="chinh-sach.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _call(client, method, url, data=None):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    if isinstance(data, dict) and any(isinstance(v, SimpleUploadedFile) for v in data.values()):
        return getattr(client, method)(url, data)  # multipart
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _denied(persona) -> int:
    return 403 if persona == "anonymous" else 404


# --- the schema ------------------------------------------------------------------------------------


def test_the_dossier_endpoints_generate_a_valid_schema_without_warnings():
    schema = valid_schema(dossiers_api.register)
    paths = schema["paths"]
    for action in ("submit", "submit-update", "declare-change", "enclosures", "compare"):
        assert f"/api/v1/dossiers/{{id}}/{action}/" in paths, action
    for action in ("assign", "accept", "request-completion"):
        assert f"/api/v1/regulator/dossiers/{{id}}/{action}/" in paths, action
    # Every component is the app's own, but the clock's shared status set.
    for name in schema["components"]["schemas"]:
        assert "Dossier" in name or name == "DeadlineStatusEnum", name


# --- the register ----------------------------------------------------------------------------------


def _register_urls(org, dpo):
    activity, processor = make_register(org, dpo, transfer=True)
    transfer = Transfer.objects.get(organization=org)
    return {
        "activity": f"{ACTIVITIES}{activity.pk}/",
        "recipient": f"{RECIPIENTS}{processor.pk}/",
        "transfer": f"{TRANSFERS}{transfer.pk}/",
        "change": f"{CHANGES}{RegisterChange.objects.filter(organization=org).first().pk}/",
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_register_reads_by_persona(request, as_user, org, dpo, at_now, persona):
    urls = _register_urls(org, dpo)
    client = as_user(_user(request, persona))
    allowed = persona in ("dpo", "staff", "viewer")
    for url in [*urls.values(), f"{ACTIVITIES}export/?organization={org.pk}"]:
        response = client.get(url)
        assert response.status_code == (200 if allowed else _denied(persona)), url
    for url in (ACTIVITIES, RECIPIENTS, TRANSFERS, CHANGES):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 403
        else:
            assert (response.json()["count"] > 0) == allowed, url


@pytest.mark.parametrize("persona", PERSONAS)
def test_register_writes_by_persona(request, as_user, org, dpo, at_now, persona):
    urls = _register_urls(org, dpo)
    client = as_user(_user(request, persona))
    allowed = persona in ("dpo", "staff")
    events = AuditEvent.objects.count()
    writes = [
        ("patch", urls["activity"], {"retention": "Lưu 3 năm"}),
        ("patch", urls["recipient"], {"service": "Sao lưu"}),
        ("patch", urls["transfer"], {"data_description": "Hồ sơ và lịch sử mua hàng"}),
        (
            "post",
            ACTIVITIES,
            {
                "organization": org.pk,
                "name": "A",
                "purpose": "B",
                "role": "controller",
                "subject_categories": [],
            },
        ),
        ("post", RECIPIENTS, {"organization": org.pk, "role": "third_party", "name": "C"}),
        (
            "post",
            CHANGES,
            {
                "organization": org.pk,
                "kind": "provider",
                "scope": "both",
                "occurred_at": "2026-03-01T10:00:00+07:00",
                "description": "Đổi",
            },
        ),
        ("delete", urls["transfer"], None),
    ]
    for method, url, body in writes:
        response = _call(client, method, url, body)
        if allowed:
            assert response.status_code in (200, 201, 204), (url, response.content)
        else:
            assert response.status_code == _denied(persona), url
    if not allowed:
        assert AuditEvent.objects.count() == events


def test_register_crud_goes_through_the_services(as_user, org, dpo, at_now):
    client = as_user(dpo)
    response = client.post(
        RECIPIENTS,
        {
            "organization": org.pk,
            "role": "processor",
            "name": "Công ty Lưu trữ An Toàn",
            "tax_code": "0101010101",
            "contract_number": "HĐ-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    recipient = response.json()
    assert recipient["abroad"] is False
    response = client.post(
        ACTIVITIES,
        {
            "organization": org.pk,
            "name": "Tuyển dụng",
            "purpose": "Đánh giá ứng viên",
            "role": "controller",
            "subject_categories": [{"name": "Ứng viên", "count": 800}],
            "basic_data_types": ["birth_name", "phone"],
            "sensitive_data_types": ["health"],
            "recipients": [recipient["id"]],
            "started_on": "2026-02-15",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    activity = response.json()
    assert activity["recipients"] == [recipient["id"]]
    assert activity["subject_categories"] == [{"name": "Ứng viên", "count": 800}]
    # The same services as the pages: change records and the dossier.file clock follow.
    kinds = set(RegisterChange.objects.filter(organization=org).values_list("kind", flat=True))
    assert kinds == {"new_purpose", "parties"}
    dossier = Dossier.objects.get(organization=org, kind=PROCESSING)
    assert deadlines_for(dossier).get(rule="dossier.file").status == "open"

    response = client.post(
        TRANSFERS,
        {
            "organization": org.pk,
            "activity": activity["id"],
            "kind": "cloud_abroad",
            "country": "Nhật Bản",
            "first_transfer_on": "2026-02-20",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    transfer = response.json()
    assert transfer["exemption"] == ""
    assert Dossier.objects.filter(organization=org, kind=TRANSFER).exists()

    response = client.patch(
        f"{ACTIVITIES}{activity['id']}/",
        {"purpose": "Tuyển dụng và đào tạo"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["purpose"] == "Tuyển dụng và đào tạo"
    listed = client.get(ACTIVITIES, {"organization": org.pk}).json()
    assert [a["id"] for a in listed["results"]] == [activity["id"]]

    assert client.delete(f"{TRANSFERS}{transfer['id']}/").status_code == 204
    assert client.delete(f"{ACTIVITIES}{activity['id']}/").status_code == 204
    assert client.delete(f"{RECIPIENTS}{recipient['id']}/").status_code == 204
    assert not ProcessingActivity.objects.filter(organization=org).exists()
    assert not Recipient.objects.filter(organization=org).exists()
    # No activity left: no dossier is due, so the clock is cancelled.
    assert not deadlines_for(dossier).filter(rule="dossier.file", status="open").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "boss"}, "role"),
        ({"basic_data_types": ["not-a-type"]}, "basic_data_types"),
        ({"subject_categories": [{"name": "Khách", "count": -1}]}, "subject_categories"),
        ({"started_on": "2099-01-01"}, "started_on"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_activity_input_is_a_field_error(as_user, org, dpo, at_now, body, field):
    full = {
        "organization": org.pk,
        "name": "X",
        "purpose": "Y",
        "role": "controller",
        "subject_categories": [],
        **body,
    }
    response = as_user(dpo).post(ACTIVITIES, full, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not ProcessingActivity.objects.exists()


def test_another_organisations_recipient_does_not_exist_for_an_activity(
    as_user, org, dpo, other_org, outsider, at_now
):
    _activity, theirs = make_register(other_org, outsider)
    response = as_user(dpo).post(
        ACTIVITIES,
        {
            "organization": org.pk,
            "name": "X",
            "purpose": "Y",
            "role": "controller",
            "subject_categories": [],
            "recipients": [theirs.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "recipients" in response.json()


def test_a_recipient_named_by_a_transfer_cannot_be_deleted(as_user, org, dpo, at_now):
    make_register(org, dpo, transfer=True)
    abroad = Recipient.objects.get(organization=org, country="Singapore")
    response = as_user(dpo).delete(f"{RECIPIENTS}{abroad.pk}/")
    assert response.status_code == 409 and "chuyển dữ liệu" in response.json()["detail"]
    assert Recipient.objects.filter(pk=abroad.pk).exists()


def test_the_register_is_exported_and_imported(as_user, org, dpo, other_org, outsider, at_now):
    make_register(org, dpo, transfer=True)
    data = as_user(dpo).get(f"{ACTIVITIES}export/", {"organization": org.pk})
    assert data.status_code == 200 and data["Content-Type"].endswith("spreadsheetml.sheet")
    client = as_user(outsider)
    upload = SimpleUploadedFile("so.xlsx", data.content)
    response = client.post(f"{ACTIVITIES}import/", {"organization": other_org.pk, "file": upload})
    assert response.status_code == 200, response.content
    assert response.json() == {"activities": 1, "recipients": 2, "transfers": 1}
    response = client.post(f"{ACTIVITIES}import/", {"organization": other_org.pk, "file": _pdf()})
    assert response.status_code == 400 and "file" in response.json()
    response = client.post(f"{ACTIVITIES}import/", {"organization": org.pk, "file": _pdf()})
    assert response.status_code == 404


# --- dossiers: the persona matrix ------------------------------------------------------------------

READS = [
    "",
    "versions/",
    "versions/1/",
    "versions/1/pdf/notice/",
    "versions/1/pdf/report/",
    "versions/1/enclosures/{version_enclosure}/",
    "versions/1/package/",
    "compare/?a=1&b=1",
    "enclosures/{enclosure}/",
    "preview/report/",
]
WRITES = [
    ("patch", "", {"answers": {"overview": "Tổng quan mới"}}),
    ("post", "submit/", {}),
    ("post", "submit-update/", {"change_reason": "Đổi nhà cung cấp"}),
    (
        "post",
        "declare-change/",
        {
            "kind": "provider",
            "occurred_at": "2026-03-01T10:00:00+07:00",
            "description": "Đổi đơn vị bảo vệ dữ liệu",
        },
    ),
    ("post", "enclosures/", "pdf"),
    ("delete", "enclosures/{enclosure}/", None),
]


def _dossier_url(dossier, suffix):
    version = dossier.versions.get(number=1)
    return f"{API}{dossier.pk}/" + suffix.format(
        enclosure=dossier.enclosures.first().pk,
        version_enclosure=version.enclosures.first().pk,
    )


@pytest.mark.parametrize("suffix", READS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_dossier_reads_by_persona(request, as_user, submitted, persona, suffix):
    response = as_user(_user(request, persona)).get(_dossier_url(submitted, suffix))
    if persona in ("dpo", "staff", "viewer"):
        assert response.status_code == 200, _body(response)[:300]
    else:
        assert response.status_code == _denied(persona)


@pytest.mark.parametrize(("method", "suffix", "body"), WRITES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_dossier_writes_by_persona(request, as_user, submitted, persona, method, suffix, body):
    url = _dossier_url(submitted, suffix)
    client = as_user(_user(request, persona))
    events = AuditEvent.objects.count()  # after the login, which is audited itself
    data = {"category": "policy", "file": _pdf()} if body == "pdf" else body
    response = _call(client, method, url, data)
    if persona in ("dpo", "staff"):
        # Past the gate: the service decided (done, a field error or a refused move).
        assert response.status_code in (200, 201, 204, 400, 409), _body(response)[:300]
    else:
        assert response.status_code == _denied(persona)
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("dpo", 201),
        ("staff", 201),
        ("viewer", 404),
        ("outsider", 404),
        ("regulator", 404),
        ("anonymous", 403),
    ],
)
def test_opening_a_draft_by_persona(request, as_user, org, at_now, persona, expected):
    response = as_user(_user(request, persona)).post(
        API, {"organization": org.pk, "kind": PROCESSING}, content_type="application/json"
    )
    assert response.status_code == expected
    assert Dossier.objects.filter(organization=org).exists() == (expected == 201)


@pytest.mark.parametrize(
    ("persona", "count"), [("dpo", 1), ("viewer", 1), ("outsider", 0), ("regulator", 0)]
)
def test_the_list_shows_the_users_organisations_only(request, as_user, submitted, persona, count):
    assert as_user(request.getfixturevalue(persona)).get(API).json()["count"] == count


def test_anonymous_cannot_list(client):
    assert client.get(API).status_code == 403
    assert client.get(f"{API}requirements/").status_code == 403


def test_the_list_query_count_does_not_grow(as_user, org, dpo, at_now):
    make_ready(org, dpo)

    def grow():
        for i in range(3):
            other = make_organization(name=f"Công ty {i}")
            add_member(other, dpo, "dpo")
            services.dossier_open(actor=dpo, organization=other, kind=PROCESSING)
        dossier = Dossier.objects.get(organization=org)
        services.dossier_submit(actor=dpo, dossier=dossier)

    before, after = assert_growth_costs_no_queries(as_user(dpo), API, grow)
    assert before.json()["count"] == 1
    assert after.json()["count"] == 4


# --- the regulator -----------------------------------------------------------------------------------

REG_READS = [
    "",
    "{id}/",
    "{id}/versions/",
    "{id}/versions/1/",
    "{id}/versions/1/pdf/notice/",
    "{id}/versions/1/enclosures/{version_enclosure}/",
    "{id}/versions/1/package/",
    "{id}/compare/",
]
REG_WRITES = [
    ("{id}/assign/", "reviewer"),
    ("{id}/accept/", {}),
    ("{id}/request-completion/", {"reasons": "Bổ sung đánh giá rủi ro."}),
]


def _reg_url(dossier, suffix):
    enclosure = dossier.versions.get(number=1).enclosures.first()
    return REG + suffix.format(id=dossier.pk, version_enclosure=enclosure.pk)


@pytest.mark.parametrize("suffix", REG_READS)
@pytest.mark.parametrize(("persona", "expected"), REGULATOR_API)
def test_regulator_reads_by_persona(request, as_user, submitted, persona, expected, suffix):
    response = as_user(_user(request, persona)).get(_reg_url(submitted, suffix))
    assert response.status_code == expected, _body(response)[:300]


@pytest.mark.parametrize(("suffix", "body"), REG_WRITES)
@pytest.mark.parametrize(("persona", "expected"), REGULATOR_API)
def test_regulator_writes_by_persona(
    request, as_user, submitted, regulator, persona, expected, suffix, body
):
    if body == "reviewer":
        body = {"reviewer": regulator.pk}
    client = as_user(_user(request, persona))
    events = AuditEvent.objects.count()
    response = _call(client, "post", _reg_url(submitted, suffix), body)
    assert response.status_code == expected, _body(response)[:300]
    if expected != 200:
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("suffix", ["{id}/", "{id}/versions/", "{id}/compare/", "{id}/accept/"])
def test_the_regulator_never_reaches_a_draft(as_user, org, dpo, regulator, at_now, suffix):
    draft = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    client = as_user(regulator)
    url = REG + suffix.format(id=draft.pk)
    response = client.post(url) if suffix.endswith("accept/") else client.get(url)
    assert response.status_code == 404
    assert client.get(REG).json()["count"] == 0


def test_the_regulator_list_query_count_does_not_grow(as_user, regulator, org, dpo, submitted):
    def grow():
        transfer = make_ready(org, dpo, TRANSFER)
        services.dossier_submit(actor=dpo, dossier=transfer)
        services.dossier_request_completion(actor=regulator, dossier=transfer, reasons="Thiếu")

    before, after = assert_growth_costs_no_queries(as_user(regulator), REG, grow)
    assert before.json()["count"] == 1
    assert after.json()["count"] == 2


# --- the workflow ----------------------------------------------------------------------------------


def test_draft_submit_completion_resubmit_accept_and_update_through_the_api(
    as_user, org, dpo, regulator, at_now
):
    make_register(org, dpo)
    client = as_user(dpo)
    response = client.post(
        API, {"organization": org.pk, "kind": PROCESSING}, content_type="application/json"
    )
    assert response.status_code == 200  # the register already opened the draft
    created = response.json()
    url = f"{API}{created['id']}/"
    assert created["status"] == "draft" and created["requirement"]["required"] is True
    assert [c["rule"] for c in created["clocks"]] == ["dossier.file"]
    assert created["answers"]["consent"]  # pre-filled from the register
    assert {s["code"] for s in created["sections"]}

    response = client.post(f"{url}submit/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "Hồ sơ chưa đủ nội dung" in response.json()["non_field_errors"][0]

    response = client.patch(
        url, {"answers": answers_for(PROCESSING)}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    for name, category in (("hop-dong.pdf", "contract"), ("chinh-sach.pdf", "policy")):
        response = client.post(
            f"{url}enclosures/", {"category": category, "description": name, "file": _pdf(name)}
        )
        assert response.status_code == 201, response.content
    detail = client.get(url).json()
    assert detail["missing"] == [] and detail["can_submit"] is True
    assert len(detail["enclosures"]) == 2

    response = client.post(
        f"{url}submit/", {"signer_name": "Trần Văn Minh"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1 and response.json()["kind"] == "initial"
    response = client.patch(url, {"answers": {"overview": "Sửa"}}, content_type="application/json")
    assert response.status_code == 409 and "chờ cơ quan chuyên trách" in response.json()["detail"]
    assert client.post(f"{url}submit/").status_code == 409

    reg = as_user(regulator)
    inbox = reg.get(REG).json()
    assert [d["id"] for d in inbox["results"]] == [created["id"]]
    assert inbox["results"][0]["clocks"][-1]["rule"] == "dossier.review"
    filed = inbox["results"][0]["status"]
    assert reg.get(REG, {"status": filed}).json()["count"] == 1
    assert reg.get(REG, {"mine": "1"}).json()["count"] == 0  # nobody assigned yet
    # A filter the list does not know is refused, not ignored (the whole list is not the answer).
    for name, bad in (("status", "draft"), ("mine", "yes"), ("flagged", "0")):
        assert reg.get(REG, {name: bad}).status_code == 400, name
    reg_url = f"{REG}{created['id']}/"
    response = reg.post(
        f"{reg_url}assign/", {"reviewer": regulator.pk}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "under_review"
    assert response.json()["assigned_reviewer"] == regulator.username
    response = reg.post(f"{reg_url}request-completion/", {}, content_type="application/json")
    assert response.status_code == 400 and "reasons" in response.json()
    response = reg.post(
        f"{reg_url}request-completion/",
        {"reasons": "Đề nghị bổ sung đánh giá rủi ro."},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "completion_requested"
    assert response.json()["review_events"][-1]["reasons"] == "Đề nghị bổ sung đánh giá rủi ro."

    client = as_user(dpo)
    detail = client.get(url).json()
    assert detail["status"] == "completion_requested" and detail["open_completion_request"]
    assert "dossier.complete" in [c["rule"] for c in detail["clocks"]]
    response = client.patch(
        url,
        {"answers": {"compliance": "Rủi ro được đánh giá lại"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    response = client.post(f"{url}submit/", {}, content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "completion"
    assert response.json()["answers_request"] == detail["open_completion_request"]

    reg = as_user(regulator)
    compare = reg.get(f"{reg_url}compare/").json()
    assert (compare["a"], compare["b"]) == (1, 2)
    assert any("Rủi ro được đánh giá lại" in r["after"] for r in compare["rows"]), compare
    response = reg.post(f"{reg_url}accept/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = reg.post(f"{reg_url}accept/", {}, content_type="application/json")
    assert response.status_code == 409 and "Không thể chuyển hồ sơ" in response.json()["detail"]

    at_now.move_to(NOW + dt.timedelta(days=1))  # the change comes after the filing
    client = as_user(dpo)
    response = client.post(
        f"{url}declare-change/",
        {
            "kind": "provider",
            "occurred_at": "2026-03-02T08:00:00+07:00",
            "description": "Đổi đơn vị cung cấp dịch vụ bảo vệ dữ liệu",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["scope"] == PROCESSING
    detail = client.get(url).json()
    assert "dossier.update.immediate" in [c["rule"] for c in detail["clocks"]]
    assert detail["pending_changes"][0]["kind"] == "provider"
    response = client.post(f"{url}submit-update/", {}, content_type="application/json")
    assert response.status_code == 400 and "change_reason" in response.json()
    response = client.post(
        f"{url}submit-update/",
        {"change_reason": "Đổi nhà cung cấp"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    update = response.json()
    assert update["kind"] == "update" and update["has_update_form"] is True
    assert "Đổi đơn vị cung cấp" in update["change_summary"]
    pdf = client.get(f"{url}versions/3/pdf/update/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.post(
        f"{url}submit-update/", {"change_reason": "Lần nữa"}, content_type="application/json"
    )
    assert response.status_code == 409 and "đạt yêu cầu" in response.json()["detail"]


def test_versions_pdfs_enclosures_and_package(as_user, submitted, dpo):
    client = as_user(dpo)
    versions = client.get(f"{API}{submitted.pk}/versions/").json()
    assert [v["number"] for v in versions] == [1]
    frozen = versions[0]["enclosures"]
    assert len(frozen) == 2 and all(len(e["sha256"]) == 64 for e in frozen)
    version = client.get(f"{API}{submitted.pk}/versions/1/").json()
    assert version["snapshot"]["signer_name"] == "Trần Văn Minh"
    notice = client.get(f"{API}{submitted.pk}/versions/1/pdf/notice/")
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"
    assert client.get(f"{API}{submitted.pk}/versions/1/pdf/update/").status_code == 404
    assert client.get(f"{API}{submitted.pk}/versions/9/").status_code == 404
    download = client.get(f"{API}{submitted.pk}/versions/1/enclosures/{frozen[0]['id']}/")
    assert download.status_code == 200 and _body(download) == PDF_BYTES
    package = client.get(f"{API}{submitted.pk}/versions/1/package/")
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert names[0].startswith("01-mau-02a-") and "DANH-MUC.txt" in names


def test_an_altered_frozen_enclosure_is_not_served(as_user, submitted, regulator):
    enclosure = submitted.versions.get().enclosures.first()
    client = as_user(regulator)
    url = f"{REG}{submitted.pk}/versions/1/enclosures/{enclosure.pk}/"
    assert_served_until_tampered(client, url, enclosure)


def test_another_dossiers_enclosure_is_404(as_user, org, dpo, submitted, at_now):
    transfer = make_ready(org, dpo, TRANSFER)
    theirs = DossierEnclosure.objects.filter(dossier=transfer).first()
    assert as_user(dpo).get(f"{API}{submitted.pk}/enclosures/{theirs.pk}/").status_code == 404


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        {"not_a_field": "x"},
        {"recipient_assessment": "only in transfer dossiers"},
        {"shares_data": "yes"},
        {"branch_count": -1},
        {"services": ["teleport"]},
        {"filer_kind": "robot"},
        {"overview": 12},
    ],
)
def test_bad_answers_are_field_errors(as_user, org, dpo, at_now, answers):
    dossier = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    response = as_user(dpo).patch(
        f"{API}{dossier.pk}/", {"answers": answers}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(answers) == list(response.json()["answers"])
    dossier.refresh_from_db()
    assert dossier.answers == {}


def test_an_enclosure_of_a_wrong_type_is_a_field_error(as_user, org, dpo, at_now):
    dossier = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    client = as_user(dpo)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"{API}{dossier.pk}/enclosures/", {"category": "policy", "file": fake})
    assert response.status_code == 400 and "file" in response.json()
    response = client.post(f"{API}{dossier.pk}/enclosures/", {"category": "x", "file": _pdf()})
    assert response.status_code == 400 and "category" in response.json()
    assert not dossier.enclosures.exists()


def test_an_enclosure_cannot_be_removed_while_the_agency_has_the_dossier(as_user, submitted, dpo):
    enclosure = submitted.enclosures.first()
    response = as_user(dpo).delete(f"{API}{submitted.pk}/enclosures/{enclosure.pk}/")
    assert response.status_code == 409 and response.json()["detail"]
    assert DossierEnclosure.objects.filter(pk=enclosure.pk).exists()


def test_bad_dossier_kind_and_assignment(as_user, org, dpo, submitted, regulator):
    response = as_user(dpo).post(
        API, {"organization": org.pk, "kind": "tax"}, content_type="application/json"
    )
    assert response.status_code == 400 and "kind" in response.json()
    response = as_user(regulator).post(
        f"{REG}{submitted.pk}/assign/", {"reviewer": dpo.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "reviewer" in response.json()


def test_requirements_tell_an_exempt_organisation_why(as_user, org, dpo, at_now):
    org.is_state_agency = True
    org.save()
    rows = as_user(dpo).get(f"{API}requirements/").json()
    assert {r["kind"] for r in rows} == {PROCESSING, TRANSFER}
    processing = next(r for r in rows if r["kind"] == PROCESSING)
    assert processing["required"] is False
    assert "Luật 91/2025 Điều 21(6)" in processing["basis"] + processing["reason"]
