"""A fixed-window counter per address in the Django cache; it fails open when the cache is down."""

import contextlib
import hashlib
import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import NoScriptError

log = logging.getLogger(__name__)

# After a cache failure, skip the cache for this many seconds: each failed try costs the redis
# client's connection retries (a few tenths of a second), and a form must answer at once.
_SKIP_AFTER_FAILURE = 5.0
_skip_until = 0.0


def hits(checks: list[tuple[str, str, int]], *, window: int) -> bool:
    """Count one hit for each (scope, value, limit); return False when any is over its limit.

    Every counter is counted, in one round trip to Redis whatever their number. A cache outage
    must never stop a data subject from filing a request (DESIGN section 4): the limits are then
    simply not applied.
    """
    if time.monotonic() < _skip_until:
        return True
    keys = _keys(checks)
    try:
        backend = getattr(cache, "_cache", None)
        if isinstance(backend, RedisCacheClient):
            counts = _count_redis(backend, keys, window)
        else:
            counts = [_count(key, window) for key in keys]
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no limit"
        return _failed(exc)
    return _within(checks, counts)


@contextlib.contextmanager
def counting(checks: list[tuple[str, str, int]], *, window: int):
    """Send the hits of ``hits(checks, window=window)`` now; yield a function returning its verdict.

    The caller does its own round trip (a database query) while Redis counts: the two waits
    overlap instead of adding up. The same counters, limits and failure rule as ``hits``. On
    Redis the command is sent on a connection of the cache's pool, held until the verdict is
    read (or dropped, if the caller fails before reading it).
    """
    backend = getattr(cache, "_cache", None)
    if time.monotonic() < _skip_until or not isinstance(backend, RedisCacheClient):
        yield lambda: hits(checks, window=window)
        return
    keys = [cache.make_key(key) for key in _keys(checks)]
    try:
        script = _script(backend, keys[0])
        pool = script.registered_client.connection_pool
        connection = pool.get_connection()
        try:
            connection.send_command("EVALSHA", script.sha, len(keys), *keys, window)
        except BaseException:
            _drop(pool, connection)
            raise
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no limit"
        failed = _failed(exc)
        yield lambda: failed
        return
    pending = True

    def verdict() -> bool:
        nonlocal pending
        pending = False
        try:
            try:
                replies = connection.read_response()
            except NoScriptError:
                # Redis restarted since the script was loaded: the reply is read, the
                # connection clean; the usual call loads the script again.
                pool.release(connection)
                replies = script(keys=keys, args=[window])
            else:
                pool.release(connection)
        except Exception as exc:  # noqa: BLE001
            _drop(pool, connection)
            return _failed(exc)
        return _within(checks, [int(count) for count in replies])

    try:
        yield verdict
    finally:
        if pending:
            # The caller failed before reading the reply: the connection is out of step.
            _drop(pool, connection)


def _drop(pool, connection) -> None:
    connection.disconnect()
    pool.release(connection)


def _keys(checks) -> list[str]:
    return [
        f"rl:{scope}:{hashlib.sha256(value.lower().encode()).hexdigest()[:32]}"
        for scope, value, _limit in checks
    ]


def _within(checks, counts) -> bool:
    return all(count <= limit for count, (_s, _v, limit) in zip(counts, checks, strict=True))


def _failed(exc: Exception) -> bool:
    """Skip the cache for a while after a failure; return the verdict then: no limit."""
    global _skip_until
    _skip_until = time.monotonic() + _SKIP_AFTER_FAILURE
    log.warning("rate limit not applied for %ss (cache unavailable): %s", _SKIP_AFTER_FAILURE, exc)
    return True


def _count(key: str, window: int) -> int:
    """Count a hit with the cache API (any backend)."""
    # The first hit of a window is one call (most addresses are seen once).
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.add(key, 1, timeout=window)
        return 1


_scripts: dict[int, object] = {}

# Each key: start a window unless one is running (``SET key 0 EX window NX``), then count the hit.
# One script, so a window always has its expiry, and one command for any number of keys.
_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
    redis.call('SET', key, 0, 'EX', ARGV[1], 'NX')
    counts[i] = redis.call('INCR', key)
end
return counts
"""


def _count_redis(backend: RedisCacheClient, keys: list[str], window: int) -> list[int]:
    """Count a hit on each key in one round trip: the same keys, values and expiry as ``_count``.

    A Lua script sent as ``EVALSHA`` (the cache API needs up to four round trips per key here:
    ADD, then EXISTS and INCRBY for ``incr``; a MULTI/EXEC pipeline costs more to build and read
    than the commands take to run).
    """
    script = _script(backend, keys[0])
    # make_key: the keys are "rl:<scope>:<hex>", nothing for the memcached checks of
    # make_and_validate_key (a loop over every character) to find.
    replies = script(keys=[cache.make_key(key) for key in keys], args=[window])
    return [int(count) for count in replies]


def _script(backend: RedisCacheClient, key: str):
    script = _scripts.get(id(backend))
    if script is None:
        # A redis-py client is thread-safe and draws connections from Django's pool; making
        # one per call (as the cache API does) costs more than the command.
        client = backend.get_client(key, write=True)
        script = _scripts[id(backend)] = client.register_script(_COUNT_SCRIPT)
    return script
