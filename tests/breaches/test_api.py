"""The breach API: every endpoint by persona, the workflow end to end, field errors and 409s."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from breaches import services
from breaches.models import Breach, BreachAttachment, NoticeRecipient
from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import OutboxMessage
from tests import factories
from tests.personas import REGULATOR_API
from tests.queries import assert_growth_costs_no_queries

from .conftest import COMPLETE, DISCOVERED, make_breach

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tmp_media")]

API = "/api/v1/breaches/"
REG = "/api/v1/regulator/breaches/"
PDF_HEAD = factories.PDF


@pytest.fixture
def breach(org, dpo, at_discovery):
    """A complete breach, submitted once, with a draft notice and an attachment."""
    breach = make_breach(org, dpo)
    services.attachment_add(
        actor=dpo,
        breach=breach,
        upload=SimpleUploadedFile("nhat-ky.pdf", PDF_HEAD),
        description="Nhật ký truy cập",
    )
    services.breach_submit(actor=dpo, breach=breach)
    services.notice_create(actor=dpo, breach=breach, **services.notice_defaults(breach))
    breach.refresh_from_db()
    return breach


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _call(client, method, url, data=None):
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    if isinstance(data, dict) and any(isinstance(v, SimpleUploadedFile) for v in data.values()):
        return getattr(client, method)(url, data)  # multipart
    return getattr(client, method)(url, data or {}, content_type="application/json")


def _csv():
    return SimpleUploadedFile("ds.csv", b"an@example.vn,An\n", content_type="text/csv")


def _pdf():
    return SimpleUploadedFile("x.pdf", PDF_HEAD)


# (method, path after /api/v1/breaches/{id}/, body): every staff endpoint on one breach.
READS = [
    ("get", "", None),
    ("get", "form08/", None),
    ("get", "form08/?lang=en", None),
    ("get", "submissions/1/pdf/", None),
    ("get", "record/", None),
    ("get", "attachments/{attachment}/", None),
]
WRITES = [
    ("patch", "", {"location": "Hà Nội"}),
    ("delete", "", None),
    ("post", "submit/", {"note": "Bổ sung nhật ký."}),
    ("post", "contain/", {}),
    ("post", "remediate/", {}),
    ("post", "close/", {}),
    ("post", "controller-notified/", {}),
    ("post", "notices/", {}),
    ("post", "notices/{notice}/recipients/", "csv"),
    ("post", "notices/{notice}/send/", {}),
    ("post", "public-notice/publish/", {}),
    ("post", "public-notice/withdraw/", {}),
    ("post", "attachments/", "pdf"),
]


def _url(breach, path):
    return f"{API}{breach.pk}/" + path.format(
        notice=breach.subject_notices.get().pk, attachment=breach.attachments.get().pk
    )


def _data(body):
    if body == "csv":
        return {"file": _csv()}
    if body == "pdf":
        return {"file": _pdf()}
    return body


@pytest.mark.parametrize(("method", "path", "body"), READS)
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("dpo", True),
        ("staff", True),
        ("viewer", True),
        ("outsider", False),
        ("regulator", False),
        ("anonymous", False),
    ],
)
def test_read_endpoints_by_persona(request, as_user, breach, persona, allowed, method, path, body):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = _call(as_user(user), method, _url(breach, path), body)
    if allowed:
        assert response.status_code == 200, _body(response)[:300]
    else:
        assert response.status_code == (403 if persona == "anonymous" else 404)


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("dpo", True),
        ("staff", True),
        ("viewer", False),
        ("outsider", False),
        ("regulator", False),
        ("anonymous", False),
    ],
)
def test_write_endpoints_by_persona(request, as_user, breach, persona, allowed, method, path, body):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    url = _url(breach, path)
    events = AuditEvent.objects.count()
    response = _call(as_user(user), method, url, _data(body))
    if allowed:
        # Past the gate: the service decided (done, a field error or a refused move).
        assert response.status_code in (200, 201, 204, 400, 409), _body(response)[:300]
    else:
        assert response.status_code == (403 if persona == "anonymous" else 404)
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 201), ("staff", 201), ("viewer", 404), ("outsider", 404), ("regulator", 404)],
)
def test_quick_record_by_persona(request, as_user, org, at_discovery, persona, status):
    response = as_user(request.getfixturevalue(persona)).post(
        API,
        {
            "organization": org.pk,
            "summary": "Mất máy tính xách tay",
            "discovered_at": "2026-03-02T09:30:00+07:00",
        },
        content_type="application/json",
    )
    assert response.status_code == status
    assert Breach.objects.exists() == (status == 201)


def test_anonymous_cannot_list_or_record(client, org):
    assert client.get(API).status_code == 403
    assert client.post(API, {"organization": org.pk}).status_code == 403


@pytest.mark.parametrize(("persona", "count"), [("dpo", 1), ("viewer", 1), ("outsider", 0)])
def test_the_list_shows_the_users_organisations_only(request, as_user, breach, persona, count):
    data = as_user(request.getfixturevalue(persona)).get(API).json()
    assert data["count"] == count


def test_the_list_query_count_does_not_grow(as_user, org, dpo, breach):
    def grow():
        for _ in range(4):
            make_breach(org, dpo)

    before, after = assert_growth_costs_no_queries(as_user(dpo), API, grow)
    assert before.status_code == 200
    assert after.json()["count"] == 5


# --- the workflow ----------------------------------------------------------------------------------


def test_record_complete_submit_review_and_close_through_the_api(
    as_user, org, dpo, regulator, at_discovery
):
    staff_client = as_user(dpo)
    response = staff_client.post(
        API,
        {
            "organization": org.pk,
            "summary": "Lộ cơ sở dữ liệu khách hàng",
            "discovered_at": DISCOVERED.isoformat(),
            "basic_data_types": ["name", "identifiers"],
            "subject_count": 45000,
            "harms_data_subjects": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert [c["rule"] for c in created["clocks"]] == ["breach.notify_agency"]
    assert created["duties"][0]["code"] == "notify_agency"
    url = f"{API}{created['id']}/"

    response = staff_client.post(f"{url}submit/", {}, content_type="application/json")
    assert response.status_code == 400 and "non_field_errors" in response.json()

    response = staff_client.patch(url, COMPLETE, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["location"] == COMPLETE["location"]

    response = staff_client.post(
        f"{url}submit/", {"place": "Hà Nội"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "initial" and response.json()["within_deadline"] is True

    reg_client = as_user(regulator)
    inbox = reg_client.get(REG).json()
    assert [b["id"] for b in inbox["results"]] == [created["id"]]
    reg_url = f"{REG}{created['id']}/"
    response = reg_client.post(
        f"{reg_url}request-information/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and "message" in response.json()
    response = reg_client.post(
        f"{reg_url}request-information/",
        {"message": "Đề nghị gửi nhật ký truy cập."},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["review_status"] == "info_requested"

    staff_client = as_user(dpo)
    detail = staff_client.get(url).json()
    request_id = detail["open_info_request"]
    assert request_id
    response = staff_client.post(
        f"{url}submit/", {"note": "Gửi nhật ký truy cập."}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "supplement"
    assert response.json()["answers_request"] == request_id

    reg_client = as_user(regulator)
    assert reg_client.post(f"{reg_url}acknowledge/").status_code == 200
    response = reg_client.post(f"{reg_url}close/")
    assert response.status_code == 200 and response.json()["review_status"] == "closed"
    response = reg_client.post(f"{reg_url}acknowledge/")
    assert response.status_code == 409 and response.json()["detail"]
    pdf = reg_client.get(f"{reg_url}submissions/2/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    staff_client = as_user(dpo)
    assert staff_client.post(f"{url}contain/").status_code == 200
    assert staff_client.post(f"{url}remediate/").status_code == 200
    response = staff_client.post(f"{url}close/")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["retain_until"]
    response = staff_client.delete(url)
    assert response.status_code == 409 and Breach.objects.filter(pk=created["id"]).exists()


def test_an_illegal_move_is_409_with_the_reason_and_changes_nothing(
    as_user, org, dpo, at_discovery
):
    breach = make_breach(org, dpo)
    response = as_user(dpo).post(f"{API}{breach.pk}/remediate/")
    assert response.status_code == 409
    assert "Không thể chuyển vi phạm" in response.json()["detail"]
    breach.refresh_from_db()
    assert breach.status == "open" and breach.remediated_at is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("discovered_at", "2026-03-09T09:30:00+07:00"),
        ("subject_count", -3),
        ("subject_count", 10**11),
        ("basic_data_types", ["not-a-type"]),
        ("acting_role", "nobody"),
    ],
)
def test_bad_input_is_a_field_error_and_records_nothing(
    as_user, org, dpo, at_discovery, field, value
):
    body = {
        "organization": org.pk,
        "summary": "Sự cố thử",
        "discovered_at": "2026-03-02T09:30:00+07:00",
        field: value,
    }
    response = as_user(dpo).post(API, body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Breach.objects.exists()


@pytest.mark.parametrize(
    "discovered_at",
    ["1000-01-01T00:00:00+07:00", "0001-01-01T00:00:00", "1999-12-31T23:59:00+07:00"],
)
def test_a_discovery_outside_the_calendar_years_is_refused(as_user, org, dpo, discovered_at):
    # The 72 hours are counted from it: a year the calendar does not hold is no discovery time
    # (the year 1000 was stored as VP-1000-0001; 0001-01-01 answered "number too large").
    body = {"organization": org.pk, "summary": "Sự cố thử", "discovered_at": discovered_at}
    response = as_user(dpo).post(API, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"discovered_at": ["Ngày phải nằm trong các năm từ 2000 đến 2099."]}
    assert not Breach.objects.exists()


def test_a_processor_must_name_its_controller(as_user, org, dpo, at_discovery):
    response = as_user(dpo).post(
        API,
        {
            "organization": org.pk,
            "summary": "Sự cố tại bên xử lý",
            "discovered_at": "2026-03-02T09:30:00+07:00",
            "acting_role": "processor",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "controller_name" in response.json()


def test_completing_with_an_absurd_volume_is_a_field_error(as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    response = as_user(dpo).patch(
        f"{API}{breach.pk}/", {"record_count": 10**16}, content_type="application/json"
    )
    assert response.status_code == 400 and "record_count" in response.json()
    breach.refresh_from_db()
    assert breach.record_count == COMPLETE["record_count"]


def test_a_late_initial_notification_needs_its_reason(as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    at_discovery.move_to(DISCOVERED + dt.timedelta(hours=80))
    client = as_user(dpo)
    response = client.post(f"{API}{breach.pk}/submit/", {}, content_type="application/json")
    assert response.status_code == 400 and "late_reason" in response.json()
    response = client.post(
        f"{API}{breach.pk}/submit/",
        {"late_reason": "Phải xác minh với nhà cung cấp."},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["within_deadline"] is False


def test_the_controller_notified_moment_cannot_be_in_the_future(as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo, acting_role="processor", controller_name="Ngân hàng A")
    client = as_user(dpo)
    response = client.post(
        f"{API}{breach.pk}/controller-notified/",
        {"at": "2026-03-09T09:30:00+07:00"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "at" in response.json()
    response = client.post(f"{API}{breach.pk}/controller-notified/")
    assert response.status_code == 200 and response.json()["controller_notified_at"]


# --- notices ---------------------------------------------------------------------------------------


def test_notices_through_the_api(as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo, sensitive_data_types=["location"])
    client = as_user(dpo)
    response = client.post(f"{API}{breach.pk}/notices/", {}, content_type="application/json")
    assert response.status_code == 201, response.content
    notice = response.json()
    assert notice["status"] == "draft" and notice["recipient_count"] == 0
    base = f"{API}{breach.pk}/notices/{notice['id']}/"

    bad = "email,họ tên\nan@example.vn,An\nkhong-phai-email,Bình\nan@example.vn,Trùng\n"
    response = client.post(
        f"{base}recipients/", {"file": SimpleUploadedFile("d.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert [row["line"] for row in response.json()["rows"]] == [3, 4]
    assert not NoticeRecipient.objects.exists()

    response = client.post(f"{base}send/")
    assert response.status_code == 400

    good = "an@example.vn,Nguyễn Văn An\nbinh@example.vn,Trần Bình\n"
    response = client.post(
        f"{base}recipients/", {"file": SimpleUploadedFile("d.csv", good.encode())}
    )
    assert response.status_code == 200 and response.json()["recipient_count"] == 2

    response = client.post(f"{base}send/")
    assert response.status_code == 200 and response.json()["status"] == "sent"
    assert client.post(f"{base}send/").status_code == 409
    assert OutboxMessage.objects.filter(template="breach_subject_notice").count() == 2
    clocks = {c["rule"]: c for c in client.get(f"{API}{breach.pk}/").json()["clocks"]}
    assert clocks["breach.notify_subjects"]["status"] == "met"


def test_a_notice_content_left_empty_is_a_field_error(as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    response = as_user(dpo).post(
        f"{API}{breach.pk}/notices/", {"guidance": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "guidance" in response.json()


def test_another_breachs_notice_is_404(as_user, org, dpo, breach, at_discovery):
    other = make_breach(org, dpo)
    notice = breach.subject_notices.get()
    response = as_user(dpo).post(f"{API}{other.pk}/notices/{notice.pk}/send/")
    assert response.status_code == 404


def test_the_public_notice_through_the_api(client, as_user, org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    api = as_user(dpo)
    response = api.post(
        f"{API}{breach.pk}/public-notice/publish/",
        {"text": "Thông báo công khai thử"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["public_notice_published_at"]
    page = reverse("breaches_public:notice", args=[breach.public_id])
    client.logout()
    assert "Thông báo công khai thử" in client.get(page).content.decode()
    api = as_user(dpo)
    response = api.post(f"{API}{breach.pk}/public-notice/withdraw/")
    assert response.status_code == 200 and response.json()["public_notice_published_at"] is None
    client.logout()
    assert client.get(page).status_code == 404


# --- the regulator -----------------------------------------------------------------------------------


REG_ENDPOINTS = [
    ("get", "", None),
    ("get", "{id}/", None),
    ("get", "{id}/submissions/1/pdf/", None),
    ("post", "{id}/acknowledge/", {}),
    ("post", "{id}/request-information/", {"message": "Gửi thêm nhật ký."}),
    ("post", "{id}/close/", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), REG_ENDPOINTS)
@pytest.mark.parametrize(("persona", "expected"), REGULATOR_API)
def test_regulator_endpoints_by_persona(
    request, as_user, breach, persona, expected, method, path, body
):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    response = _call(as_user(user), method, REG + path.format(id=breach.pk), body)
    assert response.status_code == expected, _body(response)[:300]


@pytest.mark.parametrize("path", ["{id}/", "{id}/submissions/1/pdf/", "{id}/acknowledge/"])
def test_the_regulator_never_reaches_a_draft(as_user, org, dpo, regulator, at_discovery, path):
    draft = make_breach(org, dpo)
    client = as_user(regulator)
    method = client.post if path.endswith("acknowledge/") else client.get
    assert method(REG + path.format(id=draft.pk)).status_code == 404
    assert client.get(REG).json()["count"] == 0


def test_the_regulator_filters_and_sees_the_deadline_kept(as_user, regulator, breach):
    client = as_user(regulator)
    data = client.get(REG, {"review": "received"}).json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["within_deadline"] is True and row["submissions"][0]["version"] == 1
    assert client.get(REG, {"review": "closed"}).json()["count"] == 0
    assert client.get(REG, {"late": "1"}).json()["count"] == 0


def test_the_regulator_filters_by_month_and_is_told_of_a_bad_filter(as_user, regulator, breach):
    client = as_user(regulator)
    month = timezone.localtime(breach.submitted_at).strftime("%Y-%m")
    assert client.get(REG, {"month": month}).json()["count"] == 1
    assert client.get(REG, {"month": "2020-01"}).json()["count"] == 0
    # A filter the list would not understand is refused, never ignored: the whole list would
    # pass for the filtered one.
    for bad in ("2026-1", "2026-13", "tháng 3"):
        answer = client.get(REG, {"month": bad})
        assert answer.status_code == 400, bad
        assert answer.json() == {"month": ["Tháng phải có dạng NNNN-TT, ví dụ 2026-03."]}
    english = client.get(REG, {"month": "2026-1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"month": ["A month is written YYYY-MM, for example 2026-03."]}
    for name, bad in (("review", "lost"), ("late", "0")):
        assert client.get(REG, {name: bad}).status_code == 400


def test_attachments_are_listed_by_the_api(as_user, dpo, breach):
    data = as_user(dpo).get(f"{API}{breach.pk}/").json()
    assert [a["description"] for a in data["attachments"]] == ["Nhật ký truy cập"]
    assert BreachAttachment.objects.count() == 1
