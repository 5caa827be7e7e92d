"""Demo register and dossiers (used by `manage.py seed_demo`)."""

import datetime as dt

from django.utils import timezone

from pdp_portal.organizations.demo import demo_upload

from . import domestic, services
from .catalogue import FIELDS, PROCESSING, TRANSFER


def sample_answers(kind: str, text, number: int = 3) -> dict:
    """Return an answer to every field a dossier of ``kind`` asks, for demos and tests.

    Each question is answered no, each count ``number``, no service is listed, the organisation
    files itself, and each text field gets ``text(key, field)``.
    """
    fixed = {"yesno": False, "number": number, "services": [], "filer": "organization"}
    return {
        key: fixed[f.kind] if f.kind in fixed else text(key, f)
        for key, f in FIELDS.items()
        if kind in f.kinds
    }


def _answers(kind: str) -> dict:
    return sample_answers(
        kind, lambda key, f: f"{f.label}: nội dung do bộ phận bảo vệ dữ liệu soạn (dữ liệu mẫu)."
    )


def _ready(org, actor, kind):
    dossier = services.dossier_open(actor=actor, organization=org, kind=kind)
    services.dossier_save_answers(actor=actor, dossier=dossier, answers=_answers(kind))
    for name, category in (
        ("hop-dong-xu-ly-du-lieu.pdf", "contract"),
        ("chinh-sach-bvdlcn.pdf", "policy"),
    ):
        services.enclosure_add(
            actor=actor,
            dossier=dossier,
            upload=demo_upload(name),
            category=category,
        )
    return dossier


def seed(ctx: dict) -> None:
    users = ctx["users"] if ctx.get("users") else {}
    orgs = {o.slug: o for o in ctx["organizations"]}
    hoa_sen, song_hong = orgs.get("hoa-sen"), orgs.get("song-hong")
    if hoa_sen is None or song_hong is None or not users:
        return
    dpo1, staff1, dpo2, regulator = (
        users["dpo1"],
        users["staff1"],
        users["dpo2"],
        users["regulator"],
    )
    today = timezone.localdate()

    # 1. Hoa Sen: a register with three activities, a processor, a cloud abroad; the processing
    #    dossier submitted and under review, the transfer dossier asked to complete.
    cloud = services.recipient_save(
        actor=dpo1,
        organization=hoa_sen,
        role="processor",
        name="Cloud Harbor Pte. Ltd.",
        tax_code="SG201912345K",
        country="Singapore",
        contract_number="DPA-2026-01",
        contract_date=dt.date(2026, 1, 5),
        service="Lưu trữ đám mây",
        dpo_info="privacy@cloudharbor.example",
    )
    logistics = services.recipient_save(
        actor=staff1,
        organization=hoa_sen,
        role="processor",
        name="Công ty CP Giao vận Nhanh",
        tax_code="0108765432",
        contract_number="HĐ-07/2026",
        contract_date=dt.date(2026, 1, 10),
        service="Giao hàng",
        dpo_info="Lê Thị Hà, dpo@giaovan.example.vn",
    )
    customers = services.activity_save(
        actor=dpo1,
        organization=hoa_sen,
        recipients=[cloud, logistics],
        name="Quản lý tài khoản khách hàng",
        purpose="Đăng ký tài khoản, xử lý đơn hàng, chăm sóc khách hàng",
        role="controller",
        subject_categories=[{"name": "Khách hàng", "count": 1_250_000}],
        basic_data_types=[
            "birth_name",
            "birth_date",
            "phone",
            "contact_address",
            "digital_account",
        ],
        sensitive_data_types=["bank_card", "behaviour"],
        data_flow="Ứng dụng di động, website → hệ thống đơn hàng → kho dữ liệu đám mây",
        consent_method="Hộp kiểm đồng ý riêng cho từng mục đích khi đăng ký",
        retention="5 năm sau giao dịch cuối",
        deletion="Xóa tự động hằng quý",
        started_on=today - dt.timedelta(days=50),
    )
    services.activity_save(
        actor=staff1,
        organization=hoa_sen,
        name="Quản lý nhân sự",
        purpose="Trả lương, bảo hiểm xã hội",
        role="controller",
        subject_categories=[{"name": "Người lao động", "count": 420}],
        basic_data_types=["birth_name", "personal_id", "family"],
        sensitive_data_types=["health"],
        consent_method="Hợp đồng lao động",
        retention="Theo Luật Lưu trữ",
        deletion="Hủy sau thời hạn lưu",
        started_on=today - dt.timedelta(days=50),
    )
    services.transfer_save(
        actor=dpo1,
        organization=hoa_sen,
        activity=customers,
        kind="cloud_abroad",
        recipient=cloud,
        country="Singapore",
        data_description="Hồ sơ khách hàng, lịch sử đơn hàng",
        first_transfer_on=today - dt.timedelta(days=40),
    )
    # A transfer inside Vietnam (Decree 356 Art. 7): the carrier receives what it delivers.
    domestic.domestic_transfer_save(
        actor=dpo1,
        organization=hoa_sen,
        activity=customers,
        recipient=logistics,
        purpose="Giao hàng đến khách hàng",
        basic_data_types=["birth_name", "phone", "contact_address"],
        legal_basis="processing",
        transferred_on=today - dt.timedelta(days=45),
        agreement="HĐ-07/2026, 10/01/2026",
    )
    processing = _ready(hoa_sen, dpo1, PROCESSING)
    services.dossier_submit(actor=dpo1, dossier=processing, signer_name="Nguyễn Thị Lan")
    services.dossier_assign(actor=regulator, dossier=processing, reviewer=regulator)
    transfer = _ready(hoa_sen, dpo1, TRANSFER)
    services.dossier_submit(actor=dpo1, dossier=transfer, signer_name="Nguyễn Thị Lan")
    services.dossier_request_completion(
        actor=regulator,
        dossier=transfer,
        reasons="Bổ sung đánh giá mức độ bảo vệ dữ liệu của bên nhận tại Singapore (mục A.III.3.4) "
        "và bản sao hợp đồng chuyển dữ liệu có chữ ký.",
    )

    # 2. Song Hong (processor): a register only, the file clock running.
    services.activity_save(
        actor=dpo2,
        organization=song_hong,
        name="Xử lý dữ liệu chấm điểm tín dụng thay mặt ngân hàng",
        purpose="Chấm điểm tín dụng theo hợp đồng với bên kiểm soát",
        role="processor",
        subject_categories=[{"name": "Khách hàng vay của bên kiểm soát", "count": 38_000}],
        basic_data_types=["birth_name", "personal_id", "phone"],
        sensitive_data_types=["financial"],
        started_on=today - dt.timedelta(days=20),
    )
