"""Check uploaded files by parsing them, not by their name, their first bytes or the browser's word.

Every place that accepts a file calls ``check_upload``: a PDF must parse as a PDF and carry no
JavaScript, launch action or embedded file; an OOXML or ODF document must stay within limits once
decompressed; an image is decoded and re-encoded without its metadata (EXIF, GPS, text chunks), and
the re-encoded image is what the caller stores.
"""

import hashlib
import io
import warnings
import zipfile
import zlib

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

# PDF names that run code, start programs or carry other files. A viewer acts on them whatever
# dictionary they appear in (catalogue /OpenAction, page /AA, annotations, the /Names tree).
_PDF_FORBIDDEN = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/EmbeddedFiles": "embedded",
    "/EmbeddedFile": "embedded",
    "/EF": "embedded",
    "/RichMedia": "embedded",
    "/ImportData": "launch",
}
# A PDF within the size cap has far fewer objects; past this the walk would only burn CPU.
_PDF_MAX_OBJECTS = 200_000
# An entry this small cannot be a bomb whatever its ratio (a short, repetitive XML part).
_ZIP_RATIO_FLOOR = 1024 * 1024
# The ceiling of decoded pixels (a 24 MP photo is 24e6); Pillow's own default warns at ~89e6.
_IMAGE_MAX_PIXELS = 50_000_000


class _Refused(Exception):
    """Carry the reason code of a refusal out of the parsers."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def sniff(head: bytes, data: io.BufferedIOBase | None = None) -> str | None:
    """Return the extension of ``ALLOWED`` that the first bytes announce, or None (not a check)."""
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
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, zlib.error):
        return None
    return None


# --- PDF --------------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> None:
    """Parse a PDF and walk every object reachable from its trailer; raise _Refused if unsafe."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    try:
        # Lenient, as PDF readers are: scanners and office suites write slightly broken xref
        # tables. A file that is only "%PDF-" and something else still fails (no trailer, no
        # startxref, no page).
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Refused("pdf_encrypted")
        if len(reader.pages) < 1:
            raise _Refused("pdf_invalid")
        stack = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        walked = 0
        while stack:
            node = stack.pop()
            if isinstance(node, IndirectObject):
                key = (node.idnum, node.generation)
                if key in seen:
                    continue
                seen.add(key)
                node = node.get_object()
            walked += 1
            if walked > _PDF_MAX_OBJECTS:
                raise _Refused("pdf_invalid")
            if isinstance(node, DictionaryObject):
                for name, value in node.items():
                    if name in _PDF_FORBIDDEN:
                        raise _Refused(_PDF_FORBIDDEN[name])
                    # An action dictionary names its kind by value: /S /JavaScript, /S /Launch.
                    if isinstance(value, NameObject) and value in _PDF_FORBIDDEN:
                        raise _Refused(_PDF_FORBIDDEN[value])
                    stack.append(value)
            elif isinstance(node, ArrayObject):
                stack.extend(node)
    except _Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError, zlib.error) as exc:  # fmt: skip
        raise _Refused("pdf_invalid") from exc


# --- OOXML and ODF (ZIP containers) -----------------------------------------------------------


def _check_zip(data: bytes) -> None:
    """Refuse a ZIP container whose entries are too many, too large or too compressed.

    1. Read the central directory: count, declared sizes, ratios (cheap, catches honest bombs).
    2. Decompress every entry with a budget: a lying directory is caught by the bytes themselves,
       and a damaged entry fails its CRC.
    """
    max_bytes = settings.UPLOAD_MAX_UNZIPPED_BYTES
    max_ratio = settings.UPLOAD_MAX_ZIP_RATIO
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > settings.UPLOAD_MAX_ZIP_ENTRIES:
                raise _Refused("zip_entries")
            declared = 0
            for info in entries:
                declared += info.file_size
                if declared > max_bytes:
                    raise _Refused("zip_size")
                if info.file_size > _ZIP_RATIO_FLOOR and info.file_size > max_ratio * max(
                    info.compress_size, 1
                ):
                    raise _Refused("zip_ratio")
            budget = max_bytes
            for info in entries:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise _Refused("zip_size")
    except _Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            OSError, EOFError, ValueError, zlib.error) as exc:  # fmt: skip
        raise _Refused("zip_invalid") from exc


# --- images -----------------------------------------------------------------------------------


def _reencode_image(data: bytes, ext: str) -> bytes:
    """Decode an image fully and return it re-encoded without EXIF, GPS, XMP or text chunks."""
    from PIL import Image, ImageOps

    fmt = {"png": "PNG", "jpg": "JPEG"}[ext]
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                if image.width * image.height > _IMAGE_MAX_PIXELS:
                    raise _Refused("image_too_large")
                image.load()
                # Turn the picture as the camera meant it before the orientation tag is dropped.
                clean = ImageOps.exif_transpose(image)
                if fmt == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
                    clean = clean.convert("RGB")
                out = io.BytesIO()
                # No exif=, pnginfo= or xmp=: Pillow then writes no metadata at all. The colour
                # profile is kept: it says how to show the colours, nothing about the person.
                options = {"icc_profile": image.info.get("icc_profile")}
                if fmt == "JPEG":
                    options.update(quality=90, optimize=True)
                else:
                    options.update(optimize=True)
                clean.save(out, format=fmt, **options)
                return out.getvalue()
    except _Refused:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, zlib.error) as exc:  # fmt: skip
        raise _Refused("image_invalid") from exc


def _replace_content(upload, data: bytes) -> None:
    """Make ``upload`` hold ``data`` from now on (callers store the upload object they passed)."""
    if hasattr(upload, "temporary_file_path"):
        # A large upload lives in a temporary file that the storage moves into place by its
        # path: rewrite that file, or the original (with its metadata) would be stored.
        upload.file.seek(0)
        upload.file.write(data)
        upload.file.truncate()
        upload.file.flush()
    else:
        upload.file = io.BytesIO(data)
    upload.size = len(data)


# --- the one entry point ----------------------------------------------------------------------


def _message(code: str, name: str) -> str:
    messages = {
        "bad_type": _(
            "Tệp “%(name)s” không đúng định dạng cho phép (PDF, PNG, JPEG, DOCX, ODT, XLSX)."
        ),
        "pdf_invalid": _("Tệp “%(name)s” không phải là tệp PDF hợp lệ (không đọc được cấu trúc PDF)."),
        "pdf_encrypted": _("Tệp “%(name)s” là PDF có mật khẩu: hãy gửi bản không mã hoá."),
        "javascript": _("Tệp “%(name)s” là PDF có chứa mã JavaScript: không được chấp nhận."),
        "launch": _("Tệp “%(name)s” là PDF có lệnh mở chương trình hoặc tệp khác: không được chấp nhận."),
        "embedded": _("Tệp “%(name)s” là PDF có tệp nhúng bên trong: không được chấp nhận."),
        "zip_invalid": _("Tệp “%(name)s” bị hỏng: không giải nén được."),
        "zip_entries": _("Tệp “%(name)s” có quá nhiều thành phần (tối đa %(entries)s)."),
        "zip_size": _("Tệp “%(name)s” khi giải nén quá lớn (tối đa %(mb)s MB)."),
        "zip_ratio": _("Tệp “%(name)s” có thành phần nén bất thường (tỷ lệ nén quá %(ratio)s lần)."),
        "image_invalid": _("Tệp “%(name)s” không phải là ảnh hợp lệ (không giải mã được)."),
        "image_too_large": _("Tệp “%(name)s” là ảnh quá lớn (tối đa %(mp)s triệu điểm ảnh)."),
    }  # fmt: skip
    return messages[code] % {
        "name": name,
        "entries": settings.UPLOAD_MAX_ZIP_ENTRIES,
        "mb": round(settings.UPLOAD_MAX_UNZIPPED_BYTES / 1024 / 1024, 1),
        "ratio": settings.UPLOAD_MAX_ZIP_RATIO,
        "mp": _IMAGE_MAX_PIXELS // 1_000_000,
    }


def check_upload(upload) -> tuple[str, str]:
    """Return (extension, MIME type) of an uploaded file, or raise ValidationError saying why.

    An image comes out re-encoded without metadata: ``upload`` then holds the clean image, and
    that is what the caller stores.
    """
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB.")
            % {"name": upload.name, "mb": round(limit / 1024 / 1024, 1)},
            code="too_large",
        )
    checked = getattr(upload, "_pdp_checked", None)
    if checked is not None and checked[2] == upload.size:
        # A form checked it already and the service checks again: re-encoding an image twice
        # would lose quality for nothing.
        return checked[0], checked[1]
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    ext = sniff(data[:16], io.BytesIO(data))
    try:
        if ext is None:
            raise _Refused("bad_type")
        if ext == "pdf":
            _check_pdf(data)
        elif ext in ("png", "jpg"):
            _replace_content(upload, _reencode_image(data, ext))
        else:
            _check_zip(data)
    except _Refused as refusal:
        raise ValidationError(_message(refusal.code, upload.name), code=refusal.code) from None
    upload.seek(0)
    upload._pdp_checked = (ext, ALLOWED[ext], upload.size)
    return ext, ALLOWED[ext]


def sha256_of(fileobj) -> str:
    """Return the SHA-256 of an uploaded file, read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def store_upload(row, upload, *, uploaded_by, name: str = "upload") -> None:
    """Record on ``row`` the checked ``upload`` (its name, type, size, SHA-256 and who sent it)
    and store its file under a new random name starting ``name``; the caller saves ``row``."""
    _ext, mime = check_upload(upload)
    row.original_name = upload.name[:255]
    row.content_type = mime
    row.size = upload.size
    row.sha256 = sha256_of(upload)
    row.uploaded_by = uploaded_by
    row.file.save(name, upload, save=False)
