"""What every document an organisation signs reads from its record: whom it names as its
personal data protection contact, and the place written on its date line."""


def primary_contact(organization):
    """Return the organisation's primary protection contact (Decree 356 Art. 13-16), or another."""
    return organization.protection_contacts.order_by("-is_primary", "pk").first()


def default_place(organization) -> str:
    """Return the place name for the date line: the last part of the head office address."""
    parts = [p.strip() for p in (organization.head_office or "").split(",") if p.strip()]
    return parts[-1] if parts else ""
