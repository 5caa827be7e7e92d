"""Query-count assertions for list pages: what a page costs must not follow its rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, list[str]]:
    """GET ``url`` (it must answer 200) and return the number of queries and their SQL."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), [q["sql"] for q in captured.captured_queries]


def assert_queries_do_not_grow(client, urls, grow, n: int = 1) -> None:
    """Build ``n`` rows, count each URL's queries, build ``2 * n`` more, count again: equal.

    ``grow(k)`` adds k more of whatever the pages list (rows, or organisations with their rows).
    Every URL is asked once before counting, so caches filled on first use (content types,
    sessions, translations) are not counted against the smaller size.
    """
    urls = [urls] if isinstance(urls, str) else list(urls)
    grow(n)
    before = {}
    for url in urls:
        count_queries(client, url)
        before[url] = count_queries(client, url)
    grow(2 * n)
    grown = []
    for url in urls:
        after = count_queries(client, url)
        if after[0] != before[url][0]:
            extra = [sql[:300] for sql in after[1] if sql not in before[url][1]] or after[1][:3]
            grown.append(
                f"{url}: {before[url][0]} queries with {n} built, {after[0]} with {3 * n}; "
                f"for example: {extra[:3]}"
            )
    assert not grown, "\n".join(grown)


def assert_growth_costs_no_queries(client, url: str, grow):
    """GET ``url``, call ``grow()`` to add rows, GET it again: both cost as many queries.

    ``url`` is asked once before counting, as in assert_queries_do_not_grow. Return the responses
    before and after ``grow()``, for the test to check what each shows."""
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        before = client.get(url)
    grow()
    with CaptureQueriesContext(connection) as many:
        after = client.get(url)
    assert len(many) == len(few)
    return before, after
