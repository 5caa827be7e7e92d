"""Small factories for data-subject requests, built through the services."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from subjects_rights import services
from subjects_rights.models import RightsRequest

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_seq = itertools.count(1)


def at(text: str) -> dt.datetime:
    """Return an aware instant from 'YYYY-MM-DD HH:MM' in Vietnam time."""
    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


def submit(org, *, request_type="access", email=None, key="", **extra) -> RightsRequest:
    """File an unconfirmed request as the public form does."""
    n = next(_seq)
    fields = dict(
        organization=org,
        request_type=request_type,
        full_name=f"Trần Thị Bình {n}",
        email=email or f"binh{n}@example.vn",
        description="Tôi muốn xem dữ liệu của tôi.",
        relationship="customer",
        idempotency_key=key,
    )
    fields.update(extra)
    request, _created = services.request_submit(**fields)
    return request


def enter(org, actor, *, request_type="access", received_at=None, email="an@example.vn", **extra):
    """Record a request received at the counter; return it with its tracking token."""
    from django.utils import timezone

    request, token, _new = services.request_enter(
        actor=actor,
        organization=org,
        channel=extra.pop("channel", "counter"),
        received_at=received_at or timezone.now(),
        request_type=request_type,
        full_name=extra.pop("full_name", "Lê Văn An"),
        email=email,
        description=extra.pop("description", "Xin xóa dữ liệu của tôi."),
        **extra,
    )
    return request, token
