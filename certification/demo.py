"""Demo certification data (used by `manage.py seed_demo`): one certificate, one application under check."""

import datetime as dt

from pdp_portal.organizations.demo import demo_upload

from . import services
from .models import SCHEME_POINTS, QualifiedStaff

SCHEME = {
    "a": "Đáp ứng nhu cầu thuê ngoài xử lý dữ liệu khách hàng của các tổ chức tài chính.",
    "b": "Dịch vụ tại khoản 1 và khoản 7 Điều 21 Nghị định 356/2025/NĐ-CP.",
    "c": "Ngành 6311, 6209; cung cấp nền tảng dưới dạng dịch vụ (SaaS) theo hợp đồng.",
    "d": "Khoảng 2 triệu chủ thể dữ liệu trong 3 năm đầu.",
    "đ": "Khung quản trị rủi ro theo ISO/IEC 27701, rà soát hằng quý.",
    "e": "Đánh giá hiện trạng tuân thủ và mức độ tín nhiệm định kỳ 01 năm/lần.",
    "g": "TCVN ISO/IEC 27001:2019; tiêu chuẩn mã hóa FIPS 140-3.",
    "h": "Sử dụng dịch vụ định danh và xác thực điện tử VNeID cho tài khoản tổ chức.",
    "i": "Quy chế trách nhiệm và quyền hạn trong xử lý dữ liệu cá nhân ban hành 01/2026.",
    "k": "03 nhân sự đủ điều kiện theo Điều 13 khoản 2 (danh sách kèm theo).",
}
STAFF = [
    ("Trần Văn Minh", "Trưởng bộ phận bảo vệ dữ liệu", "legal", "bachelor"),
    ("Phạm Thị Thu", "Kỹ sư an ninh dữ liệu", "data_security", "master"),
    ("Lê Quốc Bảo", "Chuyên viên kiểm soát tuân thủ", "compliance", "bachelor"),
]


def _fill(application, actor, services_chosen: dict[str, str]) -> None:
    services.application_update(
        actor=actor,
        application=application,
        transaction_office="Tầng 8, Số 5 Nguyễn Huệ, phường Sài Gòn, TP. Hồ Chí Minh",
        legal_representative="Nguyễn Hoàng Nam, Giám đốc",
        legal_representative_contact="Số 5 Nguyễn Huệ, phường Sài Gòn, TP. Hồ Chí Minh",
        signer_name="Nguyễn Hoàng Nam",
        head_name="Trần Văn Minh",
        head_is_vietnamese_citizen=True,
        head_resides_in_vietnam=True,
        management_qualified=True,
        infrastructure_adequate=True,
        impact_dossier_satisfactory=True,
        commitment=True,
        scheme_points={letter: SCHEME[letter] for letter, _label in SCHEME_POINTS},
    )
    services.application_set_services(
        actor=actor, application=application, services=services_chosen
    )
    for kind, name in (
        ("registration", "giay-chung-nhan-dkdn.pdf"),
        ("designation", "quyet-dinh-chi-dinh-bo-phan-bvdlcn.pdf"),
        ("scheme", "de-an-cap-giay-chung-nhan.pdf"),
    ):
        services.enclosure_add(
            actor=actor, application=application, upload=demo_upload(name), kind=kind
        )
    for full_name, position, field, degree in STAFF:
        staff = services.staff_save(
            actor=actor,
            application=application,
            staff=QualifiedStaff(
                full_name=full_name,
                position=position,
                phone="028 3822 5678",
                email="privacy@songhong.example.vn",
                degree_level=degree,
                degree_field="Công nghệ thông tin",
                graduated_on=dt.date(2017, 6, 30),
                experience_field=field,
                experience_since=dt.date(2017, 8, 1),
                training="Bồi dưỡng pháp luật bảo vệ dữ liệu cá nhân, 11/2025",
            ),
        )
        services.enclosure_add(
            actor=actor,
            application=application,
            upload=demo_upload("bang-tot-nghiep.pdf"),
            kind="diploma",
            staff=staff,
        )


def seed(ctx: dict) -> None:
    orgs = {o.slug: o for o in ctx["organizations"]}
    song_hong = orgs.get("song-hong")
    users = ctx["users"]
    if song_hong is None or "dpo2" not in users or "regulator" not in users:
        return
    dpo2, regulator = users["dpo2"], users["regulator"]

    # 1. Granted: Form 04 submitted, found complete, certificate issued (Form 05).
    granted = services.application_create(actor=dpo2, organization=song_hong)
    _fill(
        granted,
        dpo2,
        {
            "operate_systems": "Vận hành nền tảng chăm sóc khách hàng cho ngân hàng, công ty tài chính",
            "encryption": "Mã hóa dữ liệu khách hàng khi truyền tải và lưu trữ",
        },
    )
    services.application_submit(actor=dpo2, application=granted)
    services.application_complete(actor=regulator, application=granted)
    services.application_grant(
        actor=regulator,
        application=granted,
        signer_name="Đỗ Quang",
        signer_title="Cục trưởng",
        proposed_by="Trưởng phòng Bảo vệ dữ liệu cá nhân",
    )

    # 2. Under the agency's completeness check (certificate.check running): more services.
    pending = services.application_create(actor=dpo2, organization=song_hong)
    _fill(pending, dpo2, {"analytics": "Phân tích hành vi khách hàng cho bên kiểm soát"})
    services.application_submit(actor=dpo2, application=pending)
