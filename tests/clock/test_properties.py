"""Properties of the counting engine, over random rules, instants, offsets and calendars."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pdp_portal.clock.calendars import VN_TZ, is_working_day
from pdp_portal.clock.counting import compute
from pdp_portal.clock.rules import DAYS, HOURS, MONTHS, RULES, WORKING_DAYS

pytestmark = pytest.mark.django_db

# Years rules (5 years) would leave the confirmed years; every other rule stays inside them
# for a start up to mid-2027.
# Limits that do not move to a working day (a relief, a revocation threshold) are not periods to
# act in; the properties below are about those.
COUNTED = sorted(code for code, rule in RULES.items() if rule.unit != "years" and rule.moves)
EXTENDABLE = sorted(code for code, rule in RULES.items() if rule.extendable)
FIRST = datetime.datetime(2025, 1, 1, tzinfo=VN_TZ)
LAST = datetime.datetime(2027, 6, 30, tzinfo=VN_TZ)
SPAN = int((LAST - FIRST).total_seconds())

offsets = st.sampled_from([0, 7, -5, 9, 5.5]).map(
    lambda hours: datetime.timezone(datetime.timedelta(hours=hours))
)
instants = st.builds(
    lambda seconds, zone: (FIRST + datetime.timedelta(seconds=seconds)).astimezone(zone),
    st.integers(0, SPAN),
    offsets,
)
calendars = st.sampled_from(["statutory", "public_sector"])
checks = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@checks
@given(rule=st.sampled_from(COUNTED), start=instants, calendar=calendars)
def test_the_due_instant_is_after_the_start(rule, start, calendar):
    result = compute(rule, start, calendar)
    assert result.due_at > start
    assert result.due_at.tzinfo is not None


@checks
@given(rule=st.sampled_from(COUNTED), start=instants, calendar=calendars)
def test_day_rules_end_at_the_end_of_a_working_day(rule, start, calendar):
    result = compute(rule, start, calendar)
    due = result.due_at.astimezone(VN_TZ)
    if RULES[rule].unit in (DAYS, MONTHS, WORKING_DAYS):
        assert is_working_day(due.date(), calendar)
        assert due.time() == datetime.time(23, 59, 59)
    if RULES[rule].unit == HOURS:
        assert due - start == datetime.timedelta(hours=RULES[rule].period)


@checks
@given(
    rule=st.sampled_from(COUNTED),
    start=instants,
    later=st.integers(0, 40 * 24 * 3600),
    calendar=calendars,
)
def test_a_later_start_never_gives_an_earlier_due(rule, start, later, calendar):
    first = compute(rule, start, calendar)
    second = compute(rule, start + datetime.timedelta(seconds=later), calendar)
    assert second.due_at >= first.due_at


@checks
@given(rule=st.sampled_from(EXTENDABLE), start=instants, calendar=calendars, data=st.data())
def test_an_extension_ends_at_least_k_days_after_the_original_on_a_working_day(
    rule, start, calendar, data
):
    days = data.draw(st.integers(1, RULES[rule].max_extension_days))
    result = compute(rule, start, calendar, extend_days=days)
    assert result.due_at >= result.original_due_at + datetime.timedelta(days=days)
    assert is_working_day(result.due_at.date(), calendar)
