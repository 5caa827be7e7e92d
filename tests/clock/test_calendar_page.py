"""The yearly calendar page (both calendars) and the rule catalogue page."""

import datetime

import pytest
import time_machine
from django.conf import settings

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.calendars import is_working_day
from pdp_portal.clock.models import CalendarAdjustment
from pdp_portal.clock.rules import RULES
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    for url in ("/clock/calendar/2026/", "/clock/calendar/", "/clock/rules/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]


def test_the_2026_calendar_shows_both_calendars_and_their_reasons(as_user, dpo):
    response = as_user(dpo).get("/clock/calendar/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Lịch nghỉ theo Bộ luật Lao động",
        "Lịch nghỉ của cơ quan nhà nước",
        "Tết Nguyên Đán",
        "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
        "Ngày Văn hóa Việt Nam",
        "Quốc khánh",
        "Ngày nghỉ chuyển từ thứ Bảy 22/08/2026",
        "Ngày làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026",
        "Bộ Nội vụ",
        "31/08/2026",
    ):
        assert text in html, text
    # Sat 22/8 is worked on the public-sector calendar only; both grids carry the date.
    assert html.count('data-date="2026-08-22" data-working="1"') == 1
    assert html.count('data-date="2026-08-22" data-working="0"') == 1
    assert "chưa được xác nhận" not in html


def test_the_calendar_names_holidays_in_english(as_user, dpo):
    client = as_user(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/clock/calendar/2026/").content.decode()
    assert "Lunar New Year" in html
    assert "Hung Kings" in html


@time_machine.travel("2027-05-01 10:00 +0700", tick=False)
def test_the_calendar_without_a_year_shows_the_current_one(as_user, dpo):
    response = as_user(dpo).get("/clock/calendar/")
    assert response.status_code == 200
    assert response.context["year"] == 2027


def test_an_unconfirmed_year_says_so(as_user, dpo):
    html = as_user(dpo).get("/clock/calendar/2030/").content.decode()
    assert "chưa được xác nhận" in html


def test_a_year_out_of_range_is_404(as_user, dpo):
    assert as_user(dpo).get("/clock/calendar/1900/").status_code == 404


def test_the_page_costs_a_few_queries(as_user, dpo, django_assert_max_num_queries):
    client = as_user(dpo)
    with django_assert_max_num_queries(15):
        client.get("/clock/calendar/2026/")


def test_the_rules_page_lists_every_rule_with_its_basis(as_user, dpo):
    html = as_user(dpo).get("/clock/rules/").content.decode()
    for rule in RULES.values():
        assert rule.code in html
        assert rule.basis_vi in html


def test_the_admin_lists_adjustments_and_audits_a_change(as_user):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client = as_user(admin)
    response = client.get("/admin/clock/calendaradjustment/", {"q": "Bộ Nội vụ"})
    assert response.status_code == 200
    assert "Bộ Nội vụ" in response.content.decode()
    assert client.get("/admin/clock/calendaryear/").status_code == 200

    assert is_working_day(datetime.date(2026, 3, 3), "statutory")
    response = client.post(
        "/admin/clock/calendaradjustment/add/",
        {
            "date": "2026-03-03",
            "kind": "day_off",
            "calendar": "statutory",
            "name_vi": "Ngày nghỉ thử",
            "name_en": "Test day off",
            "legal_document": "Quyết định thử 1/QĐ",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarAdjustment.objects.filter(date="2026-03-03").exists()
    assert AuditEvent.objects.filter(action="clock.calendaradjustment.create").exists()
    # The cached calendar is dropped at once.
    assert not is_working_day(datetime.date(2026, 3, 3), "statutory")
