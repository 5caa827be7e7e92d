import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification import services
from certification.models import Application, Certificate, ChangeRequest

from .conftest import make_application, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(org, dpo, at_start):
    return make_application(org, dpo)


@pytest.fixture
def submitted(application, dpo):
    services.application_submit(actor=dpo, application=application)
    return application


@pytest.fixture
def certificate(submitted, regulator):
    services.application_complete(actor=regulator, application=submitted)
    return services.application_grant(actor=regulator, application=submitted)


# --- persona matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 200), ("outsider", 404), ("regulator", 404)],
)
def test_staff_pages_by_persona(request, as_user, certificate, persona, status):
    client = as_user(request.getfixturevalue(persona))
    application = certificate.application
    enclosure = application.enclosures.first()
    for url in (
        reverse("certification:application", args=[application.pk]),
        reverse("certification:form04_draft", args=[application.pk]),
        reverse("certification:version_pdf", args=[application.pk, 1]),
        reverse("certification:enclosure", args=[application.pk, enclosure.pk]),
        reverse("certification:certificate", args=[certificate.pk]),
        reverse("certification:certificate_pdf", args=[certificate.pk]),
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("persona", "status"),
    [("dpo", 200), ("staff", 200), ("viewer", 404), ("outsider", 404), ("regulator", 404)],
)
def test_change_pages_by_persona(request, as_user, application, persona, status):
    client = as_user(request.getfixturevalue(persona))
    for name in ("application_edit", "application_services", "staff_new"):
        url = reverse(f"certification:{name}", args=[application.pk])
        assert client.get(url).status_code == status, name


def test_another_organisations_dpo_cannot_act(as_user, outsider, application):
    client = as_user(outsider)
    response = client.post(reverse("certification:application_submit", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert "HS-GCN" not in client.get(reverse("certification:index")).content.decode()


def test_anonymous_is_sent_to_login(client, application):
    for url in (
        reverse("certification:index"),
        reverse("certification:application", args=[application.pk]),
        reverse("certification_regulator:inbox"),
    ):
        assert client.get(url).status_code == 302


def test_regulator_sees_submitted_applications_only(as_user, org, dpo, regulator, submitted):
    draft = make_application(org, dpo, complete=False)
    client = as_user(regulator)
    inbox = client.get(reverse("certification_regulator:inbox"), follow=True).content.decode()
    assert submitted.reference in inbox and draft.reference not in inbox
    home = client.get(reverse("regulator:inbox")).content.decode()
    assert submitted.reference in home
    detail = reverse("certification_regulator:application", args=[submitted.pk])
    assert client.get(detail).status_code == 200
    assert (
        client.get(reverse("certification_regulator:application", args=[draft.pk])).status_code
        == 404
    )
    pdf = client.get(reverse("certification_regulator:version_pdf", args=[submitted.pk, 1]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    enclosure = submitted.enclosures.first()
    file = client.get(
        reverse("certification_regulator:enclosure", args=[submitted.pk, enclosure.pk])
    )
    assert file.status_code == 200 and file["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", ["dpo", "outsider", "viewer"])
def test_organisations_cannot_reach_the_regulator_pages(request, as_user, certificate, persona):
    client = as_user(request.getfixturevalue(persona))
    for url in (
        reverse("certification_regulator:inbox"),
        reverse("certification_regulator:application", args=[certificate.application_id]),
        reverse("certification_regulator:certificate", args=[certificate.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("certification_regulator:revoke", args=[certificate.pk]), {"ground": "inactive"}
    )
    assert response.status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


# --- the organisation's pages --------------------------------------------------------------------


def test_submitting_an_incomplete_application_says_what_is_missing(as_user, org, dpo, at_start):
    draft = make_application(org, dpo, complete=False)
    client = as_user(dpo)
    response = client.post(
        reverse("certification:application_submit", args=[draft.pk]), follow=True
    )
    text = response.content.decode()
    assert "Hồ sơ chưa đủ" in text and "người đại diện theo pháp luật" in text
    assert "tối thiểu 3 nhân sự" in text
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_the_application_page_shows_checklists(as_user, dpo, application):
    text = as_user(dpo).get(reverse("certification:application", args=[application.pk]))
    text = text.content.decode()
    assert "3/3 nhân sự đủ điều kiện" in text
    assert "Điều 22 khoản 2 điểm a" in text and "Điều 25 khoản 1 điểm d" in text
    assert "Hồ sơ đã đủ các phần bắt buộc" in text


def test_a_dpo_fills_in_and_submits_through_the_pages(as_user, org, dpo, at_start):
    client = as_user(dpo)
    response = client.post(reverse("certification:application_new"), {"organization": org.pk})
    application = Application.objects.get()
    assert response.status_code == 302
    response = client.post(
        reverse("certification:application_services", args=[application.pk]),
        {"use_analytics": "on", "scope_analytics": ""},
    )
    assert "Cần ghi phạm vi" in response.content.decode()
    client.post(
        reverse("certification:application_services", args=[application.pk]),
        {"use_analytics": "on", "scope_analytics": "Phân tích hành vi mua sắm"},
    )
    assert list(application.services.values_list("service", flat=True)) == ["analytics"]
    client.post(
        reverse("certification:staff_new", args=[application.pk]),
        {
            "full_name": "Ngô Thị Hà",
            "degree_level": "master",
            "experience_field": "data_security",
            "graduated_on": "2019-06-30",
            "experience_since": "2019-08-01",
            "training": "Khóa bồi dưỡng 2025",
        },
    )
    staff = application.staff.get()
    response = client.post(
        reverse("certification:enclosure_upload", args=[application.pk]),
        {"kind": "diploma", "staff": staff.pk, "file": pdf_upload("bang-thac-si.pdf")},
    )
    assert response.status_code == 302
    assert application.enclosures.get().staff == staff
    assert services.staff_findings(staff) == []
    data = {
        "legal_representative": "Trần Văn Minh",
        "head_name": "Phạm Thị Thu",
        "head_is_vietnamese_citizen": "on",
        "head_resides_in_vietnam": "on",
        "commitment": "on",
        **{f"scheme_{letter}": f"Điểm {letter}" for letter in "abcdđeghik"},
    }
    client.post(reverse("certification:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.scheme_points["đ"] == "Điểm đ" and application.commitment


def test_a_dpo_requests_a_reissue(as_user, dpo, certificate):
    client = as_user(dpo)
    response = client.post(
        reverse("certification:change_new", args=[certificate.pk]),
        {"kind": "replace", "reason": "Đổi tên", "changes": "Tên mới"},
    )
    assert "Điều 26 khoản 2 điểm a" in response.content.decode()
    response = client.post(
        reverse("certification:change_new", args=[certificate.pk]),
        {"kind": "reissue", "reason": "Bản giấy bị hỏng"},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    pdf = client.get(reverse("certification:change_pdf", args=[change.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_viewer_cannot_request_a_change(as_user, viewer, certificate):
    client = as_user(viewer)
    assert client.get(reverse("certification:change_new", args=[certificate.pk])).status_code == 404


# --- the agency's pages --------------------------------------------------------------------------


def test_the_agency_decides_through_the_pages(as_user, regulator, submitted):
    client = as_user(regulator)
    url = reverse("certification_regulator:request_supplement", args=[submitted.pk])
    response = client.post(url, {"message": ""}, follow=True)
    assert "Cần nêu rõ lý do" in response.content.decode()
    client.post(reverse("certification_regulator:complete", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.UNDER_REVIEW
    response = client.post(
        reverse("certification_regulator:grant", args=[submitted.pk]),
        {"signer_name": "Nguyễn Văn An", "signer_title": "Cục trưởng", "proposed_by": ""},
    )
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse(
        "certification_regulator:certificate", args=[certificate.pk]
    )


def test_revocation_without_a_ground_is_refused(as_user, regulator, certificate):
    client = as_user(regulator)
    response = client.post(
        reverse("certification_regulator:revoke", args=[certificate.pk]),
        {"ground": "", "reason": "Không rõ"},
        follow=True,
    )
    assert "Cần chọn một căn cứ thu hồi" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    client.post(
        reverse("certification_regulator:revoke", args=[certificate.pk]),
        {"ground": "inactive", "decision_number": "7/QĐ-A05"},
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    page = client.get(reverse("certification_regulator:certificate", args=[certificate.pk]))
    assert "certificate.return" in page.content.decode()


# --- public pages --------------------------------------------------------------------------------


def test_verification_page_for_a_valid_certificate(client, certificate):
    response = client.get(reverse("certification_public:verify", args=[certificate.number]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in text and "Giấy chứng nhận còn hiệu lực" in text
    assert certificate.holder_name in text and "Phân tích" not in text
    assert "Mã hóa dữ liệu cá nhân trong quá trình truyền tải và lưu trữ" in text


def test_verification_page_for_replaced_and_revoked(client, dpo, regulator, certificate):
    change = services.certificate_request_change(
        actor=dpo, certificate=certificate, kind="reissue", reason="Mất bản giấy."
    )
    new = services.certificate_change_grant(actor=regulator, change=change)
    old_page = client.get(reverse("certification_public:verify", args=[certificate.number]))
    text = old_page.content.decode()
    assert 'data-status="replaced"' in text and new.number in text
    services.certificate_revoke(actor=regulator, certificate=new, ground="dissolved")
    text = client.get(reverse("certification_public:verify", args=[new.number])).content.decode()
    assert 'data-status="revoked"' in text and "đã bị thu hồi" in text
    assert "điểm c" in text


def test_unknown_certificate_number_is_404_without_leaking(client, certificate):
    response = client.get(reverse("certification_public:verify", args=["GCN-2026-9999"]))
    assert response.status_code == 404
    text = response.content.decode()
    assert certificate.holder_name not in text and certificate.number not in text
    assert client.get("/verify/%3Cscript%3E/").status_code == 404


def test_the_registry_lists_and_searches(client, org, other_org, dpo, regulator, certificate):
    registry = reverse("certification_public:registry")
    text = client.get(registry).content.decode()
    assert certificate.number in text and org.tax_code in text
    assert certificate.number in client.get(registry, {"q": org.tax_code}).content.decode()
    assert certificate.number not in client.get(registry, {"q": "không có"}).content.decode()
    found = client.get(registry, {"service": "encryption"}).content.decode()
    assert certificate.number in found
    assert certificate.number not in client.get(registry, {"service": "analytics"}).content.decode()
    services.certificate_revoke(actor=regulator, certificate=certificate, ground="requested")
    text = client.get(registry, {"status": "revoked"}).content.decode()
    assert certificate.number in text and "Thông báo thu hồi" in text
    row = f'data-number="{certificate.number}"'
    assert row not in client.get(registry, {"status": "valid"}).content.decode()


def test_public_pages_work_for_anonymous_and_signed_in_users(
    client, as_user, outsider, certificate
):
    for user in (None, outsider):
        c = as_user(user)
        assert c.get(reverse("certification_public:registry")).status_code == 200
        url = reverse("certification_public:verify", args=[certificate.number])
        assert c.get(url).status_code == 200


def test_registry_queries_do_not_grow_with_rows(client, org, dpo, regulator, certificate):
    url = reverse("certification_public:registry")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        change = services.certificate_request_change(
            actor=dpo,
            certificate=Certificate.objects.get(status="valid"),
            kind="reissue",
            reason="x",
        )
        services.certificate_change_grant(actor=regulator, change=change)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
