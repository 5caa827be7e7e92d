"""A month typed as YYYY-MM, as the agency's lists read it: the month in the portal's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pdp_portal.filings.filters import month_bounds

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_month_runs_from_its_first_local_midnight_to_the_next_months():
    assert month_bounds("2026-12") == (
        dt.datetime(2026, 12, 1, tzinfo=HANOI),
        dt.datetime(2027, 1, 1, tzinfo=HANOI),
    )
    start, end = month_bounds("2028-02")
    assert (end - start).days == 29  # a leap year's February


@pytest.mark.parametrize("typed", ["2026-1", "2026-13", "2026-00", "26-03", "2026-03-01", "", "x"])
def test_anything_but_yyyy_mm_is_no_month(typed):
    assert month_bounds(typed) is None
