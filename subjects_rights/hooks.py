"""What the rights inbox offers other apps through the core (pdp_portal.hooks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from . import ratelimit, services
from .models import RequestType, RightsRequest
from .public_views import RATE_LIMIT_PER_EMAIL, RATE_LIMIT_PER_IP, RATE_WINDOW_SECONDS, _client_ip


def submit_from_page(
    *, request, organization, kind: str, full_name: str, email: str, description: str, language
):
    """File a request from another public page, under the public form's rate limits.

    Return None when it is filed (unconfirmed, as from the form), else (error text, status).
    """
    too_many = _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ.")
    if not ratelimit.hits(
        [("rights-ip", _client_ip(request), RATE_LIMIT_PER_IP)], window=RATE_WINDOW_SECONDS
    ):
        return too_many, 429
    if not ratelimit.hits(
        [("rights-email", email, RATE_LIMIT_PER_EMAIL)], window=RATE_WINDOW_SECONDS
    ):
        return too_many, 429
    try:
        services.request_submit(
            organization=organization,
            request_type=kind,
            full_name=full_name,
            email=email,
            description=description,
            language=language if language in ("vi", "en") else "vi",
        )
    except ValidationError as exc:
        return "; ".join(exc.messages), 400
    return None


def year_counts(*, organization, start, end) -> list[tuple[str, int]]:
    """Return (label, number received) per request type over [start, end)."""
    counts = dict(
        RightsRequest.objects.filter(
            organization=organization, received_at__gte=start, received_at__lt=end
        )
        .values_list("request_type")
        .annotate(n=Count("pk"))
    )
    return [(str(label), counts.get(code, 0)) for code, label in RequestType.choices]


def open_counts(*, user) -> dict[int, int]:
    """The dashboard's figure: requests still open, per organisation the user may see."""
    from .models import OPEN_STATUSES
    from .permissions import visible_requests

    rows = (
        visible_requests(user)
        .filter(status__in=OPEN_STATUSES)
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {row["organization_id"]: row["n"] for row in rows}
