"""Count a statutory period by Civil Code 2015 Art. 147-148, in Vietnam time, and explain it.

- hours: from the exact instant, never moved (Art. 147(1)).
- days: the day of the event is not counted (Art. 147(2)); the period ends at the end of its last
  day (Art. 148); a last day that is not a working day moves to the end of the next working day.
- months and years: the same date of the last month, or that month's last day; then as for days.
- working days: only working days after the day of the event are counted.
- extension (Decree 356 Art. 5(2)-(5)): one new period of k days that begins when the original
  period ends, after any move; moved again to a working day if needed.
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.messages import render_message

from .calendars import (
    VN_TZ,
    confirmed_years,
    explain_day,
    format_date,
    is_working_day,
    require_confirmed_year,
    unsettled_day,
    weekday_name,
    year_reason,
)
from .rules import (
    CALENDARS,
    DAYS,
    HOURS,
    MONTHS,
    WORKING_DAYS,
    YEARS,
    ClockError,
    Rule,
    get_rule,
)

__all__ = [
    "ClockError",
    "Result",
    "Step",
    "compute",
    "end_of_day",
    "iso",
    "months_end",
    "parse_start",
]

_ONE_DAY = datetime.timedelta(days=1)
_CIVIL_147 = gettext_noop("Bộ luật Dân sự 2015 Điều 147")
_CIVIL_148 = gettext_noop("Bộ luật Dân sự 2015 Điều 148")


@dataclass(frozen=True)
class Step:
    """One day of the explanation: counted into the period or not, and why."""

    date: datetime.date
    counted: bool
    reason: str
    # event | counted | skipped | moved | due | extension
    kind: str = "counted"

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "counted": self.counted,
            "kind": self.kind,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Result:
    """A computed due instant with the rule, calendar and the days that explain it."""

    rule: Rule
    calendar: str
    start: datetime.datetime
    due_at: datetime.datetime
    original_due_at: datetime.datetime
    extend_days: int | None
    explanation: list[Step] = field(default_factory=list)
    # Years after the start's whose calendar is not confirmed yet: the days counted in them use
    # the statutory holidays of the Labor Code (computable in advance) but not the Government's
    # swaps, so the date is provisional and is recomputed once the year is confirmed.
    provisional_years: tuple[int, ...] = ()
    # Why the date is provisional, as stored on Deadline.provisional_reasons: one
    # {"message", "params"} per unconfirmed year and per day whose legal basis is unsettled.
    provisional_reasons: tuple[dict, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_reasons)

    @property
    def basis(self) -> str:
        return self.rule.basis

    def as_dict(self, *, explain: bool = True) -> dict:
        """Return the answer as plain data (the API's and the command's shared shape)."""
        data = {
            "rule": self.rule.code,
            "start": iso(self.start),
            "calendar": self.calendar,
            "due_at": iso(self.due_at),
            "original_due_at": iso(self.original_due_at),
            "extend_days": self.extend_days,
            "basis": self.basis,
            "provisional_years": list(self.provisional_years),
            "provisional_reasons": [
                render_message(item["message"], item["params"]) for item in self.provisional_reasons
            ],
        }
        if explain:
            data["explanation"] = [step.as_dict() for step in self.explanation]
        return data


def iso(instant: datetime.datetime) -> str:
    """Return ``instant`` as ISO 8601 in Vietnam time, to the second."""
    return instant.astimezone(VN_TZ).isoformat(timespec="seconds")


def end_of_day(day: datetime.date) -> datetime.datetime:
    """Return the last second of ``day`` in Vietnam time (Civil Code 2015 Art. 148)."""
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=VN_TZ)


class _Counter:
    """Walk the days of one computation, noting the unconfirmed years it counts in."""

    def __init__(self, calendar: str) -> None:
        self.calendar = calendar
        self.steps: list[Step] = []
        self.provisional: set[int] = set()
        self.unsettled: dict[datetime.date, dict] = {}

    def working(self, day: datetime.date) -> bool:
        """Return whether ``day`` is worked, noting what the answer relies on that is not settled."""
        self.note_year(day.year)
        unsettled = unsettled_day(day, self.calendar)
        if unsettled is not None:
            self.unsettled[day] = unsettled.reason()
        return is_working_day(day, self.calendar)

    def note_year(self, year: int) -> None:
        if year not in confirmed_years():
            self.provisional.add(year)

    def result(self, rule, calendar, start, due, original_due, extend_days) -> Result:
        years = tuple(sorted(self.provisional))
        reasons = [year_reason(year) for year in years]
        reasons += [self.unsettled[day] for day in sorted(self.unsettled)]
        return Result(
            rule,
            calendar,
            start,
            due,
            original_due,
            extend_days,
            self.steps,
            years,
            tuple(reasons),
        )

    def add(self, day: datetime.date, counted: bool, reason: str, kind: str) -> None:
        self.steps.append(Step(day, counted, reason, kind))

    def count_days(self, after: datetime.date, days: int, label: str) -> datetime.date:
        """Count ``days`` calendar days after ``after`` and return the last one."""
        day = after
        for number in range(1, days + 1):
            day += _ONE_DAY
            text = label % {"n": number, "total": days}
            # Only the last day's status can change the answer (it may move): the days inside a
            # period of calendar days count whatever they are, so they make nothing provisional.
            if not is_working_day(day, self.calendar):
                text = f"{text} ({explain_day(day, self.calendar)})"
            self.add(day, True, text, "counted")
        return day

    def move(self, last: datetime.date) -> datetime.date:
        """Return ``last`` or, if it is not a working day, the next working day (Art. 148)."""
        if self.working(last):
            return last
        self.add(
            last,
            False,
            _(
                "Ngày cuối cùng của thời hạn không phải ngày làm việc: hạn chuyển sang ngày làm "
                "việc tiếp theo (%(law)s)"
            )
            % {"law": _(_CIVIL_148)},
            "moved",
        )
        day = last + _ONE_DAY
        while not self.working(day):
            self.add(day, False, explain_day(day, self.calendar), "skipped")
            day += _ONE_DAY
        return day

    def due(self, day: datetime.date) -> None:
        self.add(
            day,
            True,
            _("Hết hạn lúc 23:59:59 ngày %(date)s (%(weekday)s), giờ Việt Nam (%(law)s)")
            % {"date": format_date(day), "weekday": weekday_name(day), "law": _(_CIVIL_148)},
            "due",
        )


def _add_months(day: datetime.date, months: int) -> tuple[datetime.date, bool]:
    """Return the same date ``months`` later, or that month's last day; and whether clamped."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last)), day.day > last


def months_end(start: datetime.datetime, months: int) -> datetime.datetime:
    """Return the end of a period of ``months`` that a party set (not the law) from ``start``.

    Counted as Civil Code 2015 Art. 147-148 count months (the same date of the last month, or
    that month's last day, to its end in Vietnam time) and never moved to a working day: a
    stated validity (e.g. of a consent) ends, nobody has to act on its last day.
    """
    day, _clamped = _add_months(_check_start(start).date(), months)
    return end_of_day(day)


def _check_start(start: datetime.datetime) -> datetime.datetime:
    if not isinstance(start, datetime.datetime):
        raise ClockError(_("Thời điểm bắt đầu phải là ngày giờ."), field="start")
    if start.tzinfo is None or start.utcoffset() is None:
        raise ClockError(
            _("Thời điểm bắt đầu thiếu múi giờ (ví dụ 2026-03-02T09:30:00+07:00)."), field="start"
        )
    return start.astimezone(VN_TZ)


def _check_extension(rule: Rule, extend_days: int | None) -> None:
    if extend_days is None:
        return
    if rule.max_extension_days is None:
        raise ClockError(
            _("Thời hạn “%(code)s” không được gia hạn.") % {"code": rule.code}, field="extend"
        )
    if isinstance(extend_days, bool) or not isinstance(extend_days, int) or extend_days < 1:
        raise ClockError(_("Số ngày gia hạn phải là số nguyên dương."), field="extend")
    if extend_days > rule.max_extension_days:
        raise ClockError(
            _(
                "Gia hạn %(days)s ngày vượt quá mức tối đa %(max)s ngày của thời hạn “%(code)s” "
                "(%(basis)s)."
            )
            % {
                "days": extend_days,
                "max": rule.max_extension_days,
                "code": rule.code,
                "basis": rule.basis,
            },
            field="extend",
        )


def compute(
    rule_code: str,
    start: datetime.datetime,
    calendar: str | None = None,
    extend_days: int | None = None,
) -> Result:
    """Return the due instant of ``rule_code`` started at ``start``, with its explanation.

    ``calendar`` defaults to the rule's own (public_sector for the agency, statutory otherwise);
    ``extend_days`` is the one extension Decree 356 Art. 5(2)-(5) allows. Raises ClockError.
    """
    rule = get_rule(rule_code)
    calendar = calendar or rule.default_calendar
    if calendar not in CALENDARS:
        raise ClockError(_("Không có lịch “%(calendar)s”.") % {"calendar": calendar}, "calendar")
    start = _check_start(start)
    _check_extension(rule, extend_days)
    event = start.date()
    if rule.moves or rule.unit == WORKING_DAYS:
        # A limit that never moves (months, years, days) looks at no calendar, so any year does.
        require_confirmed_year(event.year)
    counter = _Counter(calendar)

    if rule.unit == HOURS:
        # Civil Code Art. 147(1): from the exact instant; no move for weekends or holidays.
        due = (start.astimezone(datetime.UTC) + datetime.timedelta(hours=rule.period)).astimezone(
            VN_TZ
        )
        counter.note_year(due.year)
        counter.add(
            event,
            False,
            _(
                "Sự kiện lúc %(time)s ngày %(date)s, giờ Việt Nam: thời hạn tính bằng giờ từ đúng "
                "thời điểm này, không lùi theo ngày nghỉ (%(law)s)"
            )
            % {
                "time": start.strftime("%H:%M:%S"),
                "date": format_date(event),
                "law": _(_CIVIL_147),
            },
            "event",
        )
        counter.add(
            due.date(),
            True,
            _("Hết hạn lúc %(time)s ngày %(date)s, giờ Việt Nam (%(hours)s giờ sau sự kiện)")
            % {
                "time": due.strftime("%H:%M:%S"),
                "date": format_date(due.date()),
                "hours": rule.period,
            },
            "due",
        )
        return counter.result(rule, calendar, start, due, due, None)

    counter.add(
        event,
        False,
        _("Ngày xảy ra sự kiện (%(time)s giờ Việt Nam): không tính vào thời hạn (%(law)s)")
        % {"time": start.strftime("%H:%M"), "law": _(_CIVIL_147)},
        "event",
    )
    if rule.unit == DAYS:
        last = counter.count_days(event, rule.period, _("Ngày thứ %(n)s/%(total)s của thời hạn"))
        if rule.moves:
            last = counter.move(last)
    elif rule.unit in (MONTHS, YEARS):
        months = rule.period * (12 if rule.unit == YEARS else 1)
        last, clamped = _add_months(event, months)
        if rule.counts_first_day:
            # The event's own day is the first day of the period: it ends the day before.
            last -= _ONE_DAY
        if clamped:
            text = _(
                "Tháng cuối cùng không có ngày %(day)s: thời hạn kết thúc vào ngày cuối cùng của "
                "tháng (%(law)s)"
            ) % {"day": event.day, "law": _(_CIVIL_148)}
        else:
            text = _("Ngày tương ứng của tháng cuối cùng (%(law)s)") % {"law": _(_CIVIL_148)}
        counter.add(last, True, text, "counted")
        if rule.moves:
            last = counter.move(last)
    elif rule.unit == WORKING_DAYS:
        day, number = event, 0
        while number < rule.period:
            day += _ONE_DAY
            if counter.working(day):
                number += 1
                counter.add(
                    day,
                    True,
                    _("Ngày làm việc thứ %(n)s/%(total)s") % {"n": number, "total": rule.period},
                    "counted",
                )
            else:
                counter.add(day, False, explain_day(day, calendar), "skipped")
        last = day
    else:  # pragma: no cover - the catalogue only uses the units above
        raise ClockError(_("Đơn vị thời hạn không hợp lệ."), field="rule")
    counter.due(last)
    original_due = end_of_day(last)

    if extend_days is None:
        return counter.result(rule, calendar, start, original_due, original_due, None)

    # Decree 356 Art. 5(2)-(5): the extension is a new period that begins when the original ends.
    counter.add(
        last,
        False,
        _(
            "Gia hạn %(days)s ngày (tối đa %(max)s ngày, %(basis)s), tính từ khi hết thời hạn "
            "ban đầu"
        )
        % {"days": extend_days, "max": rule.max_extension_days, "basis": rule.basis},
        "extension",
    )
    extended = counter.count_days(last, extend_days, _("Ngày gia hạn thứ %(n)s/%(total)s"))
    extended = counter.move(extended)
    counter.due(extended)
    return counter.result(rule, calendar, start, end_of_day(extended), original_due, extend_days)


def compute_stored(deadline) -> Result:
    """Count a stored clock (a ``Deadline``) again from what it holds: its rule, start, calendar
    and extension. Raises ClockError."""
    return compute(
        deadline.rule,
        deadline.started_at,
        calendar=deadline.calendar,
        extend_days=deadline.extension_days or None,
    )


def parse_start(text: str) -> datetime.datetime:
    """Return the aware instant of ISO 8601 ``text``; a plain date means 00:00 Vietnam time."""
    text = (text or "").strip()
    try:
        # A plain date (2026-03-02) is the start of that day in Vietnam time.
        day = datetime.date.fromisoformat(text)
    except ValueError:
        pass
    else:
        return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=VN_TZ)
    try:
        instant = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(
            _("“%(value)s” không phải ngày giờ ISO 8601 (ví dụ 2026-03-02T09:30:00+07:00).")
            % {"value": text},
            field="start",
        ) from None
    if instant.tzinfo is None:
        # A time without its offset is ambiguous for an instant given in UTC: refuse, don't guess.
        raise ClockError(
            _(
                "“%(value)s” thiếu múi giờ: ghi rõ độ lệch (ví dụ 2026-03-02T09:30:00+07:00) "
                "hoặc chỉ ghi ngày."
            )
            % {"value": text},
            field="start",
        )
    return instant
