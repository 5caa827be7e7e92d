"""Seed the confirmed calendar years and the Government's public-sector day swaps."""

import datetime

from django.db import migrations

# Years whose day swaps have been checked; counting into any other year is refused
# (DESIGN section 2: say so rather than guess).
YEARS = {
    2025: "Lịch nghỉ lễ, Tết năm 2025 đã đối chiếu (Bộ luật Lao động 2019 Điều 112; hoán đổi "
    "ngày làm việc của cơ quan nhà nước).",
    2026: "Lịch nghỉ lễ, Tết năm 2026 đã đối chiếu (Bộ luật Lao động 2019 Điều 112; Ngày Văn hóa "
    "Việt Nam 24/11 theo Nghị quyết 80-NQ/TW; hoán đổi ngày làm việc của cơ quan nhà nước).",
    2027: "Ngày lễ theo Bộ luật Lao động 2019 Điều 112 như gói holidays tính (Tết 04-10/02/2027, "
    "chưa đối chiếu quyết định của Thủ tướng Chính phủ theo Điều 112 khoản 3); chưa có quyết định "
    "hoán đổi ngày làm việc cho cơ quan nhà nước năm 2027: bổ sung khi có văn bản.",
}

DOC_2025_MAY = (
    "Thông báo 6150/TB-LĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội về lịch nghỉ "
    "của cán bộ, công chức, viên chức năm 2025"
)
DOC_2026_JAN = (
    "Thông báo của Bộ Nội vụ ngày 25/12/2025 về lịch nghỉ Tết Dương lịch 2026 "
    "(Chính phủ đồng ý hoán đổi ngày làm việc)"
)
DOC_2026_AUG = "Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026"
NOTE_UNVERIFIED = (
    "Ngày hoán đổi đã đối chiếu; số hiệu, ngày của văn bản chưa đối chiếu với bản gốc (2025: theo "
    "tham chiếu của gói holidays; 2026: theo tin của Bộ Nội vụ, chưa rõ số hiệu), cập nhật trường "
    "'văn bản' khi có bản chính thức. Chỉ áp dụng cho cán bộ, công chức, viên chức (khu vực nhà "
    "nước), không áp dụng cho người sử dụng lao động theo Bộ luật Lao động."
)

# (date, kind, name_vi, name_en, legal_document, note); all public_sector: these swaps bind state
# bodies only, not employers under the Labor Code.
ADJUSTMENTS = [
    (
        datetime.date(2025, 5, 2),
        "day_off",
        "Nghỉ hoán đổi dịp 30/4 - 1/5 (làm bù thứ Bảy 26/04/2025)",
        "Swapped day off for 30 April - 1 May (worked on Saturday 26/04/2025)",
        DOC_2025_MAY,
        NOTE_UNVERIFIED,
    ),
    (
        datetime.date(2025, 4, 26),
        "working_day",
        "Làm bù cho ngày nghỉ thứ Sáu 02/05/2025",
        "Working day in exchange for Friday 02/05/2025",
        DOC_2025_MAY,
        NOTE_UNVERIFIED,
    ),
    (
        datetime.date(2026, 1, 2),
        "day_off",
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        "Swapped day off for New Year's Day (worked on Saturday 10/01/2026)",
        DOC_2026_JAN,
        NOTE_UNVERIFIED,
    ),
    (
        datetime.date(2026, 1, 10),
        "working_day",
        "Làm bù cho ngày nghỉ thứ Sáu 02/01/2026",
        "Working day in exchange for Friday 02/01/2026",
        DOC_2026_JAN,
        NOTE_UNVERIFIED,
    ),
    (
        datetime.date(2026, 8, 31),
        "day_off",
        "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)",
        "Swapped day off for National Day (worked on Saturday 22/08/2026)",
        DOC_2026_AUG,
        NOTE_UNVERIFIED,
    ),
    (
        datetime.date(2026, 8, 22),
        "working_day",
        "Làm bù cho ngày nghỉ thứ Hai 31/08/2026",
        "Working day in exchange for Monday 31/08/2026",
        DOC_2026_AUG,
        NOTE_UNVERIFIED,
    ),
]


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("clock", "CalendarYear")
    CalendarAdjustment = apps.get_model("clock", "CalendarAdjustment")
    for year, note in YEARS.items():
        CalendarYear.objects.get_or_create(year=year, defaults={"note": note})
    for day, kind, name_vi, name_en, document, note in ADJUSTMENTS:
        CalendarAdjustment.objects.update_or_create(
            date=day,
            calendar="public_sector",
            defaults={
                "kind": kind,
                "name_vi": name_vi,
                "name_en": name_en,
                "legal_document": document,
                "note": note,
            },
        )


def unseed(apps, schema_editor):
    CalendarAdjustment = apps.get_model("clock", "CalendarAdjustment")
    CalendarYear = apps.get_model("clock", "CalendarYear")
    for day, *_ in ADJUSTMENTS:
        CalendarAdjustment.objects.filter(date=day, calendar="public_sector").delete()
    CalendarYear.objects.filter(year__in=list(YEARS)).delete()


class Migration(migrations.Migration):
    dependencies = [("clock", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
