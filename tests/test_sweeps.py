"""Every periodic sweep walks its due rows in batches until one comes back short."""

from pdp_portal.sweeps import in_batches


def _rows(n):
    """A sweep over ``n`` due rows: each batch claims up to ``limit`` and does them all."""
    left = [n]
    limits = []

    def run_batch(*, limit):
        limits.append(limit)
        claimed = min(limit, left[0])
        left[0] -= claimed
        return claimed, claimed

    return run_batch, left, limits


def test_it_runs_batches_until_one_comes_back_short():
    run_batch, left, limits = _rows(7)

    assert in_batches(run_batch, batch=3) == 7
    assert left == [0] and limits == [3, 3, 3]


def test_a_full_last_batch_is_followed_by_an_empty_one():
    run_batch, _left, limits = _rows(6)

    assert in_batches(run_batch, batch=3) == 6
    assert limits == [3, 3, 3]


def test_it_stops_after_max_batches_and_leaves_the_rest_for_the_next_run():
    run_batch, left, limits = _rows(10)

    assert in_batches(run_batch, batch=3, max_batches=2) == 6
    assert left == [4] and limits == [3, 3]


def test_it_adds_up_what_was_done_not_what_was_claimed():
    assert in_batches(lambda *, limit: (1, 0), batch=5) == 0
