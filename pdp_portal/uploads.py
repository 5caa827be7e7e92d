"""Check uploaded files by their content, not by their name or the browser's word for it."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# DESIGN section 4 (Uploads): PDF, PNG, JPEG, DOCX, ODT, XLSX only.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
# Portal policy: at most this many files per request or action.
MAX_FILES = 5


def sniff(head: bytes, data: io.BufferedIOBase | None = None) -> str | None:
    """Return the extension of ``ALLOWED`` that the content is, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04") and data is not None:
        return _sniff_zip(data)
    return None


def _sniff_zip(data) -> str | None:
    try:
        with zipfile.ZipFile(data) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # OpenDocument: the first entry is an uncompressed "mimetype" file.
                if archive.read("mimetype").strip() == ALLOWED["odt"].encode():
                    return "odt"
                return None
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def check_upload(upload) -> tuple[str, str]:
    """Return (extension, MIME type) of an uploaded file, or raise ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB.")
            % {"name": upload.name, "mb": round(limit / 1024 / 1024, 1)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ext = sniff(head, upload)
    upload.seek(0)
    if ext is None:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (PDF, PNG, JPEG, DOCX, ODT, XLSX).")
            % {"name": upload.name},
            code="bad_type",
        )
    return ext, ALLOWED[ext]
