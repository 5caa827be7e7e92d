import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import services
from dossiers.catalogue import PROCESSING, TRANSFER
from dossiers.demo import sample_answers
from tests import factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 09:30 Vietnam time: a calendar year the clock knows.
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)
STARTED = dt.date(2026, 2, 10)

PDF_BYTES = factories.PDF


def answers_for(kind: str, **extra) -> dict:
    """Return every answer a dossier of ``kind`` needs, with recognisable text."""
    return {
        **sample_answers(kind, lambda key, f: f"Nội dung {key} của tổ chức", number=2),
        **extra,
    }


@pytest.fixture(autouse=True)
def _primary_contacts(db, request):
    """Give the persona organisations their primary DPO contact (Form 10 A.I.8)."""
    for organization in factories.persona_organizations(request):
        organization.registration_document = "0101234567, Sở Tài chính Hà Nội, 12/03/2015"
        organization.phone = "024 3825 1234"
        organization.email = "dpo@hoasen.example.vn"
        organization.business_lines = ["4791", "6312"]
        organization.save()
        factories.make_contact(organization, email="lan.nguyen@example.vn")


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def pdf_upload(name="chinh-sach.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_register(organization, actor, *, transfer=False, subjects=45_000):
    """Return (activity, processor) of a small register: one activity with a processor."""
    processor = services.recipient_save(
        actor=actor,
        organization=organization,
        role="processor",
        name="Công ty TNHH Lưu trữ Mây Xanh",
        tax_code="0312345678",
        dpo_info="Phạm Văn Bình, bpdl@mayxanh.example.vn",
        contract_number="HĐ-15/2026",
        contract_date=dt.date(2026, 1, 15),
        service="Lưu trữ dữ liệu",
    )
    activity = services.activity_save(
        actor=actor,
        organization=organization,
        recipients=[processor],
        name="Quản lý khách hàng thành viên",
        purpose="Chăm sóc khách hàng, tích điểm thành viên",
        role="controller",
        subject_categories=[{"name": "Khách hàng", "count": subjects}],
        basic_data_types=["birth_name", "phone", "contact_address"],
        sensitive_data_types=[],
        data_flow="Ứng dụng di động → máy chủ CRM → kho dữ liệu",
        consent_method="Hộp kiểm đồng ý khi đăng ký tài khoản",
        retention="Lưu 5 năm sau khi chấm dứt tài khoản",
        deletion="Xóa tự động sau thời hạn lưu",
        started_on=STARTED,
    )
    if transfer:
        abroad = services.recipient_save(
            actor=actor,
            organization=organization,
            role="processor",
            name="Cloud Harbor Pte. Ltd.",
            tax_code="SG201912345K",
            country="Singapore",
            contract_number="DPA-2026-01",
        )
        services.transfer_save(
            actor=actor,
            organization=organization,
            activity=activity,
            kind="cloud_abroad",
            recipient=abroad,
            country="Singapore",
            data_description="Hồ sơ khách hàng",
            first_transfer_on=dt.date(2026, 2, 20),
        )
    return activity, processor


def make_ready(organization, actor, kind=PROCESSING, **register):
    """Return a dossier of ``kind`` that is complete enough to submit."""
    make_register(organization, actor, transfer=(kind == TRANSFER), **register)
    dossier = services.dossier_open(actor=actor, organization=organization, kind=kind)
    services.dossier_save_answers(actor=actor, dossier=dossier, answers=answers_for(kind))
    services.enclosure_add(
        actor=actor,
        dossier=dossier,
        upload=pdf_upload("hop-dong.pdf"),
        category="contract",
        description="Hợp đồng xử lý dữ liệu HĐ-15/2026",
    )
    services.enclosure_add(
        actor=actor,
        dossier=dossier,
        upload=pdf_upload(),
        category="policy",
        description="Chính sách bảo vệ dữ liệu cá nhân",
    )
    return dossier
