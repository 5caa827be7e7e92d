"""Staff pages of the clock: the yearly calendar (both calendars) and the rule catalogue."""

import calendar as _calendar
import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .calendars import confirmed_years, describe_day
from .rules import PUBLIC_SECTOR, RULES, STATUTORY

# The holidays package knows the lunar calendar for these years; outside them a page means nothing.
FIRST_YEAR, LAST_YEAR = 2000, 2099


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
        if statutory.holiday or public.holiday or statutory.adjusted or public.adjusted:
            rows.append({"date": day, "statutory": statutory, "public_sector": public})
        day += datetime.timedelta(days=1)
    return rows


@login_required
def calendar_year(request, year: int | None = None):
    year = year or timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
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
            "confirmed": year in confirmed_years(),
            "months": months,
        },
    )


@login_required
def rules(request):
    return render(request, "clock/rules.html", {"rules": list(RULES.values())})
