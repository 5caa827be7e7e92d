"""A fixed-window counter per address in the Django cache; it fails open when the cache is down."""

import hashlib
import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)

# After a cache failure, skip the cache for this many seconds: each failed try costs the redis
# client's connection retries (a few tenths of a second), and a form must answer at once.
_SKIP_AFTER_FAILURE = 5.0
_skip_until = 0.0


def hit(scope: str, value: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``value``; return False when it is over ``limit`` in this window.

    A cache outage must never stop a data subject from filing a request (DESIGN section 4):
    the limit is then simply not applied.
    """
    global _skip_until
    if time.monotonic() < _skip_until:
        return True
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    key = f"rl:{scope}:{digest}"
    try:
        # The first hit of a window is one round trip (most addresses are seen once).
        if cache.add(key, 1, timeout=window):
            return 1 <= limit
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between the two calls
            cache.add(key, 1, timeout=window)
            count = 1
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no limit"
        _skip_until = time.monotonic() + _SKIP_AFTER_FAILURE
        log.warning(
            "rate limit not applied for %ss (cache unavailable): %s", _SKIP_AFTER_FAILURE, exc
        )
        return True
    return count <= limit
