"""The lists the dossiers are made of: data types, transfer kinds, thresholds and form sections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

# The data-type vocabulary lives in the core (pdp_portal.datatypes); its names stay importable here.
from pdp_portal.datatypes import (  # noqa: F401
    BASIC_CLAUSES,
    SENSITIVE_POINTS,
    BasicDataType,
    SensitiveDataType,
    basic_label,
    sensitive_label,
)

# Law 91/2025 Art. 39(1): the Law takes effect on 1 January 2026. A processing or transfer that
# began earlier counts its dossier.file period from this day, when the duty came into being.
LAW_IN_FORCE = dt.date(2026, 1, 1)

# Form 10 / Form 09 item A.III.2.3 (Decree 356 Art. 18(3)(i), 19(3)(g)): the impact on national
# security is assessed when basic data of more than 100,000 subjects or sensitive data of more
# than 10,000 subjects are processed. Headcounts, not periods: they belong here, not in the clock.
NATIONAL_SECURITY_BASIC_SUBJECTS = 100_000
NATIONAL_SECURITY_SENSITIVE_SUBJECTS = 10_000


# The two-column checklists of Form 10 item 3.1 / Form 09 item 3.1, row by row, as printed.
FORM_BASIC_ROWS = [
    ("birth_name", "contact_address"),
    ("other_name", "nationality"),
    ("birth_date", "image"),
    ("death_date", "phone"),
    ("gender", "personal_id"),
    ("birth_place", "passport"),
    ("birth_registration", "driving_licence"),
    ("permanent_residence", "licence_plate"),
    ("temporary_residence", "marital"),
    ("current_residence", "family"),
    ("hometown", "digital_account"),
    ("other_basic", None),
]
# Form 10 item 3.2 as printed: the appendix lists "location" and "origin" a second time in the
# last rows (a drafting slip); the forms are rendered as written and both boxes show the same tick.
FORM10_SENSITIVE_ROWS = [
    ("origin", "location"),
    ("political", "eid_login"),
    ("religion", "id_card_image"),
    ("private_life", "bank_login"),
    ("health", "bank_card"),
    ("biometric", "financial"),
    ("sex_life", "behaviour"),
    ("criminal", "location"),
    ("origin", "other_sensitive"),
]
# Form 09 item 3.2 as printed (without the duplicates of Form 10).
FORM09_SENSITIVE_ROWS = [
    ("origin", "location"),
    ("political", "eid_login"),
    ("religion", "id_card_image"),
    ("private_life", "bank_login"),
    ("health", "bank_card"),
    ("biometric", "financial"),
    ("sex_life", "behaviour"),
    ("criminal", "other_sensitive"),
]


class TransferKind(models.TextChoices):
    # Decree 356 Art. 17(1), as the items of Form 09 section A.II.1 spell it out.
    SERVER_ABROAD = (
        "server_abroad",
        _("Chuyển giao dữ liệu thu thập, lưu trữ tại Việt Nam đến hệ thống máy chủ ở nước ngoài"),
    )  # Art. 17(1)(a); Form 09 item 1.1
    CLOUD_ABROAD = (
        "cloud_abroad",
        _("Lưu trữ, xử lý dữ liệu trên dịch vụ điện toán đám mây của nhà cung cấp ở nước ngoài"),
    )  # Art. 17(1)(a); Form 09 item 1.2
    PLATFORM_ABROAD = (
        "platform_abroad",
        _("Chuyển dữ liệu thu thập tại Việt Nam đến nền tảng ở nước ngoài để tiếp tục xử lý"),
    )  # Art. 17(1)(c); Form 09 item 1.3
    VIA_INTERMEDIARY = (
        "via_intermediary",
        _("Chuyển dữ liệu xuyên biên giới thông qua đối tác, đại lý trung gian tại Việt Nam"),
    )  # Art. 17(1)(b); Form 09 item 1.4
    RECIPIENT_ABROAD = (
        "recipient_abroad",
        _("Chuyển dữ liệu cho tổ chức, cá nhân ở nước ngoài"),
    )  # Art. 17(1)(b); Form 09 item 1.5 ("trường hợp khác")


TRANSFER_FORM_ITEMS = {
    "server_abroad": "1.1",
    "cloud_abroad": "1.2",
    "platform_abroad": "1.3",
    "via_intermediary": "1.4",
    "recipient_abroad": "1.5",
}
TRANSFER_POINTS = {
    "server_abroad": "a",
    "cloud_abroad": "a",
    "platform_abroad": "c",
    "via_intermediary": "b",
    "recipient_abroad": "b",
}


class TransferExemption(models.TextChoices):
    # Law 91/2025 Art. 20(6) and Decree 356 Art. 17(3): transfers that need no transfer dossier.
    NONE = "", _("Không thuộc trường hợp miễn")
    EMPLOYEES_CLOUD = (
        "employees_cloud",
        _("Lưu dữ liệu của người lao động của chính tổ chức trên dịch vụ điện toán đám mây"),
    )  # Law Art. 20(6)(b)
    SUBJECT_SELF = "subject_self", _("Chủ thể dữ liệu tự chuyển dữ liệu của mình")  # Law 20(6)(c)
    PRESS = "press", _("Hoạt động báo chí, truyền thông theo quy định của pháp luật")  # 17(3)(a)
    PUBLISHED = "published", _("Việc chuyển đã được công khai theo quy định của pháp luật")  # (b)
    EMERGENCY = (
        "emergency",
        _(
            "Tình huống khẩn cấp để bảo vệ tính mạng, sức khỏe, tài sản; thực hiện nghĩa vụ luật định"
        ),
    )  # Decree Art. 17(3)(c)
    HR = "hr", _("Quản lý nhân sự xuyên biên giới theo nội quy, thỏa ước lao động")  # 17(3)(d)
    LOGISTICS = (
        "logistics",
        _(
            "Ký kết hợp đồng, vận chuyển, hậu cần, chuyển tiền, thanh toán, khách sạn, thị thực, học bổng"
        ),
    )  # Decree Art. 17(3)(đ)


TRANSFER_EXEMPTION_BASIS = {
    "employees_cloud": _("Luật 91/2025 Điều 20 khoản 6 điểm b"),
    "subject_self": _("Luật 91/2025 Điều 20 khoản 6 điểm c"),
    "press": _("Nghị định 356/2025 Điều 17 khoản 3 điểm a"),
    "published": _("Nghị định 356/2025 Điều 17 khoản 3 điểm b"),
    "emergency": _("Nghị định 356/2025 Điều 17 khoản 3 điểm c"),
    "hr": _("Nghị định 356/2025 Điều 17 khoản 3 điểm d"),
    "logistics": _("Nghị định 356/2025 Điều 17 khoản 3 điểm đ"),
}


class ProcessingService(models.TextChoices):
    # Form 10 item 9 / Form 09 item 8: the personal data processing services (Decree 356 Art. 21).
    OPERATE = (
        "operate",
        _(
            "Dịch vụ cung cấp và vận hành hệ thống, phần mềm tự động để thay mặt Bên kiểm soát, "
            "Bên kiểm soát và xử lý tiến hành xử lý dữ liệu cá nhân"
        ),
    )
    ANALYTICS = (
        "analytics",
        _(
            "Dịch vụ phân tích và khai thác dữ liệu cá nhân, gồm: sử dụng các công cụ phân tích để "
            "tìm kiếm thông tin, xu hướng và mẫu từ dữ liệu cá nhân; áp dụng các phương pháp khai "
            "thác dữ liệu để trích xuất giá trị từ dữ liệu cá nhân, dự đoán hành vi người dùng "
            "hoặc tối ưu hóa dịch vụ"
        ),
    )
    SCORING = (
        "scoring",
        _("Dịch vụ chấm điểm, xếp hạng, đánh giá mức độ tín nhiệm của chủ thể dữ liệu cá nhân"),
    )
    ENCRYPTION = (
        "encryption",
        _("Dịch vụ mã hóa dữ liệu cá nhân trong quá trình truyền tải và lưu trữ"),
    )
    ONLINE = (
        "online",
        _(
            "Dịch vụ thu thập, xử lý dữ liệu cá nhân trực tuyến từ trang web, ứng dụng, phần mềm và mạng xã hội"
        ),
    )
    AUTOMATED = (
        "automated",
        _(
            "Dịch vụ xử lý dữ liệu cá nhân tự động dựa trên công nghệ dữ liệu lớn, trí tuệ nhân "
            "tạo, chuỗi khối, vũ trụ ảo"
        ),
    )
    HEALTH = (
        "health",
        _(
            "Dịch vụ thu thập, xử lý dữ liệu cá nhân qua trang web, ứng dụng, phần mềm chăm sóc "
            "sức khỏe, theo dõi sức khỏe, dịch vụ y tế"
        ),
    )
    LOCATION = "location", _("Dịch vụ nền tảng ứng dụng cung cấp dữ liệu vị trí cá nhân")
    EDUCATION = (
        "education",
        _(
            "Dịch vụ thu thập, xử lý dữ liệu cá nhân qua ứng dụng, phần mềm giáo dục có yếu tố "
            "giám sát như điểm danh, ghi hình, chấm điểm hành vi, nhận diện cảm xúc"
        ),
    )


SERVICE_ROWS = [
    ("operate", "analytics"),
    ("scoring", "encryption"),
    ("online", "automated"),
    ("health", "location"),
    ("education", None),
]


class EnclosureCategory(models.TextChoices):
    # Decree 356 Art. 18(2)(b)-(c), 19(2)(b)-(c) and the enclosures Form 10 / Form 09 ask for.
    CONTRACT = "contract", _("Bản sao hợp đồng, thỏa thuận xử lý / chuyển dữ liệu cá nhân")
    POLICY = "policy", _("Chính sách, quy trình, quy định, biểu mẫu về bảo vệ dữ liệu cá nhân")
    DPO = "dpo", _("Quyết định, văn bản chỉ định bộ phận, nhân sự bảo vệ dữ liệu cá nhân")
    DIAGRAM = "diagram", _("Sơ đồ luồng dữ liệu, sơ đồ thiết kế hệ thống")
    CONSENT = "consent", _("Biểu mẫu xin sự đồng ý của chủ thể dữ liệu")
    OTHER = "other", _("Tài liệu khác")


# --- the parts of the reports the DPO writes ----------------------------------------------------

PROCESSING = "processing"
TRANSFER = "transfer"
BOTH = (PROCESSING, TRANSFER)


@dataclass(frozen=True)
class Field:
    """One answer of the dossier: its key, label, where it sits in each form and whether required."""

    key: str
    label: str
    numbers: dict = field(default_factory=dict)
    kinds: tuple = BOTH
    required: bool = True
    kind: str = "text"  # text | line | yesno | services | number
    help: str = ""
    # Required only when the national-security thresholds are passed (item A.III.2.3).
    large_scale_only: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    fields: tuple


_ASSESS = [
    ("aspects", _("Xác định các khía cạnh bị tác động và vấn đề")),
    ("objectives", _("Mục tiêu giải quyết vấn đề")),
    (
        "measures",
        _("Các biện pháp bảo vệ dữ liệu cá nhân đã áp dụng và đề xuất để giải quyết vấn đề"),
    ),
    (
        "effectiveness",
        _(
            "Đánh giá hiệu quả và tác động của các biện pháp đối với đối tượng chịu sự tác động "
            "trực tiếp của biện pháp và các đối tượng khác có liên quan"
        ),
    ),
    ("recommendation", _("Kiến nghị biện pháp bảo vệ dữ liệu cá nhân lựa chọn")),
]


def _assessment(prefix: str, number: str, large_scale_only: bool = False) -> tuple:
    return tuple(
        Field(
            f"{prefix}_{key}",
            label,
            {PROCESSING: f"{number}.{i}", TRANSFER: f"{number}.{i}"},
            large_scale_only=large_scale_only,
        )
        for i, (key, label) in enumerate(_ASSESS, start=1)
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "filer",
        _("Thông tin bổ sung về bên nộp hồ sơ (Mẫu 02a/01a mục 1; Phần A.I)"),
        (
            Field(
                "filer_kind",
                _("Bên nộp hồ sơ"),
                kind="filer",
                help=_("Tổ chức, doanh nghiệp: Mẫu 02a/01a/03a; cá nhân: Mẫu 02b/01b/03b."),
            ),
            Field("transaction_office", _("Địa chỉ trụ sở giao dịch"), kind="line", required=False),
            Field(
                "enterprise_type", _("Loại hình doanh nghiệp (trong nước/ngoài nước)"), kind="line"
            ),
            Field("legal_representative", _("Người đại diện theo pháp luật"), kind="line"),
            Field(
                "business_description",
                _("Lĩnh vực kinh doanh có xử lý dữ liệu cá nhân (kèm mã ngành)"),
                {PROCESSING: "A.I.4", TRANSFER: "A.I.4"},
            ),
            Field(
                "branch_count",
                _("Số lượng chi nhánh, văn phòng đại diện"),
                {PROCESSING: "A.I.5", TRANSFER: "A.I.5"},
                kind="number",
            ),
            Field(
                "individual_id",
                _("Số CMTND/Thẻ căn cước/Hộ chiếu (cá nhân)"),
                kind="line",
                required=False,
            ),
            Field(
                "individual_id_issued", _("Cấp ngày, tại (cá nhân)"), kind="line", required=False
            ),
            Field(
                "individual_workplace",
                _("Đơn vị công tác (cá nhân, nếu có)"),
                kind="line",
                required=False,
            ),
        ),
    ),
    Section(
        "processing",
        _("Hoạt động xử lý, chuyển dữ liệu (Phần A.II)"),
        (
            Field(
                "data_flow",
                _("Luồng xử lý / chuyển dữ liệu cá nhân; sơ đồ quy trình và hệ thống"),
                {PROCESSING: "A.II.2", TRANSFER: "A.II.2"},
            ),
            Field(
                "consent",
                _("Sự đồng ý của chủ thể dữ liệu: nội dung, hình thức, quy trình"),
                {PROCESSING: "A.II.4"},
                kinds=(PROCESSING,),
            ),
            Field(
                "retention",
                _("Nội dung quy định về việc lưu trữ dữ liệu cá nhân"),
                {PROCESSING: "A.II.5", TRANSFER: "A.II.4"},
            ),
            Field(
                "deletion",
                _("Nội dung quy định về việc xóa, hủy dữ liệu cá nhân"),
                {PROCESSING: "A.II.6", TRANSFER: "A.II.5"},
            ),
            Field(
                "shares_data",
                _("Chuyển giao dữ liệu cá nhân (Luật 91/2025 Điều 17)"),
                {PROCESSING: "A.II.7", TRANSFER: "A.II.6"},
                kind="yesno",
            ),
            Field(
                "shares_for_fee",
                _("Chuyển giao dữ liệu cá nhân có thu phí"),
                {PROCESSING: "A.II.7", TRANSFER: "A.II.6"},
                kind="yesno",
            ),
            Field(
                "data_exchange",
                _("Tham gia hoạt động giao dịch trên sàn dữ liệu"),
                {PROCESSING: "A.II.8", TRANSFER: "A.II.7"},
                kind="yesno",
            ),
            Field(
                "provides_services",
                _("Kinh doanh dịch vụ xử lý dữ liệu cá nhân"),
                {PROCESSING: "A.II.9", TRANSFER: "A.II.8"},
                kind="yesno",
            ),
            Field(
                "services",
                _("Danh mục dịch vụ xử lý dữ liệu cá nhân tổ chức cung cấp"),
                {PROCESSING: "A.II.9", TRANSFER: "A.II.8"},
                kind="services",
                required=False,
            ),
        ),
    ),
    Section(
        "protection",
        _("Biện pháp bảo vệ và đánh giá tuân thủ (Phần A.II.11-12 / A.II.9-10)"),
        (
            Field(
                "security_plan",
                _("Phương án bảo đảm an toàn dữ liệu cá nhân"),
                {PROCESSING: "A.II.11.1", TRANSFER: "A.II.9.1"},
            ),
            Field(
                "protection_measures",
                _(
                    "Biện pháp kỹ thuật, quản lý, đào tạo; tiêu chuẩn áp dụng; sơ đồ thiết kế hệ thống"
                ),
                {PROCESSING: "A.II.11.2", TRANSFER: "A.II.9.2"},
            ),
            Field(
                "security_testing",
                _(
                    "Kiểm tra, đánh giá an ninh mạng, an toàn hệ thống (nội dung, đối tượng, tần suất)"
                ),
                {PROCESSING: "A.II.11.3", TRANSFER: "A.II.9.3"},
            ),
            Field(
                "recipient_security_plan",
                _("Phương án bảo đảm an toàn dữ liệu cá nhân của Bên nhận dữ liệu xuyên biên giới"),
                {TRANSFER: "A.II.9.4"},
                kinds=(TRANSFER,),
            ),
            Field(
                "compliance",
                _("Đánh giá tuân thủ: hình thức, thời điểm, kết quả"),
                {PROCESSING: "A.II.12", TRANSFER: "A.II.10"},
            ),
        ),
    ),
    Section(
        "overview",
        _("Đánh giá tổng quan (Phần A.III.1): sự cần thiết, thực trạng, rủi ro"),
        (
            Field(
                "overview",
                _("Sự cần thiết của hoạt động; thực trạng, thuận lợi, khó khăn, rủi ro"),
                {PROCESSING: "A.III.1", TRANSFER: "A.III.1"},
            ),
        ),
    ),
    Section(
        "impact_subjects",
        _("Tác động đến chủ thể dữ liệu (Phần A.III.2.1)"),
        _assessment("subjects", "2.1"),
    ),
    Section(
        "impact_security",
        _("Tác động đến an ninh, an toàn thông tin hệ thống của tổ chức (Phần A.III.2.2)"),
        _assessment("security", "2.2"),
    ),
    Section(
        "impact_national",
        _("Tác động đến an ninh quốc gia, trật tự an toàn xã hội (Phần A.III.2.3)"),
        _assessment("national", "2.3", large_scale_only=True),
    ),
    Section(
        "recipient_level",
        _("Mức độ bảo vệ dữ liệu của Bên nhận (Mẫu 09 Phần A.III.3)"),
        (
            Field(
                "recipient_processing",
                _("Cách thức xử lý và lưu trữ dữ liệu của Bên nhận"),
                {TRANSFER: "3.1"},
                kinds=(TRANSFER,),
            ),
            Field(
                "recipient_plan",
                _("Phương án bảo đảm an toàn dữ liệu của Bên nhận"),
                {TRANSFER: "3.2"},
                kinds=(TRANSFER,),
            ),
            Field(
                "recipient_measures",
                _("Các biện pháp bảo vệ dữ liệu của Bên nhận"),
                {TRANSFER: "3.3"},
                kinds=(TRANSFER,),
            ),
            Field(
                "recipient_assessment",
                _(
                    "Đánh giá mức độ đầy đủ, phù hợp, hiệu quả; rủi ro còn tồn tại, biện pháp bổ sung"
                ),
                {TRANSFER: "3.4"},
                kinds=(TRANSFER,),
            ),
        ),
    ),
)

FIELDS: dict[str, Field] = {f.key: f for s in SECTIONS for f in s.fields}


def sections_for(kind: str) -> list[Section]:
    """Return the sections of a dossier kind, each with only the fields that kind has."""
    result = []
    for section in SECTIONS:
        fields = tuple(f for f in section.fields if kind in f.kinds)
        if fields:
            result.append(Section(section.code, section.title, fields))
    return result
