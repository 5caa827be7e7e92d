"""Demo organisations, people of every role and a regulator (used by `manage.py seed_demo`)."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Organization, ProtectionContact

# What each demo enclosure stands for, printed as its heading (the file name alone says little).
DEMO_DOCUMENTS = {
    "hop-dong-xu-ly-du-lieu.pdf": "Hợp đồng xử lý dữ liệu cá nhân",
    "chinh-sach-bvdlcn.pdf": "Chính sách bảo vệ dữ liệu cá nhân",
    "giay-chung-nhan-dkdn.pdf": "Giấy chứng nhận đăng ký doanh nghiệp",
    "quyet-dinh-chi-dinh-bo-phan-bvdlcn.pdf": "Quyết định chỉ định bộ phận bảo vệ dữ liệu cá nhân",
    "de-an-cap-giay-chung-nhan.pdf": "Đề án đề nghị cấp giấy chứng nhận",
    "bang-tot-nghiep.pdf": "Bằng tốt nghiệp (bản sao)",
}


def demo_pdf(name: str) -> bytes:
    """Return a real one-page PDF saying it is demo data (uploads are parsed, not just sniffed)."""
    from html import escape

    from weasyprint import HTML

    title = DEMO_DOCUMENTS.get(name, name)
    page = (
        "<html lang='vi'><body style='font-family: Noto Sans, DejaVu Sans'>"
        f"<h1>{escape(title)}</h1>"
        "<p>Tài liệu mẫu của PDP Portal (dữ liệu demo): thay bằng tài liệu thật của tổ chức "
        "trước khi nộp cho cơ quan chuyên trách.</p>"
        f"<p style='color:#555'>Tệp: {escape(name)}</p></body></html>"
    )
    return HTML(string=page).write_pdf()


def demo_upload(name: str) -> SimpleUploadedFile:
    """Return the demo PDF ``name`` as an uploaded file, for the services that take uploads."""
    return SimpleUploadedFile(name, demo_pdf(name), content_type="application/pdf")


DEMO_PASSWORD = "demo-portal-2026"


def seed(ctx: dict) -> None:
    User = get_user_model()
    admin = User.objects.create_superuser("admin", "admin@example.vn", DEMO_PASSWORD)
    ctx["logins"].append(("admin", "quản trị hệ thống / administrator"))
    actor = admin
    orgs = [
        dict(
            name="Công ty Cổ phần Thương mại Điện tử Hoa Sen",
            name_foreign="Hoa Sen E-commerce JSC",
            abbreviation="HOASEN",
            tax_code="0101234567",
            head_office="Số 12 Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
            phone="024 3825 1234",
            email="dpo@hoasen.example.vn",
            registration_document="0101234567, Sở Tài chính Hà Nội, 12/03/2015",
            business_lines=["4791", "6312"],
            sectors=["advertising"],
            size_class="large",
            roles=["controller"],
            processes_sensitive_data=True,
            data_subject_count=1_250_000,
            slug="hoa-sen",
        ),
        dict(
            name="Công ty TNHH Dịch vụ Dữ liệu Sông Hồng",
            name_foreign="Song Hong Data Services Co., Ltd.",
            abbreviation="SONGHONG",
            tax_code="0309876543",
            head_office="Số 5 Nguyễn Huệ, phường Sài Gòn, TP. Hồ Chí Minh",
            phone="028 3822 5678",
            email="privacy@songhong.example.vn",
            registration_document="0309876543, Sở Tài chính TP. Hồ Chí Minh, 01/07/2019",
            business_lines=["6311", "6209"],
            sectors=["finance"],
            size_class="small",
            roles=["processor"],
            provides_processing_services=True,
            data_subject_count=40_000,
            foreign_owned=True,
            slug="song-hong",
        ),
    ]
    # The DPO and a staff member of each organisation: (first name, last name).
    members = [
        {"dpo": ("Lan", "Nguyễn Thị"), "staff": ("Hùng", "Lê")},
        {"dpo": ("Minh", "Trần Văn"), "staff": ("Thu", "Phạm")},
    ]
    for i, (fields, people) in enumerate(zip(orgs, members, strict=True), start=1):
        org = services.organization_create(actor=actor, **fields)
        ctx["organizations"].append(org)
        users = {
            role: User.objects.create_user(
                f"{role}{i}",
                f"{role}{i}@example.vn",
                DEMO_PASSWORD,
                first_name=first_name,
                last_name=last_name,
            )
            for role, (first_name, last_name) in people.items()
        }
        for role, user in users.items():
            services.membership_set(actor=actor, organization=org, user=user, role=role)
        dpo, staff = users["dpo"], users["staff"]
        services.protection_contact_save(
            actor=actor,
            organization=org,
            contact=ProtectionContact(
                kind="staff",
                name=dpo.get_full_name(),
                position="Trưởng bộ phận pháp chế",
                email=dpo.email,
                phone=fields["phone"],
                is_primary=True,
            ),
        )
        ctx["logins"].append((dpo.username, f"DPO · {org.name}"))
        ctx["logins"].append((staff.username, f"nhân viên / staff · {org.name}"))
    viewer = User.objects.create_user("viewer1", "viewer1@example.vn", DEMO_PASSWORD)
    services.membership_set(
        actor=actor,
        organization=Organization.objects.get(slug="hoa-sen"),
        user=viewer,
        role="viewer",
    )
    ctx["logins"].append(("viewer1", "chỉ xem / viewer · Hoa Sen"))
    regulator = User.objects.create_user(
        "regulator",
        "reviewer@bocongan.example.vn",
        DEMO_PASSWORD,
        first_name="Quang",
        last_name="Đỗ",
    )
    services.regulator_grant(actor=actor, user=regulator)
    ctx["logins"].append(("regulator", "cơ quan chuyên trách / regulator (A05)"))
    ctx["users"] = {u.username: u for u in User.objects.all()}
