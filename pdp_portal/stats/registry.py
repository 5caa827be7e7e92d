"""The figures of the statistics pages: each app registers its own from ``<app>/stats.py``.

A figure is a title, a query that aggregates in the database and returns one dict per row, the
columns of its table and how to draw it. This package never imports an app: the apps (and the
clock) call ``register`` when their ``stats`` module is imported by ``StatsConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pdp_portal.clock.rules import get_rule

from .aggregates import Median

# Who reads a page: the staff of organisations (/stats/) or the specialized agency
# (/regulator/stats/).
STAFF = "staff"
AGENCY = "agency"

# How a column's values are shown and exported.
LABEL = "label"  # text (a category, an organisation)
MONTH = "month"  # a month (TruncMonth in Vietnam time), shown mm/yyyy as the portal does
COUNT = "count"  # a whole number
PERCENT = "percent"  # a share 0-100
HOURS = "hours"  # a duration (timedelta), shown in hours
DAYS = "days"  # a duration (timedelta), shown in days

# How a figure is drawn (pdp_portal/static/js/stats.js).
BAR = "bar"  # grouped vertical bars
STACKED = "stacked"  # stacked vertical bars
HBAR = "hbar"  # horizontal bars, for long category names
HSTACKED = "hstacked"  # stacked horizontal bars (parts of a whole, long category names)
LINE = "line"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy translation
    kind: str = COUNT


@dataclass(frozen=True)
class Scope:
    """What a page asks for: who reads it, which organisations, which period [start, end)."""

    audience: str
    user: Any
    # A queryset of organisation ids: for staff only those the user may see.
    organizations: Any
    start: dt.datetime
    end: dt.datetime

    @property
    def for_agency(self) -> bool:
        return self.audience == AGENCY

    def period(self, field_name: str) -> dict:
        """Return the filter keeping the instants of ``field_name`` inside the period."""
        return {f"{field_name}__gte": self.start, f"{field_name}__lt": self.end}


@dataclass(frozen=True)
class Figure:
    """One chart with its table; ``rows(scope)`` runs one aggregate query."""

    key: str
    title: Any
    rows: Callable[[Scope], Iterable[dict]]
    columns: tuple[Column, ...]
    chart: str = BAR
    # The columns drawn as series; by default every column but the first (the category).
    series: tuple[str, ...] = ()
    audiences: tuple[str, ...] = (STAFF, AGENCY)
    # Where the rule behind the figure comes from, shown under its title.
    basis: Any = ""
    note: Any = ""
    order: int = 100
    # A text per audience overrides ``note`` (e.g. what the agency's figure leaves out).
    notes: dict = field(default_factory=dict)

    @property
    def drawn(self) -> tuple[str, ...]:
        return self.series or tuple(c.key for c in self.columns[1:])


def grouped(qs, field: str, choices, **aggregates) -> list[dict]:
    """Return ``qs`` grouped by ``field`` with ``aggregates``, in the order of ``choices``.

    One aggregate query; each row's ``field`` is replaced by its label from ``choices`` (value,
    label). A value with no row is left out (no zero rows for what never happened).
    """
    found = {row[field]: row for row in qs.values(field).annotate(**aggregates).order_by()}
    return [{**found[value], field: label} for value, label in choices if value in found]


def durations(unit: str) -> tuple[Column, Column]:
    """Return the average and median columns of a duration figure, in HOURS or DAYS."""
    average, median = {
        HOURS: (_("Trung bình (giờ)"), _("Trung vị (giờ)")),
        DAYS: (_("Trung bình (ngày)"), _("Trung vị (ngày)")),
    }[unit]
    return Column("average", average, unit), Column("median", median, unit)


DURATIONS = ("average", "median")


def duration_aggregates(took) -> dict:
    """Return the average and median aggregates of the duration ``took``, for ``durations``."""
    return {"average": Avg(took), "median": Median(took)}


_FIGURES: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    """Add figures to the pages; a key registered twice is a programming error."""
    for figure in figures:
        if figure.key in _FIGURES and _FIGURES[figure.key] is not figure:
            raise ValueError(f"Statistics figure {figure.key!r} is registered twice")
        _FIGURES[figure.key] = figure


def figures_for(audience: str) -> list[Figure]:
    """Return the figures of one audience's page, in page order."""
    return sorted(
        (f for f in _FIGURES.values() if audience in f.audiences), key=lambda f: (f.order, f.key)
    )


def _rule_attr(code: str, attr: str) -> str:
    return getattr(get_rule(code), attr)


_lazy_rule_attr = lazy(_rule_attr, str)


def rule_period(code: str):
    """Return the period of a clock rule in the reader's language, lazily ("72 giờ")."""
    return _lazy_rule_attr(code, "period_text")


def rule_basis(code: str):
    """Return the legal basis of a clock rule in the reader's language, lazily."""
    return _lazy_rule_attr(code, "basis")


def rule_note(text, code: str):
    """Return the note ``text`` with ``{period}`` filled by the period of a clock rule, lazily."""
    return format_lazy(text, period=rule_period(code))
