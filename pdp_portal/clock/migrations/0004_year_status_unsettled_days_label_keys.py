"""Give each calendar year its status and sources; mark 24/11 as unsettled; key the labels.

1. 2025 and 2026 are confirmed with the documents known for them; 2027 is provisional (no
   Government decision on its day swaps, nor on Tết 2027 for state bodies, yet).
2. Vietnam Culture Day (24/11) in 2026 and 2027: a statutory-scope row, counted as a working day,
   marked uncertain with the other reading (see clock.calendars.UNSETTLED_HOLIDAYS for why).
3. Deadline labels stored as finished text become the rule's message key and its parameters when
   the text matches the rule's label in Vietnamese or English; otherwise the text is kept
   verbatim as a literal.
"""

import datetime
import re

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

LABOR_CODE = {
    "number": "45/2019/QH14",
    "date": "2019-11-20",
    "issuer": "Quốc hội",
    "title": "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112",
    "url": "",
    "covers": "Ngày lễ, Tết và ngày nghỉ bù",
}

YEARS = {
    2025: {
        "status": "confirmed",
        "sources": [
            LABOR_CODE,
            {
                "number": "6150/TB-LĐTBXH",
                "date": "2024-12-30",
                "issuer": "Bộ Lao động - Thương binh và Xã hội",
                "title": "Lịch nghỉ Tết Âm lịch, Quốc khánh năm 2025 của cán bộ, công chức, viên chức",
                "url": "",
                "covers": "Nghỉ thứ Sáu 02/05/2025, làm bù thứ Bảy 26/04/2025 (cơ quan nhà nước)",
            },
        ],
    },
    2026: {
        "status": "confirmed",
        "sources": [
            LABOR_CODE,
            {
                "number": "",
                "date": "2025-12-25",
                "issuer": "Bộ Nội vụ",
                "title": "Thông báo về lịch nghỉ Tết Dương lịch 2026 (Chính phủ đồng ý hoán đổi "
                "ngày làm việc)",
                "url": "",
                "covers": "Nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026 (cơ quan nhà nước)",
            },
            {
                "number": "",
                "date": "",
                "issuer": "Bộ Nội vụ",
                "title": "Thông báo về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026",
                "url": "",
                "covers": "Nghỉ thứ Hai 31/08/2026, làm bù thứ Bảy 22/08/2026 (cơ quan nhà nước)",
            },
        ],
    },
    2027: {
        "status": "provisional",
        "sources": [LABOR_CODE],
        "assumptions_vi": (
            "Ngày lễ, Tết theo Bộ luật Lao động 2019 Điều 112 như gói holidays tính: Tết Âm lịch "
            "thứ Năm 04/02 - thứ Tư 10/02 (số ngày nghỉ cụ thể do Thủ tướng Chính phủ quyết định "
            "theo Điều 112 khoản 3, chưa có quyết định); chưa có quyết định hoán đổi ngày làm "
            "việc cho cơ quan nhà nước năm 2027. Ngày Văn hóa Việt Nam 24/11 tính là ngày làm "
            "việc (căn cứ chưa rõ)."
        ),
        "assumptions_en": (
            "Labor Code 2019 Art. 112 holidays as the holidays package computes them: Lunar New "
            "Year Thursday 04/02 - Wednesday 10/02 (the exact days are set by the Prime Minister "
            "under Art. 112(3); no decision yet); no Government decision on swapped working days "
            "for state bodies in 2027 yet. Vietnam Culture Day 24/11 counted as a working day "
            "(basis not settled)."
        ),
    },
}

CULTURE_DAY_NOTE = (
    "Chọn theo Nghị quyết 80-NQ/TW của Bộ Chính trị; chưa thấy văn bản sửa Bộ luật Lao động 2019 "
    "Điều 112. Tính là ngày làm việc: đúng với Bộ luật Lao động hiện hành và không cho hạn muộn hơn."
)


def _culture_day(year):
    return {
        "kind": "working_day",
        "name_vi": "Ngày Văn hóa Việt Nam",
        "name_en": "Vietnam Culture Day",
        "legal_document": "",
        "note": CULTURE_DAY_NOTE,
        "uncertain": True,
        "alternative_vi": (
            f"Nếu là ngày nghỉ có hưởng lương: các thời hạn có ngày cuối là 24/11/{year}, hoặc "
            "đếm ngày làm việc qua ngày này, kết thúc muộn hơn một ngày làm việc."
        ),
        "alternative_en": (
            f"If it is a paid day off: periods whose last day is 24/11/{year}, or that count "
            "working days across it, end one working day later."
        ),
    }


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("clock", "CalendarYear")
    CalendarAdjustment = apps.get_model("clock", "CalendarAdjustment")
    for year, values in YEARS.items():
        CalendarYear.objects.update_or_create(year=year, defaults=values)
    for year in (2026, 2027):
        CalendarAdjustment.objects.update_or_create(
            date=datetime.date(year, 11, 24), calendar="statutory", defaults=_culture_day(year)
        )


def unseed(apps, schema_editor):
    CalendarAdjustment = apps.get_model("clock", "CalendarAdjustment")
    CalendarAdjustment.objects.filter(
        date__in=[datetime.date(2026, 11, 24), datetime.date(2027, 11, 24)], uncertain=True
    ).delete()


def _pattern(message: str) -> re.Pattern:
    """Return a regex that reads the parameters back out of ``message`` filled in."""
    parts = re.split(r"%\((\w+)\)s", message)
    regex = ""
    for index, part in enumerate(parts):
        regex += re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
    return re.compile(f"^{regex}$")


def label_key(rule_code: str, text: str) -> tuple[str, dict]:
    """Return (message, params) for a stored label text: the rule's key if it matches, else literal."""
    from pdp_portal.clock.rules import RULES

    if not text:
        return "", {}
    rule = RULES.get(rule_code)
    candidates = []
    if rule and rule.label:
        candidates.append(rule.label)
    if rule_code.endswith(".third_party"):
        # subjects_rights names the processor or third party after the request's reference.
        candidates.append("%(ref)s: %(party)s")
    for message in candidates:
        readings = {message}
        for language in ("vi", "en"):
            with translation.override(language):
                readings.add(gettext(message))
        for reading in readings:
            match = _pattern(reading).match(text)
            if match:
                return message, match.groupdict()
    return "%(text)s", {"text": text}


def key_labels(apps, schema_editor):
    Deadline = apps.get_model("clock", "Deadline")
    for row in Deadline.objects.exclude(label_message="").iterator():
        if row.label_params:
            continue
        row.label_message, row.label_params = label_key(row.rule, row.label_message)
        row.save(update_fields=["label_message", "label_params"])


class Migration(migrations.Migration):
    dependencies = [("clock", "0003_calendar_sources_and_label_messages")]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(key_labels, migrations.RunPython.noop),
    ]
