"""What the clock does not know yet: provisional years, unsettled days, recomputation on confirmation."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock import services, yearfile
from pdp_portal.clock.admin import CalendarAdjustmentAdmin
from pdp_portal.clock.counting import compute, iso, parse_start
from pdp_portal.clock.models import CalendarAdjustment, CalendarYear
from pdp_portal.clock.rules import ClockError
from pdp_portal.notices.models import Notification, OutboxMessage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")

CONFIRM_2027 = """
year = 2027
status = "confirmed"
[[documents]]
key = "labor_code"
number = "45/2019/QH14"
date = "2019-11-20"
issuer = "Quốc hội"
title = "Bộ luật Lao động 2019"
url = "https://example.test/45-2019-QH14"
[[documents]]
key = "tet"
number = "1/QĐ-TTg"
date = "2026-12-01"
issuer = "Thủ tướng Chính phủ"
title = "Quyết định thử về lịch nghỉ năm 2027"
url = "https://example.test/1-QD-TTg"
"""
DAY_OFF_4_JAN = """
[[days]]
date = "2027-01-04"
kind = "day_off"
calendar = "statutory"
name_vi = "Nghỉ thử"
name_en = "Test day off"
document = "tet"
"""


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(dt.datetime(2026, 12, 21, 9, 0, tzinfo=VN), tick=False):
        yield


@pytest.fixture
def owner(org):
    return make_user("owner", email="owner@example.test")


def open_into_2027(org, owner):
    # 15 days from Sun 20/12/2026 end on Mon 4/1/2027, a day of a year not confirmed yet.
    return services.deadline_open(
        organization=org,
        rule="rights.cease.fulfil",
        subject=org,
        started_at=dt.datetime(2026, 12, 20, 9, 0, tzinfo=VN),
        responsible=owner,
        label_params={"ref": "YC-1"},
    )


def recompute_events(deadline):
    return AuditEvent.objects.filter(action="deadline.recompute", object_id=str(deadline.pk))


def test_2027_is_provisional_and_a_clock_into_it_says_why(org, owner):
    assert CalendarYear.objects.get(year=2027).status == "provisional"
    result = compute("dossier.review", parse_start("2026-12-20T09:00:00+07:00"), "public_sector")
    assert iso(result.due_at) == "2027-01-04T23:59:59+07:00"
    assert result.provisional_years == (2027,)
    deadline = open_into_2027(org, owner)
    deadline.refresh_from_db()
    assert deadline.provisional
    assert deadline.provisional_reasons[0]["params"] == {"year": 2027}
    with translation.override("vi"):
        assert "Lịch năm 2027 chưa được xác nhận" in deadline.provisional_texts[0]
    with translation.override("en"):
        assert "The 2027 calendar is not confirmed" in deadline.provisional_texts[0]


def test_the_command_line_warns_about_2027(capsys):
    call_command(
        "deadline", "dossier.review", "2026-12-20T09:00:00+07:00", "--calendar", "public_sector"
    )
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "2027-01-04T23:59:59+07:00"
    assert "tạm tính" in err and "2027" in err


def test_provisional_is_shown_where_the_due_date_is(as_user, dpo, org, owner):
    deadline = open_into_2027(org, owner)
    client = as_user(dpo)
    for url in (
        reverse("clock:deadlines"),
        reverse("clock:deadline_detail", args=[deadline.pk]),
        reverse("dashboard"),
    ):
        html = client.get(url).content.decode()
        assert 'data-provisional="1"' in html, url
        assert "tạm tính" in html and "Lịch năm 2027" in html, url


def test_confirming_without_a_change_clears_the_flag_and_tells_nobody(org, owner):
    deadline = open_into_2027(org, owner)
    result = services.calendar_year_load(data=yearfile.parse(CONFIRM_2027), actor="test")
    assert result["moved"] == 0
    deadline.refresh_from_db()
    assert iso(deadline.due_at) == "2027-01-04T23:59:59+07:00"
    assert not deadline.provisional
    assert recompute_events(deadline).count() == 1
    assert not OutboxMessage.objects.filter(template="deadline_moved").exists()
    # A second confirmation changes nothing.
    services.calendar_year_load(data=yearfile.parse(CONFIRM_2027), actor="test")
    assert recompute_events(deadline).count() == 1


def test_confirming_with_a_change_moves_the_date_tells_the_people_and_audits(org, owner, dpo):
    deadline = open_into_2027(org, owner)
    result = services.calendar_year_load(
        data=yearfile.parse(CONFIRM_2027 + DAY_OFF_4_JAN), actor="test"
    )
    assert result["moved"] == 1
    assert CalendarYear.objects.get(year=2027).status == "confirmed"
    deadline.refresh_from_db()
    assert iso(deadline.due_at) == "2027-01-05T23:59:59+07:00"
    assert not deadline.provisional
    event = recompute_events(deadline).get()
    assert event.data["old_due_at"] == "2027-01-04T23:59:59+07:00"
    assert event.data["due_at"] == "2027-01-05T23:59:59+07:00"
    mails = OutboxMessage.objects.filter(template="deadline_moved")
    assert {mail.recipient for mail in mails} == {"owner@example.test", dpo.email} - {""}
    body = mails.get(recipient="owner@example.test").body_text
    assert "04/01/2027" in body and "05/01/2027" in body and "YC-1" in body
    assert Notification.objects.filter(user=owner, key__startswith="clock.moved:").count() == 1
    # A second confirmation changes nothing and tells nobody again.
    again = services.calendar_year_load(
        data=yearfile.parse(CONFIRM_2027 + DAY_OFF_4_JAN), actor="test"
    )
    assert again["moved"] == 0
    assert recompute_events(deadline).count() == 1
    assert OutboxMessage.objects.filter(template="deadline_moved").count() == mails.count()


def test_a_met_clock_is_not_recomputed(org, owner):
    deadline = open_into_2027(org, owner)
    services.deadline_meet(deadline=deadline, actor="test")
    services.calendar_year_load(data=yearfile.parse(CONFIRM_2027 + DAY_OFF_4_JAN), actor="test")
    deadline.refresh_from_db()
    assert iso(deadline.due_at) == "2027-01-04T23:59:59+07:00"


def test_the_sample_2027_file_loads_as_provisional(capsys):
    call_command("calendar_load", "pdp_portal/clock/calendar_years/2027.toml")
    row = CalendarYear.objects.get(year=2027)
    assert row.status == "provisional"
    assert "Tết" in row.assumptions_vi
    assert CalendarAdjustment.objects.get(date=dt.date(2027, 11, 24)).uncertain


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('year = 2027\nstatus = "confirmed"\n', "văn bản"),
        ('year = 2027\nstatus = "provisional"\n', "giả định"),
        (CONFIRM_2027.replace('url = "https://example.test/1-QD-TTg"', ""), "url"),
        (CONFIRM_2027 + DAY_OFF_4_JAN.replace('document = "tet"', ""), "không dẫn văn bản"),
        ('year = 2027\nstatus = "maybe"\n', "status"),
    ],
)
def test_a_bad_year_file_is_refused_with_the_reason(text, error):
    with pytest.raises(ClockError) as refused:
        yearfile.parse(text)
    assert error in str(refused.value)


# --- Vietnam Culture Day (24/11): basis unsettled ---------------------------------------------


@pytest.mark.parametrize("calendar", ["statutory", "public_sector"])
def test_culture_day_counts_as_a_working_day_by_default_and_says_so(calendar):
    result = compute("rights.respond", parse_start("2026-11-20T10:00:00+07:00"), calendar)
    assert iso(result.due_at) == "2026-11-24T23:59:59+07:00"
    assert result.provisional
    assert "24/11/2026" in result.as_dict()["provisional_reasons"][0]


@pytest.mark.parametrize("calendar", ["statutory", "public_sector"])
def test_switching_culture_day_in_the_admin_recomputes_the_open_clocks(
    calendar, org, owner, monkeypatch
):
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, 0, tzinfo=VN), tick=False):
        deadline = services.deadline_open(
            organization=org,
            rule="rights.respond",
            subject=org,
            started_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=VN),
            responsible=owner,
            calendar=calendar,
            label_params={"ref": "YC-2"},
        )
        assert iso(deadline.due_at) == "2026-11-24T23:59:59+07:00"
        row = CalendarAdjustment.objects.get(date=dt.date(2026, 11, 24), calendar="statutory")
        row.kind = "day_off"
        model_admin = CalendarAdjustmentAdmin(CalendarAdjustment, admin.site)
        monkeypatch.setattr(model_admin, "message_user", lambda *args, **kwargs: None)
        request = RequestFactory().post("/admin/")
        request.user = make_user("admin", is_staff=True, is_superuser=True)
        form = type("Form", (), {"changed_data": ["kind"], "cleaned_data": {"kind": "day_off"}})
        model_admin.save_model(request, row, form(), change=True)
    deadline.refresh_from_db()
    assert iso(deadline.due_at) == "2026-11-25T23:59:59+07:00"
    assert deadline.provisional  # the day off reading is still an unsettled one
    assert recompute_events(deadline).count() == 1
    assert OutboxMessage.objects.filter(template="deadline_moved", recipient=owner.email).exists()


def test_the_calendar_page_shows_the_year_status_sources_and_the_unsettled_day(as_user, dpo):
    client = as_user(dpo)
    html = client.get("/clock/calendar/2026/").content.decode()
    assert 'data-status="confirmed"' in html
    assert "45/2019/QH14" in html and "Bộ Nội vụ" in html
    assert 'class="unsettled" data-date="2026-11-24"' in html
    assert "Nghị quyết 80-NQ/TW" in html and "Cách hiểu khác" in html
    html = client.get("/clock/calendar/2027/").content.decode()
    assert 'data-status="provisional"' in html
    assert "Tạm tính" in html and "04/02" in html
