"""What every document an organisation signs reads from its record: whom it names as its
personal data protection contact, and the place and date of its date line."""

import datetime as dt


def primary_contact(organization):
    """Return the organisation's primary protection contact (Decree 356 Art. 13-16), or another."""
    return organization.protection_contacts.order_by("-is_primary", "pk").first()


def default_place(organization) -> str:
    """Return the place name for the date line: the last part of the head office address."""
    parts = [p.strip() for p in (organization.head_office or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


def date_parts(value: dt.date | None) -> dict | None:
    """Return the day, month and year of the date line as the forms write them, or None."""
    if value is None:
        return None
    return {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": value.year}
