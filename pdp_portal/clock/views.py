"""Staff pages of the clock: the yearly calendar (both calendars) and the rule catalogue."""

import calendar as _calendar
import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from pdp_portal.messages import render_message

from .calendars import FIRST_YEAR, LAST_YEAR, describe_day, unsettled_days
from .models import CalendarYear
from .rules import PUBLIC_SECTOR, RULES, STATUTORY

# The holidays package knows the lunar calendar for these years; outside them a page means nothing.


def _grid(year: int, month: int, calendar: str) -> list[list]:
    """Return the weeks of ``month`` (Monday first), each day described or None outside the month."""
    weeks = _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [describe_day(day, calendar) if day.month == month else None for day in week]
        for week in weeks
    ]


def _notable(year: int, month: int) -> list[dict]:
    """Return the days of ``month`` that are holidays or adjusted on either calendar."""
    rows = []
    day = datetime.date(year, month, 1)
    while day.month == month:
        statutory, public = describe_day(day, STATUTORY), describe_day(day, PUBLIC_SECTOR)
        if (
            statutory.holiday
            or public.holiday
            or statutory.adjusted
            or public.adjusted
            or statutory.unsettled
            or public.unsettled
        ):
            rows.append({"date": day, "statutory": statutory, "public_sector": public})
        day += datetime.timedelta(days=1)
    return rows


@login_required
def calendar_year(request, year: int | None = None):
    year = year or timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    year_row = CalendarYear.objects.filter(year=year).first()
    months = [
        {
            "first": datetime.date(year, month, 1),
            "statutory": _grid(year, month, STATUTORY),
            "public_sector": _grid(year, month, PUBLIC_SECTOR),
            "notable": _notable(year, month),
        }
        for month in range(1, 13)
    ]
    return render(
        request,
        "clock/calendar_year.html",
        {
            "year": year,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "year_row": year_row,
            "confirmed": bool(year_row and year_row.confirmed),
            "unsettled": _unsettled(year),
            "months": months,
        },
    )


def _text(value: dict) -> str:
    """Return a stored text ({"message"} key or {"vi", "en"} pair) in the active language."""
    if "message" in value:
        return render_message(value["message"], value.get("params"))
    return render_message("%(text)s", {"text": value}) if value.get("vi") else ""


def _unsettled(year: int) -> list[dict]:
    """Return the days of ``year`` whose basis is unsettled, with both readings per calendar."""
    rows: dict = {}
    for calendar in (STATUTORY, PUBLIC_SECTOR):
        for day in unsettled_days(year, calendar):
            row = rows.setdefault(
                day.date,
                {
                    "date": day.date,
                    "name": day.name,
                    "why": _text(day.why),
                    "alternative": _text(day.alternative),
                },
            )
            row[calendar] = day.counted_as
    return [rows[day] for day in sorted(rows)]


@login_required
def rules(request):
    return render(request, "clock/rules.html", {"rules": list(RULES.values())})
