"""Run the figures for a scope and turn their rows into tables, chart data and spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pdp_portal.downloads import spreadsheet_safe

from . import registry as r

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _month(value) -> str:
    # TruncMonth(..., tzinfo=VN) gives the first instant of the month in Vietnam time.
    if isinstance(value, dt.datetime):
        value = value.astimezone(VN)
    return value.strftime("%m/%Y") if value else ""


def _duration(value, unit_seconds: int) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    return round(seconds / unit_seconds, 1)


def cell(column: r.Column, value):
    """Return ``value`` as the page, the chart and the spreadsheets show it."""
    if column.kind == r.MONTH:
        return _month(value)
    if column.kind == r.HOURS:
        return _duration(value, 3600)
    if column.kind == r.DAYS:
        return _duration(value, 86400)
    if column.kind == r.PERCENT:
        return None if value is None else round(float(value), 1)
    if column.kind == r.COUNT:
        return value or 0
    return "" if value is None else str(value)


@dataclass
class Table:
    figure: r.Figure
    rows: list[list]
    note: str = ""

    @property
    def key(self) -> str:
        return self.figure.key

    @property
    def columns(self):
        return self.figure.columns

    def chart(self) -> dict:
        """Return what stats.js draws: category labels and one dataset per drawn column."""
        index = {c.key: i for i, c in enumerate(self.columns)}
        return {
            "type": self.figure.chart,
            "integer": all(self.columns[index[key]].kind == r.COUNT for key in self.figure.drawn),
            "labels": [row[0] for row in self.rows],
            "datasets": [
                {
                    "label": str(self.columns[index[key]].label),
                    "data": [row[index[key]] for row in self.rows],
                }
                for key in self.figure.drawn
            ],
        }


def build(scope: r.Scope) -> list[Table]:
    """Run every figure of the scope's audience: one query each, whatever the number of rows."""
    tables = []
    for figure in r.figures_for(scope.audience):
        rows = [[cell(c, row.get(c.key)) for c in figure.columns] for row in figure.rows(scope)]
        note = figure.notes.get(scope.audience, figure.note)
        tables.append(Table(figure, rows, str(note) if note else ""))
    return tables


def to_csv(tables: list[Table], heading: list[str]) -> str:
    """Return every table in one CSV (UTF-8 with BOM): a title line, a header line, the rows."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for line in heading:
        writer.writerow([spreadsheet_safe(line)])
    for table in tables:
        writer.writerow([])
        writer.writerow([str(table.figure.title)])
        writer.writerow([str(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])
    return buffer.getvalue()


def _sheet_name(n: int, title: str, used: set) -> str:
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    name = f"{n}. {clean}"[:31].strip()
    while name in used:
        name = name[:-1]
    used.add(name)
    return name


def to_xlsx(tables: list[Table], heading: list[str]) -> bytes:
    """Return a workbook: one sheet per figure, the filter above the table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    used: set = set()
    for n, table in enumerate(tables, 1):
        sheet = workbook.create_sheet(_sheet_name(n, str(table.figure.title), used))
        sheet.append([str(table.figure.title)])
        sheet["A1"].font = bold
        for line in heading:
            sheet.append([spreadsheet_safe(line)])
        sheet.append([])
        sheet.append([str(c.label) for c in table.columns])
        header_row = sheet.max_row
        for c in sheet[header_row]:
            c.font = bold
        for row in table.rows:
            sheet.append([spreadsheet_safe(v) for v in row])
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for i in range(1, len(table.columns) + 1):
            sheet.column_dimensions[get_column_letter(i)].width = 36 if i == 1 else 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
