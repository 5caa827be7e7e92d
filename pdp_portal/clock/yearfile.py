"""Read a calendar year's decision from a TOML file (format: README, "Calendar years").

A confirmed year must name, for every document, its number, date, issuer and link, and every
day must point to one of them; a provisional year must say what it assumes.
"""

from __future__ import annotations

import datetime
import tomllib

from django.utils.translation import gettext as _

from .rules import CALENDARS, ClockError

STATUSES = ("confirmed", "provisional")
KINDS = ("day_off", "working_day")
DOCUMENT_FIELDS = ("number", "date", "issuer", "url")


def _fail(message: str, **params) -> ClockError:
    return ClockError(message % params if params else message, field="file")


def parse(text: str) -> dict:
    """Return the validated content of a year file, or raise ClockError naming what is wrong."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(_("Tệp lịch không đúng định dạng TOML: %(error)s"), error=str(exc)) from None
    year = raw.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        raise _fail(_("Tệp lịch thiếu năm (year) hợp lệ."))
    status = raw.get("status")
    if status not in STATUSES:
        raise _fail(_("Trạng thái (status) phải là confirmed hoặc provisional."))
    documents = []
    keys = set()
    for document in raw.get("documents", []):
        entry = {
            field: str(document.get(field, "") or "")
            for field in ("key", "number", "date", "issuer", "title", "url", "covers")
        }
        if status == "confirmed":
            missing = [field for field in DOCUMENT_FIELDS if not entry[field]]
            if missing:
                raise _fail(
                    _("Năm đã xác nhận: văn bản “%(doc)s” thiếu %(fields)s."),
                    doc=entry["title"] or entry["key"],
                    fields=", ".join(missing),
                )
        keys.add(entry["key"])
        documents.append(entry)
    if status == "confirmed" and not documents:
        raise _fail(_("Năm đã xác nhận phải nêu các văn bản quy định ngày nghỉ của năm."))
    if status == "provisional" and not str(raw.get("assumptions_vi", "")).strip():
        raise _fail(_("Năm tạm tính phải nêu giả định (assumptions_vi) và lý do."))
    days = []
    for item in raw.get("days", []):
        try:
            day = datetime.date.fromisoformat(str(item.get("date")))
        except ValueError:
            raise _fail(_("Ngày “%(value)s” không hợp lệ."), value=item.get("date")) from None
        if day.year != year:
            raise _fail(_("Ngày %(date)s không thuộc năm %(year)s."), date=day, year=year)
        if item.get("kind") not in KINDS or item.get("calendar") not in CALENDARS:
            raise _fail(_("Ngày %(date)s: kind hoặc calendar không hợp lệ."), date=day)
        document = str(item.get("document", "") or "")
        uncertain = bool(item.get("uncertain", False))
        if status == "confirmed" and not uncertain and document not in keys:
            raise _fail(_("Năm đã xác nhận: ngày %(date)s không dẫn văn bản nào."), date=day)
        source = next((entry for entry in documents if entry["key"] == document), None)
        days.append(
            {
                "date": day,
                "calendar": item["calendar"],
                "kind": item["kind"],
                "name_vi": str(item.get("name_vi", "")),
                "name_en": str(item.get("name_en", "")),
                "legal_document": (
                    " ".join(part for part in (source["number"], source["title"]) if part)[:300]
                    if source
                    else ""
                ),
                "note": str(item.get("note", "")),
                "uncertain": uncertain,
                "alternative_vi": str(item.get("alternative_vi", "")),
                "alternative_en": str(item.get("alternative_en", "")),
            }
        )
    return {
        "year": year,
        "status": status,
        "documents": documents,
        "assumptions_vi": str(raw.get("assumptions_vi", "")).strip(),
        "assumptions_en": str(raw.get("assumptions_en", "")).strip(),
        "days": days,
    }
