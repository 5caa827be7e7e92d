"""What the breach register offers other apps through the core (pdp_portal.hooks)."""

from __future__ import annotations

from .models import Breach


def year_count(*, organization, start, end) -> int:
    """Return how many violations the organisation discovered over [start, end)."""
    return Breach.objects.filter(
        organization=organization, discovered_at__gte=start, discovered_at__lt=end
    ).count()
