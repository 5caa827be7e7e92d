"""Clock tests use the root conftest's calendar fixtures; seed_calendar is re-exported here."""

from tests.conftest import seed_calendar

__all__ = ["seed_calendar"]
