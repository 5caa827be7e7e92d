"""Every document leaves private: no cache keeps it, no type is guessed, any file name survives."""

import io
from urllib.parse import unquote

from pdp_portal.downloads import XLSX, document_response, file_response, pdf_response


def _private(response):
    return (
        response["Cache-Control"] == "private, no-store"
        and response["X-Content-Type-Options"] == "nosniff"
    )


def test_a_pdf_is_shown_by_default_and_saved_on_request():
    shown = pdf_response(b"%PDF-1.7", "mau-08-VP-2026-0001.pdf")
    assert shown["Content-Type"] == "application/pdf" and _private(shown)
    assert shown["Content-Disposition"] == 'inline; filename="mau-08-VP-2026-0001.pdf"'
    saved = pdf_response(b"%PDF-1.7", "a.pdf", inline=False)
    assert saved["Content-Disposition"] == 'attachment; filename="a.pdf"'
    assert shown.content == b"%PDF-1.7"


def test_a_vietnamese_or_quoted_name_is_carried_whole():
    response = document_response(b"x", filename='Hợp đồng "mới".xlsx', content_type=XLSX)
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.split("''", 1)[1]) == 'Hợp đồng "mới".xlsx'
    assert response["Content-Type"] == XLSX and _private(response)


def test_an_export_can_be_written_after_it_is_made():
    response = document_response(b"", filename="so.csv", content_type="text/csv; charset=utf-8")
    response.write("\ufeffa,b\r\n")
    assert response.content.decode() == "\ufeffa,b\r\n"


def test_a_stored_file_is_always_saved_not_shown():
    response = file_response(
        io.BytesIO(b"<html>"), filename="bằng chứng.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert response["Content-Type"] == "application/pdf" and _private(response)
    assert b"".join(response.streaming_content) == b"<html>"
