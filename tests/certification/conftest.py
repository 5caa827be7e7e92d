import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from certification import services
from certification.models import SCHEME_POINTS, QualifiedStaff
from tests import factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 09:30 Vietnam time: a calendar year the clock knows.
START = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)

PDF = factories.PDF

DETAILS = dict(
    transaction_office="Tầng 5, Số 12 Tràng Tiền, Hoàn Kiếm, Hà Nội",
    fax="024 3825 9999",
    legal_representative="Trần Văn Minh, Tổng Giám đốc",
    legal_representative_contact="Số 12 Tràng Tiền, Hoàn Kiếm, Hà Nội",
    signer_name="Trần Văn Minh",
    head_name="Phạm Thị Thu",
    head_is_vietnamese_citizen=True,
    head_resides_in_vietnam=True,
    management_qualified=True,
    infrastructure_adequate=True,
    impact_dossier_satisfactory=True,
    commitment=True,
    scheme_points={letter: f"Nội dung điểm {letter} của đề án." for letter, _l in SCHEME_POINTS},
)

SERVICES = {
    "operate_systems": "Vận hành nền tảng chăm sóc khách hàng cho ngân hàng",
    "encryption": "Mã hóa dữ liệu khách hàng khi lưu trữ",
}

# The enclosures of the application: (kind, description).
DOCUMENTS = (
    ("registration", "Giấy chứng nhận đăng ký doanh nghiệp"),
    ("designation", "Quyết định chỉ định bộ phận bảo vệ dữ liệu cá nhân"),
    ("scheme", "Đề án đề nghị cấp giấy chứng nhận"),
)

# The qualified staff: (full name, position, field of experience).
STAFF = [
    ("Nguyễn Thị Lan", "Trưởng bộ phận pháp chế", "legal"),
    ("Lê Văn Hùng", "Kỹ sư an ninh mạng", "cybersecurity"),
    ("Đỗ Minh Châu", "Chuyên viên kiểm soát tuân thủ", "compliance"),
]
DIPLOMA = "Bằng tốt nghiệp đại học"


def pdf_upload(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _primary_contacts(db, request):
    """Give the persona organisations their primary data protection contact."""
    for organization in factories.persona_organizations(request):
        factories.make_contact(organization, email="lan.nguyen@example.vn")


@pytest.fixture
def at_start():
    """Freeze the clock at START; move it with .move_to(...)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def add_staff(application, actor, name, position, field, *, diploma=DIPLOMA, **extra):
    """Add a qualified staff member with their diploma (``extra`` overrides their details)."""
    data = dict(
        full_name=name,
        position=position,
        phone="0912 345 678",
        email="nhansu@example.vn",
        degree_level="bachelor",
        degree_field="Luật",
        graduated_on=dt.date(2018, 6, 30),
        experience_field=field,
        experience_since=dt.date(2018, 9, 1),
        training="Khóa bồi dưỡng bảo vệ dữ liệu cá nhân, Học viện An ninh nhân dân, 10/2025",
    )
    data.update(extra)
    staff = services.staff_save(actor=actor, application=application, staff=QualifiedStaff(**data))
    services.enclosure_add(
        actor=actor,
        application=application,
        upload=pdf_upload(f"bang-{staff.pk}.pdf"),
        kind="diploma",
        staff=staff,
        description=diploma,
    )
    return staff


def fill_in(
    application,
    actor,
    *,
    details=DETAILS,
    chosen=SERVICES,
    documents=DOCUMENTS,
    staff=STAFF,
    **staff_fields,
):
    """Fill Form 04 in: its details, the services, the enclosures and the qualified staff."""
    services.application_update(actor=actor, application=application, **details)
    services.application_set_services(actor=actor, application=application, services=chosen)
    for kind, description in documents:
        services.enclosure_add(
            actor=actor,
            application=application,
            upload=pdf_upload(),
            kind=kind,
            description=description,
        )
    for name, position, field in staff:
        add_staff(application, actor, name, position, field, **staff_fields)


def make_application(organization, actor, *, complete=True):
    application = services.application_create(actor=actor, organization=organization)
    if not complete:
        return application
    fill_in(application, actor)
    application.refresh_from_db()
    return application


@pytest.fixture
def granted(org, dpo, regulator, at_start):
    """Return (Form 04 version, certificate) of ``org``'s application, filed and granted."""
    application = make_application(org, dpo)
    version = services.application_submit(actor=dpo, application=application)
    services.application_complete(actor=regulator, application=application)
    certificate = services.application_grant(
        actor=regulator,
        application=application,
        signer_name="Nguyễn Văn An",
        signer_title="Cục trưởng",
        proposed_by="Trưởng phòng Bảo vệ dữ liệu cá nhân",
    )
    return version, certificate


def request_replacement(certificate, actor):
    """Return the Form 06 request of ``certificate``'s holder: a new legal representative."""
    return services.certificate_request_change(
        actor=actor,
        certificate=certificate,
        kind="replace",
        reason="Thay đổi người đại diện theo pháp luật.",
        changes="Người đại diện mới: Phạm Thị Thu.",
        uploads=[pdf_upload("nghi-quyet-hdqt.pdf")],
        signer_name="Trần Văn Minh",
    )


def revoke_dissolved(certificate, actor):
    """Revoke ``certificate`` (Form 07) because its holder was dissolved."""
    services.certificate_revoke(
        actor=actor,
        certificate=certificate,
        ground="dissolved",
        reason="Doanh nghiệp đã giải thể.",
        decision_number="15/QĐ-A05",
        signer_name="Nguyễn Văn An",
        signer_title="Cục trưởng",
    )
