"""What the breach register offers other apps through the core (pdp_portal.hooks)."""

from __future__ import annotations

from .models import Breach


def year_count(*, organization, start, end) -> int:
    """Return how many violations the organisation discovered over [start, end)."""
    return Breach.objects.filter(
        organization=organization, discovered_at__gte=start, discovered_at__lt=end
    ).count()


def open_counts(*, user) -> dict[int, int]:
    """The dashboard's figure: violations not yet closed, per organisation the user may see."""
    from django.db.models import Count

    from .permissions import visible_breaches

    rows = (
        visible_breaches(user)
        .exclude(status=Breach.Status.CLOSED)
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {row["organization_id"]: row["n"] for row in rows}
