"""Responses that hand a document to the browser: a generated PDF or a stored file.

Every document of the portal is private (personal data, dossiers, notices): no cache keeps a
copy, and the browser never guesses another type than the one sent. File names may be
Vietnamese: the header carries them as RFC 6266 ``filename*`` when they are not plain ASCII.
"""

import io

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from openpyxl.styles import Font

from pdp_portal.uploads import sha256_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value):
    """Return ``value`` so that a spreadsheet shows it as text, never runs it as a formula."""
    # A cell starting with =, +, - or @ would be a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def workbook_bytes(workbook) -> bytes:
    """Return ``workbook`` as XLSX bytes, the first row of every sheet (its column names) in bold."""
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(
    content, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """A document made for this request (an export, a package): saved, or shown if ``inline``.

    ``content`` may be empty and written to afterwards (``response.write``)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return _private(response)


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A generated PDF: shown in the browser (``inline``) or saved."""
    return document_response(data, filename=filename, content_type="application/pdf", inline=inline)


def file_response(
    handle, *, filename: str, content_type: str, sha256: str | None = None
) -> FileResponse:
    """A stored file (an attachment, an enclosure), always saved rather than shown.

    With ``sha256`` (the hash recorded at upload), the file is served only while it is still
    byte for byte that file: otherwise 404, as for a file that is not there.
    """
    if sha256 is not None and sha256_of(handle) != sha256:
        handle.close()
        raise Http404("stored file altered")
    return _private(
        FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    )


def pdf_language(request) -> str:
    """Return the language a PDF was asked for: Vietnamese unless ``?lang=en``."""
    return "en" if request.GET.get("lang") == "en" else "vi"


def form_pdf_response(request, stored: bytes, filename: str, render_english) -> HttpResponse:
    """Return a filed form's PDF, or with ``?lang=en`` its English rendering.

    The stored PDF is the Vietnamese document the agency received (Decree 356/2025 appendix);
    the English one is made from the same frozen snapshot by ``render_english()``, marked on its
    first lines as a translation for reference, and never stored.
    """
    if pdf_language(request) == "en":
        return pdf_response(render_english(), filename.removesuffix(".pdf") + "-en.pdf")
    return pdf_response(stored, filename)
