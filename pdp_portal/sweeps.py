"""How every periodic sweep walks its due rows: one batch per transaction, until one comes back
short. Each batch claims its rows with ``select_for_update(skip_locked=True)``, so two sweepers at
once never take the same row, and a second run finds nothing left to do."""

from collections.abc import Callable
from itertools import count


def in_batches(
    run_batch: Callable[..., tuple[int, int]], *, batch: int, max_batches: int | None = None
) -> int:
    """Call ``run_batch(limit=batch)`` until it claims fewer than ``batch`` rows (or
    ``max_batches`` times); return the sum of what the batches did.

    ``run_batch`` handles one batch in its own transaction and returns (rows claimed, rows done).
    """
    done = 0
    for _round in range(max_batches) if max_batches is not None else count():
        claimed, batch_done = run_batch(limit=batch)
        done += batch_done
        if claimed < batch:
            break
    return done
