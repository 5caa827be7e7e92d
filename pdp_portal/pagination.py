"""One way to cut a list page into pages: the page asked for, and the filters to keep on its links."""

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def paginate(request, items, per_page: int | None = None, param: str = "page") -> tuple[Page, str]:
    """Return the requested page of ``items`` and the query string without ``param``.

    A missing, malformed or too-large page number gives the nearest page (``get_page``), never an
    error: links are shared and lists shrink. Two lists on one page use two ``param`` names.
    """
    page = Paginator(items, per_page or PAGE_SIZE).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
