"""What every document an organisation signs reads from its record: whom it names as its
personal data protection contact, and the place and date of its date line."""

import datetime as dt

from django.utils.translation import get_language


def primary_contact(organization):
    """Return the organisation's primary protection contact (Decree 356 Art. 13-16), or another."""
    return organization.protection_contacts.order_by("-is_primary", "pk").first()


def default_place(organization) -> str:
    """Return the place name for the date line: the last part of the head office address."""
    parts = [p.strip() for p in (organization.head_office or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


class DateLineMonth:
    """The month of a date line, written when the document is rendered, in its language.

    Vietnamese writes it as the Law's and the Decree's own texts do ("ngày 01 tháng 01 năm 2026",
    "ngày 18 tháng 02 năm 2025", "ngày 31 tháng 12 năm 2025", "ngày 17 tháng 4 năm 2023"): two
    digits for January and February, so that no digit can be added before it, and the number
    alone from March. A numeric date (an English rendering: 05/03/2026) has two digits always.
    """

    __slots__ = ("number",)

    def __init__(self, number: int):
        self.number = number

    def __str__(self) -> str:
        if self.number >= 3 and (get_language() or "vi").startswith("vi"):
            return str(self.number)
        return f"{self.number:02d}"

    def __repr__(self) -> str:
        return f"DateLineMonth({self.number})"


def date_parts(value: dt.date | None) -> dict | None:
    """Return the day, month and year of the date line as the forms write them, or None.

    The day has two digits (the official texts' "ngày 01"); the month is a ``DateLineMonth``.
    """
    if value is None:
        return None
    return {"day": f"{value.day:02d}", "month": DateLineMonth(value.month), "year": value.year}
