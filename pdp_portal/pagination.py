"""One way to cut a list page into pages: the page asked for, and the filters to keep on its links;
and one way to read a filter typed as text."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def typed(request, name: str = "q", limit: int = 200) -> str:
    """Return the text filter ``name`` as typed, trimmed, at most ``limit`` characters long.

    A NUL character (``%00`` in a link) is dropped: PostgreSQL text cannot hold one, and the
    driver refused the whole query with a server error.
    """
    return request.GET.get(name, "").replace("\x00", "").strip()[:limit]


def paginate(request, items, per_page: int | None = None, param: str = "page") -> tuple[Page, str]:
    """Return the requested page of ``items`` and the query string without ``param``.

    A missing, malformed or too-large page number gives the nearest page (``get_page``), never an
    error: links are shared and lists shrink. Two lists on one page use two ``param`` names.
    """
    page = Paginator(items, per_page or PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
