"""The two Vietnamese legal calendars: which days are working days, and why a day is not.

- ``statutory``: Labor Code 2019 Art. 112 holidays and the compensatory days of Art. 111(3), as the
  ``holidays`` package computes them (lunar dates included), without the package's public-sector
  day swaps; plus CalendarAdjustment rows of scope ``statutory``.
- ``public_sector``: ``statutory`` plus the Government's yearly swaps for state bodies (those the
  package knows and the CalendarAdjustment rows of scope ``public_sector``, which win).
"""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from .rules import CALENDARS, PUBLIC_SECTOR, STATUTORY, ClockError

# The years the portal's calendar holds: its pages, and every date a period may be counted from
# (a year outside them has no calendar to count in, and 0001 or 9999 no day before or after).
FIRST_YEAR, LAST_YEAR = 2000, 2099

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

DAY_OFF = "day_off"
WORKING_DAY = "working_day"

# How long a process trusts its cached calendars before asking the shared cache whether an
# adjustment changed in another process (the admin runs in the web process, the sweeper elsewhere).
_RECHECK_SECONDS = 5.0
_VERSION_KEY = "clock:calendar-version"


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def weekday_name(day: datetime.date) -> str:
    """Return the weekday of ``day`` in the active language ("thứ Bảy", "Chủ nhật")."""
    names = [
        _("thứ Hai"),
        _("thứ Ba"),
        _("thứ Tư"),
        _("thứ Năm"),
        _("thứ Sáu"),
        _("thứ Bảy"),
        _("Chủ nhật"),
    ]
    return names[day.weekday()]


def format_date(day: datetime.date) -> str:
    """Return ``day`` as dd/mm/yyyy, the format of every date the portal shows."""
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Reason:
    """Why a day is off or worked, kept in both languages and rendered in the active one."""

    kind: str  # holiday | weekend | swap_off | swap_work | adjustment
    name_vi: str = ""
    name_en: str = ""
    document: str = ""
    # The other half of a swap: the Saturday worked for a day off, or the day off for a Saturday.
    other_date: datetime.date | None = None
    working: bool = False

    def text(self) -> str:
        """Return the reason in the active language."""
        name = (self.name_en or self.name_vi) if _english() else self.name_vi
        document = self.document or _("quyết định hoán đổi ngày làm việc của cơ quan nhà nước")
        if self.kind == "swap_off" and self.other_date:
            return _("Ngày nghỉ chuyển từ %(weekday)s %(date)s theo %(document)s") % {
                "weekday": weekday_name(self.other_date),
                "date": format_date(self.other_date),
                "document": document,
            }
        if self.kind == "swap_work" and self.other_date:
            return _("Ngày làm việc bù cho ngày nghỉ %(weekday)s %(date)s theo %(document)s") % {
                "weekday": weekday_name(self.other_date),
                "date": format_date(self.other_date),
                "document": document,
            }
        if self.kind == "weekend":
            return capfirst(name)
        if self.document:
            return _("%(name)s (theo %(document)s)") % {"name": name, "document": self.document}
        return name


@dataclass(frozen=True)
class Unsettled:
    """A day whose legal basis is not settled: how the clock counts it, and the other reading."""

    date: datetime.date
    name_vi: str
    name_en: str
    # The reading the clock counts: DAY_OFF or WORKING_DAY.
    counted_as: str
    # Message keys (msgids) or, for a CalendarAdjustment row, its own texts in both languages.
    why: dict
    alternative: dict

    @property
    def name(self) -> str:
        return (self.name_en or self.name_vi) if _english() else self.name_vi

    def reason(self) -> dict:
        """Return the stored provisional reason ({"message", "params"}) of a clock using this day."""
        return {
            "message": gettext_noop(
                "Ngày %(date)s (%(name)s) chưa rõ căn cứ pháp lý: đang tính là %(reading)s"
            ),
            "params": {
                "date": format_date(self.date),
                "name": {"vi": self.name_vi, "en": self.name_en},
                "reading": {"message": _READINGS[self.counted_as]},
            },
        }


_READINGS = {
    DAY_OFF: gettext_noop("ngày nghỉ có hưởng lương"),
    WORKING_DAY: gettext_noop("ngày làm việc bình thường"),
}

# Holidays the ``holidays`` package lists whose legal basis is not settled, by (month, day) and
# first year. Vietnam Culture Day (24/11) was chosen by Politburo Resolution 80-NQ/TW, a Party
# document; no amendment of Labor Code 2019 Art. 112 (the list of paid public holidays) adding it
# has been found. The clock counts it as a working day by default: that is the reading of the
# Labor Code as it stands, and it never gives a due date later than the other reading, so an
# organisation or the agency that follows it cannot miss a period because of it. An administrator
# switches a year to the other reading with a CalendarAdjustment (day off, "căn cứ chưa rõ"),
# or settles it with the document (day off, not uncertain).
UNSETTLED_HOLIDAYS = {
    (11, 24): {
        "since": 2026,
        "name_vi": "Ngày Văn hóa Việt Nam",
        "name_en": "Vietnam Culture Day",
        "counted_as": WORKING_DAY,
        "why": {
            "message": gettext_noop(
                "Chọn theo Nghị quyết 80-NQ/TW của Bộ Chính trị; chưa thấy văn bản sửa Bộ luật Lao "
                "động 2019 Điều 112 để thêm ngày nghỉ này. Tính là ngày làm việc: đúng với Bộ luật "
                "Lao động hiện hành, và không bao giờ cho hạn muộn hơn cách hiểu kia."
            )
        },
        "alternative": {
            "message": gettext_noop(
                "Nếu là ngày nghỉ có hưởng lương: thời hạn có ngày cuối là ngày này, hoặc đếm ngày "
                "làm việc qua ngày này, kết thúc muộn hơn một ngày làm việc."
            )
        },
    },
}


@dataclass
class _YearCalendar:
    """The days of one year of one calendar that differ from Monday-Friday work."""

    off: dict[datetime.date, list[Reason]] = field(default_factory=dict)
    worked: dict[datetime.date, Reason] = field(default_factory=dict)
    unsettled: dict[datetime.date, Unsettled] = field(default_factory=dict)


@dataclass(frozen=True)
class DayInfo:
    """One day on one calendar: working or not, and the reasons, in the active language."""

    date: datetime.date
    calendar: str
    working: bool
    weekend: bool
    holiday: bool
    adjusted: bool
    reasons: tuple[str, ...]
    documents: tuple[str, ...]
    unsettled: Unsettled | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


class _Cache:
    """Per-process cache of built calendar years, dropped when an adjustment changes anywhere."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.years: dict[tuple[int, str], _YearCalendar] = {}
        self.confirmed: frozenset[int] | None = None
        self.known: frozenset[int] | None = None
        self.version: str | None = None
        self.checked_at = 0.0

    def clear(self) -> None:
        with self.lock:
            self.years.clear()
            self.confirmed = None
            self.known = None

    def refresh(self) -> None:
        """Drop everything if another process announced a change since the last look."""
        now = time.monotonic()
        if now - self.checked_at < _RECHECK_SECONDS:
            return
        self.checked_at = now
        try:
            version = cache.get(_VERSION_KEY)
        except Exception:  # noqa: BLE001 - a cache outage must not stop the clock
            return
        if version != self.version:
            self.version = version
            self.clear()


_cache = _Cache()


def clear_cache(*, announce: bool = True) -> None:
    """Forget every built calendar here and, if ``announce``, in the other processes too."""
    _cache.clear()
    if announce:
        version = uuid.uuid4().hex
        try:
            cache.set(_VERSION_KEY, version, None)
        except Exception:  # noqa: BLE001 - the local cache is cleared anyway
            return
        _cache.version = version


def _on_calendar_change(sender, **kwargs) -> None:
    clear_cache()
    # Once more after the commit: another process may have rebuilt its calendars from the rows
    # committed before this change in the meantime.
    transaction.on_commit(clear_cache)


def _connect_signals() -> None:
    from .models import CalendarAdjustment, CalendarYear

    for model in (CalendarAdjustment, CalendarYear):
        post_save.connect(_on_calendar_change, sender=model, dispatch_uid=f"clock-cal-{model}")
        post_delete.connect(_on_calendar_change, sender=model, dispatch_uid=f"clock-del-{model}")


_connect_signals()


def _package(language: str) -> holidays.HolidayBase:
    """Return the package's Vietnam holidays without its public-sector day swaps."""
    statutory = holidays.Vietnam(language=language)
    # The package mixes in the Government's swaps for state bodies (special_public_holidays and
    # the Saturdays in weekend_workdays); they bind state bodies only, not the Labor Code.
    statutory.has_special_holidays = False
    statutory.weekend_workdays = set()
    return statutory


def _package_swaps() -> list[tuple[datetime.date, datetime.date | None]]:
    """Return the package's public-sector swaps as (day off, Saturday worked or None)."""
    swaps = []
    for year, entries in holidays.Vietnam().special_public_holidays.items():
        entries = entries if isinstance(entries[0], tuple) else (entries,)
        for entry in entries:
            off = datetime.date(year, entry[0], entry[1])
            if len(entry) >= 4 and isinstance(entry[2], int):
                worked_year = entry[4] if len(entry) == 5 else year
                swaps.append((off, datetime.date(worked_year, entry[2], entry[3])))
            else:
                swaps.append((off, None))
    return swaps


_PACKAGE_SWAPS = _package_swaps()


def _adjustments(year: int, scopes: tuple[str, ...]) -> list:
    from .models import CalendarAdjustment

    # One year either side, so a swap across New Year finds its other half.
    return list(
        CalendarAdjustment.objects.filter(
            date__year__gte=year - 1, date__year__lte=year + 1, calendar__in=scopes
        )
        # For one date, the statutory row first, so the public-sector row wins on that calendar.
        .order_by("date", "-calendar")
    )


def _pair(row, rows) -> datetime.date | None:
    """Return the date of the other half of a swap: same document, opposite kind, nearest."""
    if not row.legal_document:
        return None
    others = [
        other.date
        for other in rows
        if other.kind != row.kind and other.legal_document == row.legal_document
    ]
    return min(others, key=lambda other: abs((other - row.date).days), default=None)


def _apply_adjustments(data: _YearCalendar, year: int, rows: list) -> None:
    for row in rows:
        if row.date.year != year:
            continue
        # A row settles the day unless it says its own basis is uncertain.
        data.unsettled.pop(row.date, None)
        if row.uncertain:
            data.unsettled[row.date] = Unsettled(
                date=row.date,
                name_vi=row.name_vi,
                name_en=row.name_en,
                counted_as=row.kind,
                why={"vi": row.note or row.legal_document, "en": ""},
                alternative={"vi": row.alternative_vi, "en": row.alternative_en},
            )
        reason = Reason(
            kind="swap_off" if row.kind == DAY_OFF else "swap_work",
            name_vi=row.name_vi,
            name_en=row.name_en,
            document=row.legal_document,
            other_date=_pair(row, rows),
            working=row.kind == WORKING_DAY,
        )
        if reason.other_date is None:
            reason = Reason(
                kind="adjustment",
                name_vi=row.name_vi,
                name_en=row.name_en,
                document=row.legal_document,
                working=reason.working,
            )
        # An adjustment overrides whatever the package or a wider scope said about the date.
        data.off.pop(row.date, None)
        data.worked.pop(row.date, None)
        if row.kind == DAY_OFF:
            data.off[row.date] = [reason]
        else:
            data.worked[row.date] = reason


def _build(year: int, calendar: str) -> _YearCalendar:
    data = _YearCalendar()
    vi, en = _package("vi"), _package("en_US")
    # Touching one date of the year makes the package compute that whole year.
    datetime.date(year, 1, 1) in vi  # noqa: B015
    datetime.date(year, 1, 1) in en  # noqa: B015
    for day, name_vi in vi.items():
        if day.year == year:
            data.off[day] = [Reason(kind="holiday", name_vi=name_vi, name_en=en.get(day, name_vi))]
    for (month, dom), spec in UNSETTLED_HOLIDAYS.items():
        day = datetime.date(year, month, dom)
        if year >= spec["since"] and day in data.off:
            data.unsettled[day] = Unsettled(
                date=day,
                name_vi=spec["name_vi"],
                name_en=spec["name_en"],
                counted_as=spec["counted_as"],
                why=spec["why"],
                alternative=spec["alternative"],
            )
            if spec["counted_as"] == WORKING_DAY:
                del data.off[day]
    _apply_adjustments(data, year, _adjustments(year, (STATUTORY,)))
    if calendar == PUBLIC_SECTOR:
        for off, worked in _PACKAGE_SWAPS:
            if off.year == year and off not in data.off:
                data.off[off] = [Reason(kind="swap_off", other_date=worked)]
            if worked and worked.year == year:
                data.worked[worked] = Reason(kind="swap_work", other_date=off, working=True)
        _apply_adjustments(data, year, _adjustments(year, (STATUTORY, PUBLIC_SECTOR)))
    return data


def _year(year: int, calendar: str) -> _YearCalendar:
    if calendar not in CALENDARS:
        raise ClockError(_("Không có lịch “%(calendar)s”.") % {"calendar": calendar}, "calendar")
    _cache.refresh()
    key = (year, calendar)
    data = _cache.years.get(key)
    if data is None:
        data = _build(year, calendar)
        with _cache.lock:
            _cache.years[key] = data
    return data


def is_working_day(day: datetime.date, calendar: str = STATUTORY) -> bool:
    """Return whether ``day`` is a working day on ``calendar``."""
    data = _year(day.year, calendar)
    if day in data.worked:
        return True
    if day in data.off:
        return False
    return day.weekday() < 5


def next_working_day(day: datetime.date, calendar: str = STATUTORY) -> datetime.date:
    """Return the first working day strictly after ``day``."""
    day += datetime.timedelta(days=1)
    while not is_working_day(day, calendar):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date, calendar: str = STATUTORY) -> datetime.date:
    """Return the last working day strictly before ``day``."""
    day -= datetime.timedelta(days=1)
    while not is_working_day(day, calendar):
        day -= datetime.timedelta(days=1)
    return day


def unsettled_day(day: datetime.date, calendar: str = STATUTORY) -> Unsettled | None:
    """Return the unsettled reading of ``day`` on ``calendar``, or None if its basis is settled."""
    return _year(day.year, calendar).unsettled.get(day)


def unsettled_days(year: int, calendar: str = STATUTORY) -> list[Unsettled]:
    """Return the days of ``year`` whose legal basis is not settled, in date order."""
    data = _year(year, calendar)
    return [data.unsettled[day] for day in sorted(data.unsettled)]


def describe_day(day: datetime.date, calendar: str = STATUTORY) -> DayInfo:
    """Return ``day`` on ``calendar`` with its reasons in the active language."""
    data = _year(day.year, calendar)
    weekend = day.weekday() >= 5
    reasons: list[Reason] = []
    unsettled = data.unsettled.get(day)
    if day in data.worked:
        reasons.append(data.worked[day])
        working = True
    else:
        reasons.extend(data.off.get(day, []))
        if weekend:
            reasons.append(Reason(kind="weekend", name_vi=weekday_name(day)))
        working = not reasons
    texts = [reason.text() for reason in reasons]
    if unsettled is not None:
        # Whatever the row or the package says, say first that the basis is not settled.
        texts = [
            _("%(name)s: căn cứ pháp lý chưa rõ, đang tính là %(reading)s")
            % {"name": unsettled.name, "reading": _(_READINGS[unsettled.counted_as])}
        ] + [text for text in texts if unsettled.name not in text]
    return DayInfo(
        date=day,
        calendar=calendar,
        working=working,
        weekend=weekend,
        holiday=any(reason.kind == "holiday" for reason in reasons),
        adjusted=any(reason.kind != "holiday" and reason.kind != "weekend" for reason in reasons),
        reasons=tuple(texts),
        documents=tuple(reason.document for reason in reasons if reason.document),
        unsettled=unsettled,
    )


def explain_day(day: datetime.date, calendar: str = STATUTORY) -> str:
    """Return why ``day`` is or is not a working day on ``calendar``, in the active language."""
    info = describe_day(day, calendar)
    return info.reason or _("Ngày làm việc")


def _load_years() -> None:
    from .models import CalendarYear

    rows = list(CalendarYear.objects.values_list("year", "status"))
    with _cache.lock:
        _cache.known = frozenset(year for year, _status in rows)
        _cache.confirmed = frozenset(year for year, status in rows if status == "confirmed")


def confirmed_years() -> frozenset[int]:
    """Return the years whose calendar is confirmed from the Government's decisions."""
    _cache.refresh()
    if _cache.confirmed is None:
        _load_years()
    return _cache.confirmed


def known_years() -> frozenset[int]:
    """Return the years the clock may count in (confirmed or provisional CalendarYear rows)."""
    _cache.refresh()
    if _cache.known is None:
        _load_years()
    return _cache.known


def year_reason(year: int) -> dict:
    """Return the stored provisional reason of a clock that counts in unconfirmed ``year``."""
    return {
        "message": gettext_noop(
            "Lịch năm %(year)s chưa được xác nhận: tạm tính theo ngày lễ của Bộ luật Lao động, "
            "chưa có quyết định hoán đổi ngày làm việc của năm"
        ),
        "params": {"year": year},
    }


def require_confirmed_year(year: int) -> None:
    """Raise ClockError unless ``year`` is listed (confirmed or provisional) to count in."""
    if year not in known_years():
        raise ClockError(
            _(
                "Lịch năm %(year)s chưa được xác nhận: thêm năm này trong trang quản trị "
                "(Năm đã xác nhận lịch) sau khi đối chiếu lịch nghỉ của năm."
            )
            % {"year": year},
            field="start",
        )


def vn_date(instant: datetime.datetime) -> datetime.date:
    """Return the date of an aware ``instant`` in Vietnam time."""
    return instant.astimezone(VN_TZ).date()
