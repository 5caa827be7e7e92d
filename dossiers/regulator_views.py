def inbox_section(request) -> dict | None:
    """Return this app's section of the regulator's inbox (None while there is none)."""
    return None
