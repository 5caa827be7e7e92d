"""Render the official forms as PDF with WeasyPrint, never reading the network or arbitrary files.

Every form template extends ``pdf/base_form.html`` (the appendix layout of Decree 356/2025: the
national motto, "Kính gửi", numbered sections, the signature block) and is set in Noto Serif,
which fontconfig finds among the system fonts (Debian's fonts-noto-core), so no font is fetched.

The URL fetcher answers only ``data:`` URIs and the portal's own static files, read from disk
by path inside the static directories; ``file://``, ``http(s)://`` and anything else is refused.
User-entered text reaches the PDF through Django's autoescaping, so it cannot add markup either.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import mimetypes
import posixpath
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint logs every rendering step at INFO; only its warnings (e.g. a refused URL) matter.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Documents are rendered against this base URL, so ``{% static %}`` paths resolve to it. The
# ``.invalid`` top-level domain never resolves (RFC 2606): nothing under it is ever fetched
# from the network, only mapped onto the static directories below.
BASE_URL = "https://pdf.portal.invalid/"
_STATIC_PREFIX = BASE_URL.rstrip("/") + settings.STATIC_URL


class ResourceRefused(ValueError):
    """A PDF asked for a resource outside data: URIs and the portal's static files."""


def _static_roots() -> list[Path]:
    roots = [Path(p).resolve() for p in getattr(settings, "STATICFILES_DIRS", [])]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def static_path(url: str) -> Path:
    """Return the file on disk behind a static URL of the PDF base, or raise ResourceRefused."""
    if not url.startswith(_STATIC_PREFIX):
        raise ResourceRefused(f"refused: {url[:200]}")
    parts = urlsplit(url)
    relative = unquote(parts.path[len(settings.STATIC_URL) :])
    normalised = posixpath.normpath(relative)
    if normalised.startswith(("../", "/")) or normalised in ("..", ".") or "\x00" in normalised:
        raise ResourceRefused(f"refused: {url[:200]}")
    found = finders.find(normalised)
    candidates = [Path(found)] if found else []
    if settings.STATIC_ROOT:
        candidates.append(Path(settings.STATIC_ROOT) / normalised)
    roots = _static_roots()
    for candidate in candidates:
        resolved = candidate.resolve()
        # A symbolic link pointing out of the static directories is refused like any other path.
        if resolved.is_file() and any(resolved.is_relative_to(root) for root in roots):
            return resolved
    raise ResourceRefused(f"not a static file: {url[:200]}")


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """Fetch data: URIs and the portal's static files; refuse everything else."""

        def __init__(self):
            super().__init__(
                timeout=5, allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=False
            )

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return super().fetch(url, headers)
            path = static_path(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return SafeURLFetcher


def safe_url_fetcher():
    """Return a new WeasyPrint URL fetcher that refuses file://, network and unknown URLs."""
    return _fetcher_class()()


def render_html(template_name: str, context: dict, *, language: str = "vi") -> str:
    """Return the HTML of a form template in ``language``, as it goes into the PDF."""
    with translation.override(language):
        return render_to_string(template_name, {**context, "pdf_language": language})


def trim_user_agent_css(css: str) -> str:
    """Return WeasyPrint's user-agent stylesheet without the pseudo-element rules forms never use.

    The stylesheet styles five pseudo-elements on every element (``::marker`` and the footnote
    and note calls and markers), so each element of a document gets five more styles to compute
    and later free: on Form 10, 15,000 styles for 2,500 elements, about 7 % of its render. The
    forms have markers only on ``li`` and no footnotes (``float: footnote``): ``::marker`` becomes
    ``li::marker`` and the footnote and note rules go.
    """
    css = css.replace("\n::marker {", "\nli::marker {")
    return re.sub(r"^::(?:footnote|note)-[^\n]*\n", "", css, flags=re.MULTILINE)


@functools.cache
def _html_class():
    """Return WeasyPrint's HTML class with the trimmed user-agent stylesheet.

    Overriding ``_ua_stylesheets`` is how WeasyPrint's own tests change that stylesheet.
    """
    from weasyprint import CSS, HTML
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    # The counter styles the sheet defines are already in WeasyPrint's user-agent counter
    # styles, which every document copies: this copy registers its own in a set of its own.
    sheet = CSS(string=trim_user_agent_css(UA), counter_style=CounterStyle())

    class FormHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, UA_FORM_STYLESHEET] if forms else [sheet]

    return FormHTML


_thread_fonts = threading.local()


def font_config():
    """Return this thread's WeasyPrint font configuration, made once and reused by every render.

    A fresh configuration per document starts Pango with empty caches: every text run then looks
    its fonts up again. The forms only use the system fonts (no ``@font-face``: templates set the
    stylesheets, user text is escaped), so a configuration never changes once made. Pango objects
    are not thread-safe: one configuration per thread, never shared between threads.
    """
    config = getattr(_thread_fonts, "config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _thread_fonts.config = FontConfiguration()
    return config


_pause_lock = threading.Lock()
_pause = {"renders": 0, "resume": False}


@contextlib.contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector for the length of a render, then collect once.

    A layout makes about a million short-lived objects (boxes, styles, text lines). With the
    collector running, each of its passes walks them and the whole heap of the process again:
    a fifth of a long form's render time. Reference counting still frees what it can during the
    render; the cycles are collected in one young-generation pass at the end, so the peak memory
    barely moves (measured on Form 10: +1.5 MiB). Renders in several threads share one pause:
    the collector comes back when the last of them ends, if it was running before the first.
    """
    with _pause_lock:
        if _pause["renders"] == 0:
            _pause["resume"] = gc.isenabled()
            gc.disable()
        _pause["renders"] += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause["renders"] -= 1
            last = _pause["renders"] == 0
            if last and _pause["resume"]:
                gc.enable()
        if last:
            gc.collect(0)


def html_to_pdf(html: str) -> bytes:
    """Return the PDF of an HTML document, fetching only what the safe fetcher allows."""
    with cyclic_gc_paused():
        document = _html_class()(
            string=html, base_url=BASE_URL, url_fetcher=safe_url_fetcher(), encoding="utf-8"
        )
        return document.write_pdf(font_config=font_config())


def render_pdf(template_name: str, context: dict, *, language: str = "vi") -> bytes:
    """Render ``template_name`` with ``context`` in ``language`` and return the PDF bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))
