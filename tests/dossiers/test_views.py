"""Pages: the persona matrix, forms, PDFs of every form (pdftotext), XLSX, the filing package."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from dossiers import documents, services
from dossiers.catalogue import PROCESSING, TRANSFER
from dossiers.models import Dossier, ProcessingActivity
from tests.pdftotext import assert_pdf_says, pdftotext_flat
from tests.stored_files import assert_served_until_tampered

from .conftest import make_ready, make_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(org, dpo, at_now):
    dossier = make_ready(org, dpo)
    services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Trần Văn Minh")
    return dossier


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("outsider", 404),
        ("viewer", 200),
        ("staff", 200),
        ("dpo", 200),
        ("regulator", 404),
    ],
)
def test_staff_detail_persona_matrix(request, as_user, submitted, who, status):
    user = request.getfixturevalue(who) if who else None
    response = as_user(user).get(f"/dossiers/{submitted.pk}/")
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("outsider", 404), ("viewer", 404), ("staff", 200), ("dpo", 200)]
)
def test_only_members_who_may_change_edit(request, as_user, submitted, who, status):
    user = request.getfixturevalue(who)
    assert as_user(user).get(f"/dossiers/{submitted.pk}/edit/").status_code == status


def test_regulator_never_sees_a_draft(as_user, org, dpo, regulator, at_now):
    draft = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    client = as_user(regulator)
    assert client.get(f"/regulator/dossiers/{draft.pk}/").status_code == 404
    assert draft.reference not in client.get("/regulator/dossiers/", follow=True).content.decode()


@pytest.mark.parametrize(("who", "status"), [("dpo", 404), ("outsider", 404), ("regulator", 200)])
def test_regulator_pages_persona_matrix(request, as_user, submitted, who, status):
    user = request.getfixturevalue(who)
    assert as_user(user).get(f"/regulator/dossiers/{submitted.pk}/").status_code == status
    assert as_user(user).get("/regulator/dossiers/", follow=True).status_code == status


def test_regulator_home_lists_the_submitted_dossier(as_user, submitted, regulator):
    body = as_user(regulator).get("/regulator/").content.decode()
    assert submitted.reference in body


def test_index_shows_requirement_and_clock(as_user, org, dpo, at_now):
    make_register(org, dpo)
    body = as_user(dpo).get("/dossiers/").content.decode()
    assert 'data-rule="dossier.file"' in body and "Nghị định 356/2025 Điều 18 khoản 4" in body
    assert "Thứ" in body and "giờ Việt Nam" in body


def test_exempt_organisation_is_told_why(as_user, org, dpo, at_now):
    org.is_state_agency = True
    org.save()
    body = as_user(dpo).get("/dossiers/").content.decode()
    assert 'data-required="0"' in body and "Luật 91/2025 Điều 21(6)" in body


def test_register_activity_form_creates_an_activity(as_user, org, dpo, at_now):
    response = as_user(dpo).post(
        f"/dossiers/register/{org.pk}/activities/new/",
        {
            "name": "Quản lý nhân sự",
            "purpose": "Trả lương, bảo hiểm",
            "role": "controller",
            "subjects": "Người lao động: 350",
            "basic_data_types": ["birth_name", "personal_id"],
            "sensitive_data_types": ["health"],
            "started_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    activity = ProcessingActivity.objects.get(name="Quản lý nhân sự")
    assert activity.subject_categories == [{"name": "Người lao động", "count": 350}]
    assert activity.sensitive_data_types == ["health"]


def test_bad_subject_line_is_reported(as_user, org, dpo, at_now):
    response = as_user(dpo).post(
        f"/dossiers/register/{org.pk}/activities/new/",
        {"name": "X", "purpose": "Y", "role": "controller", "subjects": "Khách hàng nhiều"},
    )
    assert response.status_code == 200 and "Dòng 1" in response.content.decode()


def test_enclosure_of_a_wrong_type_is_refused(as_user, org, dpo, at_now):
    dossier = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = as_user(dpo).post(
        f"/dossiers/{dossier.pk}/enclosures/", {"category": "policy", "file": fake}, follow=True
    )
    assert "không đúng định dạng" in response.content.decode()
    assert not dossier.enclosures.exists()


def test_submit_page_lists_what_is_missing(as_user, org, dpo, at_now):
    dossier = services.dossier_open(actor=dpo, organization=org, kind=PROCESSING)
    response = as_user(dpo).post(f"/dossiers/{dossier.pk}/submit/", {})
    body = response.content.decode()
    assert response.status_code == 200 and "Hồ sơ chưa đủ nội dung" in body
    assert "Tài liệu kèm theo" in body


def test_form10_and_02a_pdfs_carry_the_entered_fields(as_user, submitted, org, dpo, tmp_path):
    client = as_user(dpo)
    report = pdftotext_flat(client.get(f"/dossiers/{submitted.pk}/v1/report.pdf").content, tmp_path)
    assert "Mẫu số 10" in report and "Nội dung security_plan của tổ chức" in report
    assert "Quản lý khách hàng thành viên" in report, report[2000:3500]
    assert_pdf_says(
        client.get(f"/dossiers/{submitted.pk}/v1/notice.pdf").content,
        tmp_path,
        "Mẫu số 02a",
        "GỬI HỒ SƠ ĐÁNH GIÁ TÁC ĐỘNG XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "Kính gửi",
        org.name,
        "Nội dung legal_representative của tổ chức",
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
        "Chính sách bảo vệ dữ liệu cá nhân",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    )


def test_form09_and_01a_pdfs(as_user, org, dpo, at_now, tmp_path):
    dossier = make_ready(org, dpo, TRANSFER)
    services.dossier_submit(actor=dpo, dossier=dossier)
    client = as_user(dpo)
    assert_pdf_says(
        client.get(f"/dossiers/{dossier.pk}/v1/report.pdf").content,
        tmp_path,
        "Mẫu số 09",
        "CHUYỂN DỮ LIỆU CÁ NHÂN XUYÊN BIÊN GIỚI",
        "Cloud Harbor Pte. Ltd.",
        "Singapore",
        "Nội dung recipient_assessment của tổ chức",
    )
    notice = pdftotext_flat(client.get(f"/dossiers/{dossier.pk}/v1/notice.pdf").content, tmp_path)
    assert "Mẫu số 01a" in notice and "Tên giao dịch tiếng Việt" in notice


def test_individual_filers_get_forms_02b_and_03b(as_user, org, dpo, regulator, at_now, tmp_path):
    dossier = make_ready(org, dpo)
    services.dossier_save_answers(
        actor=dpo,
        dossier=dossier,
        answers={"filer_kind": "individual", "individual_id": "001088001234"},
    )
    services.dossier_submit(actor=dpo, dossier=dossier)
    services.dossier_accept(actor=regulator, dossier=dossier)
    services.dossier_save_answers(
        actor=dpo, dossier=dossier, answers={"individual_workplace": "Viện Dữ liệu"}
    )
    services.dossier_submit(actor=dpo, dossier=dossier, change_reason="Đổi nơi công tác")
    client = as_user(dpo)
    notice = pdftotext_flat(client.get(f"/dossiers/{dossier.pk}/v1/notice.pdf").content, tmp_path)
    assert "Mẫu số 02b" in notice and "NGƯỜI NỘP HỒ SƠ" in notice and "001088001234" in notice
    update = pdftotext_flat(client.get(f"/dossiers/{dossier.pk}/v2/update.pdf").content, tmp_path)
    assert "Mẫu số 03b" in update and "Đổi nơi công tác" in update and "Viện Dữ liệu" in update


def test_form03a_pdf_carries_the_diff_and_reason(as_user, submitted, org, dpo, regulator, tmp_path):
    services.dossier_accept(actor=regulator, dossier=submitted)
    services.dossier_save_answers(
        actor=dpo, dossier=submitted, answers={"compliance": "Đánh giá lại tháng 3"}
    )
    services.dossier_submit(
        actor=dpo, dossier=submitted, change_reason="Kết quả đánh giá tuân thủ mới"
    )
    assert_pdf_says(
        as_user(dpo).get(f"/dossiers/{submitted.pk}/v2/update.pdf").content,
        tmp_path,
        "Mẫu số 03a",
        "THAY ĐỔI NỘI DUNG HỒ SƠ",
        "Đánh giá lại tháng 3",
        "Kết quả đánh giá tuân thủ mới",
    )
    body = as_user(dpo).get(f"/dossiers/{submitted.pk}/compare/?a=1&b=2").content.decode()
    assert "Đánh giá lại tháng 3" in body and 'data-change="changed"' in body


def test_an_update_filed_from_an_english_session_is_frozen_in_vietnamese(submitted, dpo, regulator):
    services.dossier_accept(actor=regulator, dossier=submitted)
    services.dossier_save_answers(actor=dpo, dossier=submitted, answers={"compliance": "Mới"})
    with translation.override("en"):
        # A refusal speaks the submitter's language...
        with pytest.raises(ValidationError) as refused:
            services.dossier_submit(actor=dpo, dossier=submitted)
        assert "State the reason for the change" in str(refused.value)
        version = services.dossier_submit(
            actor=dpo, dossier=submitted, change_reason="Đánh giá lại"
        )
    # ...what is filed with the agency (Form 03a's list of changes) is Vietnamese.
    assert "Nội dung đánh giá ›" in version.change_summary
    assert "Assessment" not in version.change_summary


def test_the_comparison_reads_in_english(submitted):
    snapshot = submitted.versions.get(number=1).snapshot
    with translation.override("en"):
        english = {label for _section, label in documents.flatten(snapshot)}
    vietnamese = {label for _section, label in documents.flatten(snapshot)}
    # Every label of the filer's and the activities' sections has its English reading.
    for label in ("Name of the organisation (Vietnamese)", "Business lines (sector codes)"):
        assert label in english, label
    assert "Data flow" in english and "Deletion, destruction" in english
    assert not {"Tên tổ chức (tiếng Việt)", "Luồng dữ liệu", "Xóa, hủy"} & english
    assert {"Tên tổ chức (tiếng Việt)", "Luồng dữ liệu", "Xóa, hủy"} <= vietnamese


def test_the_register_form_cites_each_data_type_in_the_users_language(as_user, org, dpo):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/dossiers/register/{org.pk}/activities/new/").content.decode()
    assert "(Art. 3(1))" in english and "(Art. 4(1)(a))" in english
    assert "Điều 3 khoản" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = client.get(f"/dossiers/register/{org.pk}/activities/new/").content.decode()
    assert "(Điều 3 khoản 1)" in vietnamese and "(Điều 4 khoản 1 điểm a)" in vietnamese


def test_the_filing_package_holds_the_pdfs_and_enclosures_with_hashes(as_user, submitted, dpo):
    response = as_user(dpo).get(f"/dossiers/{submitted.pk}/v1/package.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[0].startswith("01-mau-02a-") and names[1].startswith("02-mau-10-")
    assert any("hop-dong.pdf" in n for n in names) and "DANH-MUC.txt" in names
    assert "sha256=" in archive.read("DANH-MUC.txt").decode()


def test_frozen_enclosure_is_refused_once_its_file_changed(as_user, submitted, dpo, regulator):
    enclosure = submitted.versions.get().enclosures.first()
    client = as_user(regulator)
    url = f"/regulator/dossiers/{submitted.pk}/v1/enclosures/{enclosure.pk}/"
    assert_served_until_tampered(client, url, enclosure)


def test_xlsx_export_then_import_into_another_organisation(
    as_user, org, dpo, other_org, outsider, at_now
):
    make_register(org, dpo, transfer=True)
    data = as_user(dpo).get(f"/dossiers/register/{org.pk}/export.xlsx").content
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [
        "Ben lien quan",
        "Hoat dong",
        "Chuyen ra nuoc ngoai",
        "Chuyen giao trong nuoc",
        "Danh muc",
    ]
    upload = SimpleUploadedFile("so.xlsx", data)
    response = as_user(outsider).post(
        f"/dossiers/register/{other_org.pk}/import/", {"file": upload}, follow=True
    )
    assert (
        "Đã nhập 1 hoạt động, 2 bên liên quan, 1 hoạt động chuyển dữ liệu"
        in response.content.decode()
    )
    copied = ProcessingActivity.objects.get(organization=other_org)
    assert copied.subject_categories == [{"name": "Khách hàng", "count": 45_000}]
    assert copied.recipients.count() == 1
    assert Dossier.objects.filter(organization=other_org, kind=TRANSFER).exists()


def test_xlsx_import_with_a_bad_row_keeps_nothing(as_user, org, dpo, at_now):
    make_register(org, dpo)
    data = as_user(dpo).get(f"/dossiers/register/{org.pk}/export.xlsx").content
    wb = load_workbook(io.BytesIO(data))
    wb["Hoat dong"].append(["Mới", "Mục đích", "boss", "Khách: 1"])
    buffer = io.BytesIO()
    wb.save(buffer)
    before = ProcessingActivity.objects.count()
    response = as_user(dpo).post(
        f"/dossiers/register/{org.pk}/import/",
        {"file": SimpleUploadedFile("so.xlsx", buffer.getvalue())},
        follow=True,
    )
    assert "dòng 3" in response.content.decode() and ProcessingActivity.objects.count() == before


def test_another_organisations_register_is_404(as_user, org, outsider):
    assert as_user(outsider).get(f"/dossiers/register/{org.pk}/").status_code == 404
    assert as_user(outsider).get(f"/dossiers/register/{org.pk}/export.xlsx").status_code == 404


def test_regulator_inbox_query_count_does_not_grow(
    as_user, regulator, org, dpo, at_now, django_assert_max_num_queries
):
    from tests.factories import make_organization

    for i in range(4):
        other = make_organization(name=f"Công ty {i}")
        other.registration_document, other.phone, other.email = "x", "1", "a@b.vn"
        other.save()
        from pdp_portal.organizations import services as org_services
        from pdp_portal.organizations.models import ProtectionContact

        org_services.protection_contact_save(
            actor="test",
            organization=other,
            contact=ProtectionContact(
                kind="staff", name="A", email="a@b.vn", phone="1", is_primary=True
            ),
        )
        dossier = make_ready(other, dpo)
        services.dossier_submit(actor=dpo, dossier=dossier)
    client = as_user(regulator)
    with django_assert_max_num_queries(20):
        assert client.get("/regulator/dossiers/", follow=True).status_code == 200
