"""A fixed-window counter per address in the Django cache; it fails open when the cache is down."""

import hashlib
import logging

from django.core.cache import cache

log = logging.getLogger(__name__)


def hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``value``; return False when it is over ``limit`` in this window.

    A cache outage must never stop a data subject from filing a request (DESIGN section 4):
    the limit is then simply not applied.
    """
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    key = f"rl:{scope}:{digest}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no limit"
        log.warning("rate limit not applied (cache unavailable): %s", exc)
        return True
    return count <= limit
