"""Builders for the clock tests: a clock opened through the service, or many inserted at once."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from pdp_portal.clock import services
from pdp_portal.clock.models import Deadline

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)  # Monday
DUE = dt.datetime(2026, 3, 12, 23, 59, 59, tzinfo=VN)  # rights.access.fulfil from START


def open_clock(
    org,
    *,
    responsible=None,
    rule="rights.access.fulfil",
    start=START,
    label="Yêu cầu truy cập #1",
    **kw,
):
    """Open a ``rule`` clock on ``org`` itself from ``start``, through the service."""
    return services.deadline_open(
        organization=org,
        rule=rule,
        subject=org,
        started_at=start,
        responsible=responsible,
        label=label,
        **kw,
    )


def insert_clocks(org, count, *, rule, started_at, due_at, **fields):
    """Insert ``count`` open clocks on ``org`` directly (the sweeper never recounts: it reads the row)."""
    content_type = ContentType.objects.get_for_model(org)
    rows = []
    for _ in range(count):
        row = Deadline(
            organization=org,
            rule=rule,
            content_type=content_type,
            object_id=str(org.pk),
            party="organization",
            calendar="statutory",
            started_at=started_at,
            due_at=due_at,
            **fields,
        )
        row.next_check_at = services._next_check_at(row, set())
        rows.append(row)
    return Deadline.objects.bulk_create(rows)
