"""Uploads are checked by parsing them (pdp_portal.uploads), whatever their first bytes say."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from pdp_portal.uploads import check_upload
from tests import factories


def _refusal(name, content) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, content))
    return caught.value


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_it_accepts_a_real_pdf():
    assert check_upload(SimpleUploadedFile("a.pdf", factories.PDF)) == ("pdf", "application/pdf")


def test_it_refuses_html_behind_a_pdf_signature():
    content = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n"
    error = _refusal("bao-cao.pdf", content)
    assert error.code == "pdf_invalid"
    assert "không phải là tệp PDF hợp lệ" in error.messages[0]


def test_it_refuses_a_pdf_that_runs_javascript_when_opened():
    def build(writer):
        action = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert _refusal("a.pdf", _pdf(build)).code == "javascript"


def test_it_refuses_a_pdf_that_launches_a_program():
    def build(writer):
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd")}
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    assert _refusal("a.pdf", _pdf(build)).code == "launch"


def test_it_refuses_a_pdf_with_an_embedded_file():
    error = _refusal("a.pdf", _pdf(lambda w: w.add_attachment("x.exe", b"MZ\x90\x00")))
    assert error.code == "embedded"


def _docx(entries) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, size in entries:
            with archive.open(name, "w", force_zip64=True) as member:
                block = b" " * (1024 * 1024)
                for _ in range(size // len(block)):
                    member.write(block)
    return out.getvalue()


def test_it_refuses_a_docx_that_expands_to_300_mib():
    bomb = _docx([("word/document.xml", 300 * 1024 * 1024)])
    assert len(bomb) < 400 * 1024  # a few hundred KiB on the wire
    error = _refusal("hop-dong.docx", bomb)
    assert error.code in ("zip_size", "zip_ratio")


def test_it_refuses_an_entry_compressed_beyond_reason(settings):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024
    error = _refusal("hop-dong.docx", _docx([("word/document.xml", 50 * 1024 * 1024)]))
    assert error.code == "zip_ratio"


def test_it_refuses_a_docx_of_too_many_entries(settings):
    settings.UPLOAD_MAX_ZIP_ENTRIES = 10
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(20):
            archive.writestr(f"word/media/{n}.xml", "x")
    assert _refusal("a.docx", out.getvalue()).code == "zip_entries"


def test_it_accepts_an_ordinary_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "Điều 5 " * 5000 + "</w:document>")
    assert check_upload(SimpleUploadedFile("a.docx", out.getvalue()))[0] == "docx"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 24), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 42.0)  # Hà Nội
    gps[3] = "E"
    gps[4] = (105.0, 51.0, 12.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_an_image_is_stored_without_its_gps_position():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test image has GPS
    upload = SimpleUploadedFile("anh.jpg", original, content_type="image/jpeg")
    assert check_upload(upload) == ("jpg", "image/jpeg")
    stored = b"".join(upload.chunks())
    assert upload.size == len(stored)
    clean = Image.open(io.BytesIO(stored))
    assert clean.size == (32, 24)
    assert not clean.getexif() and "exif" not in clean.info
    assert b"PhoneMaker" not in stored


def test_a_png_loses_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Nguyễn Văn A, 0912345678")
    upload = SimpleUploadedFile("a.png", factories.make_png(pnginfo=info))
    check_upload(upload)
    assert b"0912345678" not in upload.read()


def test_an_image_that_does_not_decode_is_refused():
    assert _refusal("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).code == "image_invalid"


def test_the_refusal_speaks_english_to_an_english_user():
    with translation.override("en"):
        error = _refusal("report.pdf", b"%PDF-1.4\n<html></html>")
    assert "is not a valid PDF" in error.messages[0]


def test_what_storage_writes_is_the_reencoded_image(tmp_path):
    from django.core.files.storage import FileSystemStorage

    upload = SimpleUploadedFile("anh.jpg", _jpeg_with_gps())
    check_upload(upload)
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x.jpg", upload)
    assert not Image.open(storage.open(name)).getexif()


def test_a_large_upload_on_disk_is_rewritten_where_storage_takes_it_from(tmp_path):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE Django keeps the upload in a temporary file, and the
    # file storage moves that file by its path instead of reading the upload object.
    from django.core.files.storage import FileSystemStorage
    from django.core.files.uploadedfile import TemporaryUploadedFile

    original = _jpeg_with_gps()
    upload = TemporaryUploadedFile("anh.jpg", "image/jpeg", len(original), None)
    upload.write(original)
    upload.seek(0)
    check_upload(upload)
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("x.jpg", upload)
    stored = (tmp_path / name).read_bytes()
    assert b"PhoneMaker" not in stored and not Image.open(io.BytesIO(stored)).getexif()
