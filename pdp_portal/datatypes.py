"""The data-type vocabulary of Decree 356/2025: basic personal data (Art. 3) and sensitive
personal data (Art. 4(1)), as codes with their labels; shared by the register, the dossiers, the
consent notices and receipts, and anything else that names a type of personal data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BasicDataType(models.TextChoices):
    # Decree 356 Art. 3, clause by clause, split as the Form 10 / Form 09 checklist (item 3.1).
    BIRTH_NAME = "birth_name", _("Họ, chữ đệm và tên khai sinh")  # Art. 3(1)
    OTHER_NAME = "other_name", _("Tên gọi khác (nếu có)")  # Art. 3(1)
    BIRTH_DATE = "birth_date", _("Ngày, tháng, năm sinh")  # Art. 3(2)
    DEATH_DATE = "death_date", _("Ngày, tháng, năm chết hoặc mất tích")  # Art. 3(2)
    GENDER = "gender", _("Giới tính")  # Art. 3(3)
    BIRTH_PLACE = "birth_place", _("Nơi sinh")  # Art. 3(4)
    BIRTH_REGISTRATION = "birth_registration", _("Nơi đăng ký khai sinh")  # Art. 3(4)
    PERMANENT_RESIDENCE = "permanent_residence", _("Nơi đăng ký thường trú")  # Art. 3(4)
    TEMPORARY_RESIDENCE = "temporary_residence", _("Nơi đăng ký tạm trú")  # Art. 3(4)
    CURRENT_RESIDENCE = "current_residence", _("Nơi ở hiện tại")  # Art. 3(4)
    HOMETOWN = "hometown", _("Quê quán")  # Art. 3(4)
    CONTACT_ADDRESS = "contact_address", _("Địa chỉ liên hệ")  # Art. 3(4)
    NATIONALITY = "nationality", _("Quốc tịch")  # Art. 3(5)
    IMAGE = "image", _("Hình ảnh của cá nhân")  # Art. 3(6)
    PHONE = "phone", _("Số điện thoại")  # Art. 3(7)
    PERSONAL_ID = "personal_id", _("Số định danh cá nhân")  # Art. 3(7)
    PASSPORT = "passport", _("Số hộ chiếu")  # Art. 3(7)
    DRIVING_LICENCE = "driving_licence", _("Số giấy phép lái xe")  # Art. 3(7)
    LICENCE_PLATE = "licence_plate", _("Số biển số xe")  # Art. 3(7)
    MARITAL = "marital", _("Tình trạng hôn nhân")  # Art. 3(8)
    FAMILY = "family", _("Thông tin về mối quan hệ gia đình (cha mẹ, con, vợ chồng)")  # Art. 3(9)
    DIGITAL_ACCOUNT = "digital_account", _("Thông tin về tài khoản số của cá nhân")  # Art. 3(10)
    # Art. 3(11): anything else tied to or identifying a person, not sensitive under Art. 4.
    OTHER_BASIC = (
        "other_basic",
        _(
            "Các thông tin khác gắn liền với một con người cụ thể hoặc giúp xác định một con "
            "người cụ thể không thuộc các mục trên"
        ),
    )


class SensitiveDataType(models.TextChoices):
    # Decree 356 Art. 4(1), point by point, split as the Form 10 / Form 09 checklist (item 3.2).
    ORIGIN = "origin", _("Dữ liệu tiết lộ nguồn gốc chủng tộc, nguồn gốc dân tộc")  # point a
    POLITICAL = "political", _("Quan điểm chính trị")  # point b
    RELIGION = "religion", _("Quan điểm tôn giáo, tín ngưỡng")  # point b
    PRIVATE_LIFE = (
        "private_life",
        _("Thông tin về đời sống riêng tư, bí mật cá nhân, bí mật gia đình"),
    )  # point c
    HEALTH = "health", _("Tình trạng sức khỏe")  # point d
    BIOMETRIC = "biometric", _("Dữ liệu sinh trắc học, đặc điểm di truyền")  # point đ
    SEX_LIFE = "sex_life", _("Dữ liệu tiết lộ đời sống tình dục, xu hướng tình dục của cá nhân")
    CRIMINAL = (
        "criminal",
        _(
            "Dữ liệu về tội phạm, vi phạm pháp luật được thu thập, lưu trữ bởi các cơ quan thực thi pháp luật"
        ),
    )  # point g
    LOCATION = "location", _("Vị trí của cá nhân được xác định qua dịch vụ định vị")  # point h
    EID_LOGIN = (
        "eid_login",
        _("Thông tin tên đăng nhập và mật khẩu truy cập tài khoản định danh điện tử của cá nhân"),
    )  # point i
    ID_CARD_IMAGE = (
        "id_card_image",
        _("Hình ảnh thẻ căn cước, thẻ căn cước công dân, chứng minh nhân dân"),
    )  # point i
    BANK_LOGIN = "bank_login", _("Tên đăng nhập, mật khẩu truy cập của tài khoản ngân hàng")  # k
    BANK_CARD = (
        "bank_card",
        _("Thông tin thẻ ngân hàng, dữ liệu về lịch sử giao dịch của tài khoản ngân hàng"),
    )  # point k
    FINANCIAL = (
        "financial",
        _(
            "Thông tin tài chính, tín dụng và các thông tin về hoạt động, lịch sử giao dịch tài "
            "chính, chứng khoán, bảo hiểm của khách hàng tại các tổ chức tín dụng, chi nhánh ngân "
            "hàng nước ngoài, tổ chức cung ứng dịch vụ trung gian thanh toán, chứng khoán, bảo "
            "hiểm, các tổ chức được phép khác"
        ),
    )  # point k
    BEHAVIOUR = (
        "behaviour",
        _(
            "Dữ liệu theo dõi hành vi, hoạt động sử dụng dịch vụ viễn thông, mạng xã hội, dịch vụ "
            "truyền thông trực tuyến và các dịch vụ khác trên không gian mạng"
        ),
    )  # point l
    OTHER_SENSITIVE = (
        "other_sensitive",
        _(
            "Dữ liệu cá nhân khác được pháp luật quy định cần giữ bí mật hoặc cần có biện pháp "
            "bảo mật chặt chẽ"
        ),
    )  # point m


# Decree 356 Art. 3 clause / Art. 4(1) point of each code, shown next to the checkboxes.
BASIC_CLAUSES = {
    "birth_name": "1",
    "other_name": "1",
    "birth_date": "2",
    "death_date": "2",
    "gender": "3",
    "birth_place": "4",
    "birth_registration": "4",
    "permanent_residence": "4",
    "temporary_residence": "4",
    "current_residence": "4",
    "hometown": "4",
    "contact_address": "4",
    "nationality": "5",
    "image": "6",
    "phone": "7",
    "personal_id": "7",
    "passport": "7",
    "driving_licence": "7",
    "licence_plate": "7",
    "marital": "8",
    "family": "9",
    "digital_account": "10",
    "other_basic": "11",
}
SENSITIVE_POINTS = {
    "origin": "a",
    "political": "b",
    "religion": "b",
    "private_life": "c",
    "health": "d",
    "biometric": "đ",
    "sex_life": "e",
    "criminal": "g",
    "location": "h",
    "eid_login": "i",
    "id_card_image": "i",
    "bank_login": "k",
    "bank_card": "k",
    "financial": "k",
    "behaviour": "l",
    "other_sensitive": "m",
}


def basic_label(code: str) -> str:
    return str(dict(BasicDataType.choices).get(code, code))


def sensitive_label(code: str) -> str:
    return str(dict(SensitiveDataType.choices).get(code, code))
