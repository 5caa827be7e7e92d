import re
import shutil
import subprocess

import pytest

from certification import services
from pdp_portal.pdf import render_html
from tests.pdftotext import assert_pdf_says

from .conftest import make_application, request_replacement, revoke_dissolved

pytestmark = pytest.mark.django_db


def test_form04_carries_its_fields(granted, tmp_path):
    version, _certificate = granted
    assert_pdf_says(
        bytes(version.pdf),
        tmp_path,
        "Mẫu số 04",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN",
        "Kính gửi: Bộ Công an.",
        "Công ty TNHH Hoa Sen",
        "Trần Văn Minh, Tổng Giám đốc",
        "Tầng 5, Số 12 Tràng Tiền",
        "(1) Họ và tên: Nguyễn Thị Lan",
        "(3) Họ và tên: Đỗ Minh Châu",
        "khoản 7 Điều 21",
        "Vận hành nền tảng",
        "Đề án đề nghị cấp Giấy chứng nhận",
        "Bằng cấp và giấy tờ chứng minh của nhân sự 3",
        "4. Cam kết",
        "TM. TỔ CHỨC, DOANH NGHIỆP",
        "HS-GCN-2026-001/ĐN",
        "ngày 02 tháng 3 năm 2026",
    )


def test_form05_carries_its_fields_and_fits_one_page(granted, tmp_path):
    _version, certificate = granted
    assert_pdf_says(
        bytes(certificate.pdf),
        tmp_path,
        "Mẫu số 05",
        "BỘ CÔNG AN",
        "Số: GCN-2026-0001",
        "GIẤY CHỨNG NHẬN",
        "ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN",
        "CHỨNG NHẬN",
        "Điều 1. Công ty TNHH Hoa Sen đủ điều kiện",
        "Trần Văn Minh",
        f"Mã số thuế: {certificate.holder_tax_code}",
        "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội",
        "ngày 02 tháng 3 năm 2026 của Công ty TNHH Hoa Sen",
        "Theo đề nghị của Trưởng phòng Bảo vệ dữ liệu cá nhân",
        "Điều 3.",
        "có hiệu lực kể từ ngày ký",
        "CỤC TRƯỞNG",
        "Nguyễn Văn An",
        "/verify/GCN-2026-0001/",
    )
    path = tmp_path / "gcn.pdf"
    path.write_bytes(bytes(certificate.pdf))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Pages:\s+1$", info, re.M), info


@pytest.mark.skipif(
    not shutil.which("zbarimg"), reason="zbarimg missing (apt-get install zbar-tools)"
)
def test_the_qr_code_decodes_to_the_verification_url(granted, tmp_path):
    _version, certificate = granted
    pdf = tmp_path / "gcn.pdf"
    pdf.write_bytes(bytes(certificate.pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    result = subprocess.run(["zbarimg", "-q", "--raw", *map(str, pages)], capture_output=True)
    assert result.stdout.decode().strip() == services.verification_url(certificate.number)
    assert result.stdout.decode().strip().endswith("/verify/GCN-2026-0001/")


def test_form06_carries_its_fields(granted, dpo, tmp_path):
    _version, certificate = granted
    change = request_replacement(certificate, dpo)
    assert_pdf_says(
        bytes(change.pdf),
        tmp_path,
        "Mẫu số 06",
        "ĐƠN ĐỀ NGHỊ CẤP LẠI/CẤP ĐỔI GIẤY CHỨNG NHẬN",
        "Kính gửi: Bộ Công an.",
        "số GCN-2026-0001 ngày 02/03/2026",
        "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        "Lý do cấp lại/thay đổi Giấy chứng nhận: Cấp đổi. Thay đổi người đại diện",
        "Nội dung thay đổi Giấy chứng nhận: Người đại diện mới",
        "a) nghi-quyet-hdqt.pdf",
        "(2) Họ và tên: Lê Văn Hùng",
        "4. Cam kết",
        "TM. TỔ CHỨC, DOANH NGHIỆP",
    )


def test_form07_carries_its_fields(granted, regulator, tmp_path):
    _version, certificate = granted
    revoke_dissolved(certificate, regulator)
    assert_pdf_says(
        bytes(certificate.revocation_pdf),
        tmp_path,
        "Mẫu số 07",
        "BỘ CÔNG AN",
        "Số: 15/QĐ-A05",
        "QUYẾT ĐỊNH",
        "Về việc thu hồi Giấy chứng nhận đủ điều kiện kinh doanh",
        "1. Số Giấy chứng nhận: GCN-2026-0001 cấp ngày 02 tháng 3 năm 2026",
        "2. Tên tổ chức: Công ty TNHH Hoa Sen",
        "3. Họ và tên người đại diện theo pháp luật: Trần Văn Minh",
        f"4. Mã số thuế: {certificate.holder_tax_code}",
        "Bị giải thể hoặc phá sản",
        "điểm c khoản 1 Điều 27",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "Điều 3. Cục An ninh mạng",
        "Như Điều 3;",
        "Lưu: VT, A05.",
        "Nguyễn Văn An",
    )


def test_the_draft_form04_is_marked(org, dpo, at_start, tmp_path):
    application = make_application(org, dpo)
    snapshot = services.form04_snapshot(application)
    context = services._applicant_form_context(snapshot, draft=True, title="T", subtitle="")
    html = render_html("certification/pdf/form04.html", context)
    assert "BẢN NHÁP" in html
    assert services.render_form04(snapshot, draft=True).startswith(b"%PDF")
