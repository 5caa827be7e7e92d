"""Hand-checked due dates: Civil Code 2015 Art. 147-148 on the two Vietnamese calendars."""

import datetime

import pytest
from django.utils import translation

from pdp_portal.clock.calendars import (
    explain_day,
    is_working_day,
    next_working_day,
    previous_working_day,
)
from pdp_portal.clock.counting import ClockError, compute, iso, parse_start
from pdp_portal.clock.models import CalendarAdjustment, CalendarYear
from pdp_portal.clock.rules import RULES, get_rule

pytestmark = pytest.mark.django_db

S, P = "statutory", "public_sector"

# (rule, start, calendar or None for the rule's default, expected due instant, why)
CASES = [
    # DESIGN section 2 and issue 3 examples.
    ("rights.respond", "2026-03-02T09:30:00+07:00", None, "2026-03-04T23:59:59+07:00", "plain"),
    ("rights.access.fulfil", "2026-03-02T09:30:00+07:00", None, "2026-03-12T23:59:59+07:00", ""),
    ("breach.notify_agency", "2026-03-02T09:30:00+07:00", None, "2026-03-05T09:30:00+07:00", ""),
    # Fri 13/2 is day 1; 14-15 weekend, 16-20 Tết, 21-22 weekend; Mon 23/2 is day 2.
    ("rights.respond", "2026-02-12T16:00:00+07:00", None, "2026-02-23T23:59:59+07:00", "Tết"),
    # Day 15 is Sun 26/4, Hùng Kings; Mon 27/4 its compensatory day; Tue 28/4.
    ("rights.cease.fulfil", "2026-04-11T10:00:00+07:00", None, "2026-04-28T23:59:59+07:00", ""),
    # Tết 2026: day 10 is Mon 16/2 (eve), off until Sun 22/2.
    ("rights.access.fulfil", "2026-02-06T08:00:00+07:00", S, "2026-02-23T23:59:59+07:00", "Tết"),
    ("rights.access.fulfil", "2026-02-06T08:00:00+07:00", P, "2026-02-23T23:59:59+07:00", "Tết"),
    # Tết 2027 (1 Tết = Sat 6/2): Thu 4/2 - Wed 10/2 off (Labor Code Art. 111(3) for 6-7/2).
    ("rights.respond", "2027-02-03T10:00:00+07:00", S, "2027-02-12T23:59:59+07:00", "Tết 2027"),
    # 30/4 (Thu) and 1/5 (Fri) 2026, then the weekend: Mon 4/5.
    ("rights.access.fulfil", "2026-04-20T10:00:00+07:00", S, "2026-05-04T23:59:59+07:00", "30/4"),
    # National Day 2026: Tue 1/9 and Wed 2/9; the public sector is also off Mon 31/8.
    ("rights.respond", "2026-08-28T10:00:00+07:00", S, "2026-09-03T23:59:59+07:00", "2/9"),
    ("rights.respond", "2026-08-28T10:00:00+07:00", P, "2026-09-04T23:59:59+07:00", "2/9"),
    # Vietnam Culture Day, Tue 24/11/2026 (Resolution 80-NQ/TW): basis unsettled, counted as a
    # working day by default (clock.calendars.UNSETTLED_HOLIDAYS).
    ("rights.respond", "2026-11-23T10:00:00+07:00", S, "2026-11-25T23:59:59+07:00", "24/11"),
    # Fri 2/1/2026: a working day by the Labor Code, a day off for state bodies.
    ("rights.respond", "2025-12-31T10:00:00+07:00", S, "2026-01-05T23:59:59+07:00", "2/1"),
    ("rights.respond", "2025-12-31T10:00:00+07:00", P, "2026-01-06T23:59:59+07:00", "2/1"),
    # Sat 10/1/2026: a weekend by the Labor Code, worked by state bodies.
    ("rights.respond", "2026-01-09T10:00:00+07:00", S, "2026-01-13T23:59:59+07:00", "10/1"),
    ("rights.respond", "2026-01-09T10:00:00+07:00", P, "2026-01-12T23:59:59+07:00", "10/1"),
    ("rights.access.fulfil", "2025-12-31T10:00:00+07:00", S, "2026-01-12T23:59:59+07:00", "10/1"),
    ("rights.access.fulfil", "2025-12-31T10:00:00+07:00", P, "2026-01-10T23:59:59+07:00", "10/1"),
    # Sat 22/8/2026, worked by state bodies only.
    ("rights.access.fulfil", "2026-08-12T10:00:00+07:00", S, "2026-08-24T23:59:59+07:00", "22/8"),
    ("rights.access.fulfil", "2026-08-12T10:00:00+07:00", P, "2026-08-22T23:59:59+07:00", "22/8"),
    # Mon 31/8/2026, off for state bodies only (then 1-2/9 National Day).
    ("rights.access.fulfil", "2026-08-21T10:00:00+07:00", S, "2026-08-31T23:59:59+07:00", "31/8"),
    ("rights.access.fulfil", "2026-08-21T10:00:00+07:00", P, "2026-09-03T23:59:59+07:00", "31/8"),
    # 2025: the package's swap (Fri 2/5 off, Sat 26/4 worked) binds state bodies only.
    ("rights.respond", "2025-04-29T10:00:00+07:00", S, "2025-05-05T23:59:59+07:00", "2/5/2025"),
    ("rights.respond", "2025-04-29T10:00:00+07:00", P, "2025-05-06T23:59:59+07:00", "2/5/2025"),
    ("rights.respond", "2025-04-24T10:00:00+07:00", S, "2025-04-28T23:59:59+07:00", "26/4/2025"),
    ("rights.respond", "2025-04-24T10:00:00+07:00", P, "2025-04-26T23:59:59+07:00", "26/4/2025"),
    # Months: 6 months from 31/8 ends on the last day of February, then moves off the weekend.
    ("dossier.update.periodic", "2026-08-31T10:00:00+07:00", S, "2027-03-01T23:59:59+07:00", ""),
    ("dossier.update.periodic", "2025-08-31T10:00:00+07:00", S, "2026-03-02T23:59:59+07:00", ""),
    ("dossier.update.periodic", "2026-03-31T10:00:00+07:00", S, "2026-09-30T23:59:59+07:00", ""),
    # The Vietnam date of an instant given in UTC: 18:30Z on 1/3 is 01:30 on Mon 2/3 in Vietnam.
    ("rights.respond", "2026-03-01T18:30:00Z", None, "2026-03-04T23:59:59+07:00", "UTC"),
    # ... and 16:59:59Z is still Sunday 1/3 in Vietnam: Mon 2/3 and Tue 3/3 are the two days.
    ("rights.respond", "2026-03-01T16:59:59Z", None, "2026-03-03T23:59:59+07:00", "UTC"),
    # A plain date is 00:00 Vietnam time.
    ("rights.access.fulfil", "2026-03-02", None, "2026-03-12T23:59:59+07:00", "date"),
    # Hours run from the exact instant and are never moved, even into Tết or a compensatory day.
    ("breach.notify_agency", "2026-02-14T08:00:00+07:00", None, "2026-02-17T08:00:00+07:00", ""),
    ("breach.notify_subjects", "2026-04-24T03:00:00Z", None, "2026-04-27T10:00:00+07:00", ""),
    ("breach.notify_agency", "2026-04-24T03:00:00Z", P, "2026-04-27T10:00:00+07:00", ""),
    # Agency rules count on the public-sector calendar unless told otherwise.
    ("certificate.reissue", "2026-08-27T10:00:00+07:00", None, "2026-09-08T23:59:59+07:00", ""),
    ("certificate.reissue", "2026-08-27T10:00:00+07:00", S, "2026-09-07T23:59:59+07:00", ""),
    ("dossier.review", "2026-08-20T10:00:00+07:00", None, "2026-09-04T23:59:59+07:00", ""),
]


@pytest.mark.parametrize(("rule", "start", "calendar", "due", "why"), CASES)
def test_due_dates(rule, start, calendar, due, why):
    result = compute(rule, parse_start(start), calendar=calendar)
    assert iso(result.due_at) == due, why
    assert result.original_due_at == result.due_at
    assert result.calendar == (calendar or get_rule(rule).default_calendar)


@pytest.mark.parametrize(
    ("rule", "start", "days", "original", "extended"),
    [
        # 12/3 + 10 days is Sun 22/3: moved to Mon 23/3.
        ("rights.access.fulfil", "2026-03-02T09:30:00+07:00", 10, "2026-03-12", "2026-03-23"),
        # The extension starts from the moved end (Tue 28/4), not from Sun 26/4.
        ("rights.cease.fulfil", "2026-04-11T10:00:00+07:00", 15, "2026-04-28", "2026-05-13"),
        ("rights.cease.fulfil", "2026-04-11T10:00:00+07:00", 1, "2026-04-28", "2026-04-29"),
        # 20 days from Thu 12/2 ... an erase over Tết: 4/3 + 20 = Tue 24/3.
        ("rights.erase.fulfil", "2026-02-12T10:00:00+07:00", 20, "2026-03-04", "2026-03-24"),
        # Protect: 15 + 15; 4/5/2026 + 15 = Tue 19/5.
        ("rights.protect.fulfil", "2026-04-19T10:00:00+07:00", 15, "2026-05-04", "2026-05-19"),
    ],
)
def test_extensions(rule, start, days, original, extended):
    result = compute(rule, parse_start(start), extend_days=days)
    assert iso(result.original_due_at) == f"{original}T23:59:59+07:00"
    assert iso(result.due_at) == f"{extended}T23:59:59+07:00"
    assert result.extend_days == days


def test_it_refuses_an_extension_over_the_maximum():
    with pytest.raises(ClockError) as error:
        compute("rights.access.fulfil", parse_start("2026-03-02T09:30:00+07:00"), extend_days=11)
    assert error.value.field == "extend"
    assert "10" in str(error.value)


@pytest.mark.parametrize("rule", ["rights.respond", "breach.notify_agency", "dossier.file"])
def test_it_refuses_an_extension_on_a_rule_without_one(rule):
    with pytest.raises(ClockError) as error:
        compute(rule, parse_start("2026-03-02T09:30:00+07:00"), extend_days=1)
    assert error.value.field == "extend"


@pytest.mark.parametrize("days", [0, -3])
def test_it_refuses_an_extension_that_is_not_positive(days):
    with pytest.raises(ClockError):
        compute("rights.access.fulfil", parse_start("2026-03-02"), extend_days=days)


def test_the_maxima_are_those_of_decree_article_5():
    maxima = {code: rule.max_extension_days for code, rule in RULES.items() if rule.extendable}
    assert maxima == {
        "rights.cease.fulfil": 15,
        "rights.access.fulfil": 10,
        "rights.erase.fulfil": 20,
        "rights.protect.fulfil": 15,
    }


def test_agency_rules_default_to_the_public_sector_calendar():
    for rule in RULES.values():
        expected = P if rule.party == "agency" else S
        assert rule.default_calendar == expected, rule.code
        assert rule.basis_vi and rule.basis_en


def test_it_refuses_an_unknown_rule():
    with pytest.raises(ClockError) as error:
        compute("rights.nope", parse_start("2026-03-02"))
    assert error.value.field == "rule"
    assert "rights.nope" in str(error.value)


def test_it_refuses_an_unknown_calendar():
    with pytest.raises(ClockError) as error:
        compute("rights.respond", parse_start("2026-03-02"), calendar="lunar")
    assert error.value.field == "calendar"


def test_it_refuses_a_naive_datetime():
    with pytest.raises(ClockError) as error:
        compute("rights.respond", datetime.datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001
    assert error.value.field == "start"


@pytest.mark.parametrize("text", ["2026-03-02T09:30", "2026-03-02 09:30:00", "tomorrow", ""])
def test_it_refuses_a_start_without_offset_or_not_a_date(text):
    with pytest.raises(ClockError):
        parse_start(text)


def test_it_refuses_a_start_in_an_unconfirmed_year():
    with pytest.raises(ClockError) as error:
        compute("rights.respond", parse_start("2029-03-02T09:30:00+07:00"))
    assert "2029" in str(error.value)


def test_a_due_date_in_an_unconfirmed_year_is_provisional():
    # 30 days from 15/12/2027 ends in January 2028, a year not confirmed yet: counted on the
    # Labor Code holidays (known in advance) and flagged, not refused.
    result = compute("rights.erase.third_party", parse_start("2027-12-15T10:00:00+07:00"))
    assert result.provisional_years == (2028,)
    # 14/1/2028 is a Friday, an ordinary working day.
    assert iso(result.due_at) == "2028-01-14T23:59:59+07:00"
    assert result.as_dict()["provisional_years"] == [2028]


def test_a_confirmed_year_added_in_the_admin_is_used_at_once():
    start = parse_start("2026-03-02T09:30:00+07:00")
    assert compute("breach.keep_record", start).provisional_years == (2031,)
    CalendarYear.objects.create(year=2031, status="confirmed", note="test")
    result = compute("breach.keep_record", start)
    # 5 years later is Sun 2/3/2031: moved to Mon 3/3/2031.
    assert iso(result.due_at) == "2031-03-03T23:59:59+07:00"
    assert not result.provisional


def test_a_statutory_adjustment_applies_to_both_calendars():
    CalendarAdjustment.objects.create(
        date=datetime.date(2026, 3, 3),
        kind="day_off",
        calendar="statutory",
        name_vi="Ngày nghỉ thử",
        name_en="Test day off",
        legal_document="Quyết định thử 1/QĐ",
    )
    for calendar in (S, P):
        result = compute("rights.respond", parse_start("2026-03-02T09:30:00+07:00"), calendar)
        assert iso(result.due_at) == "2026-03-05T23:59:59+07:00"
    assert "Quyết định thử 1/QĐ" in explain_day(datetime.date(2026, 3, 3), P)


def test_a_public_sector_adjustment_overrides_the_package():
    # Undo the 2026 National Day swap on the public-sector calendar (package and seed agree on it).
    CalendarAdjustment.objects.filter(date=datetime.date(2026, 8, 31)).update(kind="working_day")
    CalendarAdjustment.objects.get(date=datetime.date(2026, 8, 31)).save()  # signal: drop cache
    assert is_working_day(datetime.date(2026, 8, 31), P)
    result = compute("rights.access.fulfil", parse_start("2026-08-21T10:00:00+07:00"), calendar=P)
    assert iso(result.due_at) == "2026-08-31T23:59:59+07:00"


def test_the_statutory_calendar_ignores_the_package_public_sector_swaps():
    assert is_working_day(datetime.date(2025, 5, 2), S)
    assert not is_working_day(datetime.date(2025, 4, 26), S)
    assert not is_working_day(datetime.date(2025, 5, 2), P)
    assert is_working_day(datetime.date(2025, 4, 26), P)
    CalendarAdjustment.objects.filter(date__year=2025).delete()
    # Without the seeded rows, the package's own swap still holds for state bodies only.
    assert not is_working_day(datetime.date(2025, 5, 2), P)
    assert is_working_day(datetime.date(2025, 4, 26), P)
    assert is_working_day(datetime.date(2025, 5, 2), S)


def test_holidays_of_2026():
    off = [
        datetime.date(2026, 1, 1),
        *(datetime.date(2026, 2, day) for day in range(16, 21)),
        datetime.date(2026, 4, 27),
        datetime.date(2026, 4, 30),
        datetime.date(2026, 5, 1),
        datetime.date(2026, 9, 1),
        datetime.date(2026, 9, 2),
    ]
    for day in off:
        assert not is_working_day(day, S), day
        assert not is_working_day(day, P), day
    # Vietnam Culture Day: its basis is not settled, counted as a working day by default.
    assert is_working_day(datetime.date(2026, 11, 24), S)
    assert is_working_day(datetime.date(2026, 11, 24), P)


def test_next_and_previous_working_day():
    assert next_working_day(datetime.date(2026, 2, 13), S) == datetime.date(2026, 2, 23)
    assert previous_working_day(datetime.date(2026, 2, 23), S) == datetime.date(2026, 2, 13)
    assert next_working_day(datetime.date(2026, 1, 9), P) == datetime.date(2026, 1, 10)
    assert next_working_day(datetime.date(2026, 1, 9), S) == datetime.date(2026, 1, 12)
    assert previous_working_day(datetime.date(2026, 9, 3), P) == datetime.date(2026, 8, 28)


def test_the_explanation_names_each_skipped_day():
    result = compute("rights.respond", parse_start("2026-02-12T16:00:00+07:00"))
    by_date = {}
    for step in result.explanation:
        by_date.setdefault(step.date, []).append(step)
    assert by_date[datetime.date(2026, 2, 12)][0].kind == "event"
    assert not by_date[datetime.date(2026, 2, 12)][0].counted
    assert by_date[datetime.date(2026, 2, 13)][0].counted
    assert "Tết Nguyên Đán" in by_date[datetime.date(2026, 2, 17)][0].reason
    assert not by_date[datetime.date(2026, 2, 17)][0].counted
    assert "Chủ nhật" in by_date[datetime.date(2026, 2, 15)][0].reason
    assert [step.kind for step in by_date[datetime.date(2026, 2, 23)]] == ["counted", "due"]


def test_the_explanation_of_a_move_and_a_swap():
    result = compute("rights.cease.fulfil", parse_start("2026-04-11T10:00:00+07:00"))
    kinds = [(step.date, step.kind) for step in result.explanation]
    assert (datetime.date(2026, 4, 26), "moved") in kinds
    assert (datetime.date(2026, 4, 27), "skipped") in kinds
    assert kinds[-1] == (datetime.date(2026, 4, 28), "due")
    reasons = " ".join(step.reason for step in result.explanation)
    assert "Giỗ Tổ Hùng Vương" in reasons and "nghỉ bù" in reasons
    swap = explain_day(datetime.date(2026, 8, 31), P)
    assert "thứ Bảy 22/08/2026" in swap
    assert "Bộ Nội vụ" in swap
    assert explain_day(datetime.date(2026, 8, 31), S) == "Ngày làm việc"


def test_holiday_names_follow_the_language():
    with translation.override("en"):
        assert "Lunar New Year" in explain_day(datetime.date(2026, 2, 17), S)
        assert "Vietnam Culture Day" in explain_day(datetime.date(2026, 11, 24), S)
        assert get_rule("rights.access.fulfil").basis == "Decree 356/2025 Art. 5(3)"
    assert "Tết Nguyên Đán" in explain_day(datetime.date(2026, 2, 17), S)
    assert get_rule("rights.access.fulfil").basis == "Nghị định 356/2025 Điều 5 khoản 3"


def test_the_explanation_cites_the_civil_code_in_the_users_language():
    start = parse_start("2026-03-02T09:30:00+07:00")
    with translation.override("en"):
        english = " ".join(s.reason for s in compute("rights.respond", start).explanation)
    vietnamese = " ".join(s.reason for s in compute("rights.respond", start).explanation)
    assert "Civil Code 2015 Art. 147" in english and "Civil Code 2015 Art. 148" in english
    assert "Bộ luật" not in english
    assert "Bộ luật Dân sự 2015 Điều 147" in vietnamese
