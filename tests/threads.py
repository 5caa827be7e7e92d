"""Code run in several threads at once, each on its own database connection (closed after)."""

import threading

from django.db import connection


def in_threads(target, n: int) -> list:
    """Run ``target(i)`` for ``i`` in ``range(n)``, one thread each; return, in that order, what
    each returned or the exception it raised."""
    results: list = [None] * n

    def run(i):
        try:
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - returned for the test to report
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def at_once(target, n: int) -> list:
    """Run ``target(i)`` in ``n`` threads released together (a double click, two tabs); return
    what each returned or raised, as ``in_threads`` does."""
    barrier = threading.Barrier(n)

    def together(i):
        barrier.wait(timeout=30)
        return target(i)

    return in_threads(together, n)


def failures(results: list) -> list[Exception]:
    return [r for r in results if isinstance(r, Exception)]
