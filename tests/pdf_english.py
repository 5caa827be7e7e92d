"""Read a form's PDF with pypdf, and check an English rendering against its Vietnamese headings."""

import io
import re
import subprocess
import unicodedata

from pypdf import PdfReader

from tests.browser import ARTIFACTS
from tests.pdftotext import pdftotext

# The note every English rendering opens with (templates/pdf/base_form.html).
TRANSLATION_NOTE = "English translation for reference only"

# Fixed wording of the appendix forms that an English rendering must not leave in Vietnamese.
VIETNAMESE_HEADINGS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Kính gửi",
    "Nơi nhận",
    "Mẫu số",
    "THÔNG BÁO",
    "Thông tin về",
    "Cam kết",
    "Tài liệu kèm theo",
    "TM. TỔ CHỨC",
    "NGƯỜI NỘP HỒ SƠ",
    "PHẦN A",
    "PHẦN B",
    "HỒ SƠ",
    "ĐÁNH GIÁ TÁC ĐỘNG",
    "Bên kiểm soát",
    "Bên nhận",
    "Dữ liệu cá nhân cơ bản",
    "ĐƠN ĐỀ NGHỊ",
    "GIẤY CHỨNG NHẬN",
    "QUYẾT ĐỊNH",
    "Căn cứ",
    "Điều 1.",
    "Mã số thuế",
    "Họ và tên",
    "Số điện thoại",
    "như sau",
    "BẢN NHÁP",
)


def pdf_text(pdf: bytes) -> str:
    """Return the text of every page of a PDF, its white space folded to single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def assert_english(pdf: bytes, *expected: str) -> str:
    """Check that ``pdf`` is an English rendering: marked, ``expected`` in it, no Vietnamese heading."""
    text = pdf_text(pdf)
    assert TRANSLATION_NOTE in text
    for phrase in expected:
        assert phrase in text, phrase
    leftovers = [heading for heading in VIETNAMESE_HEADINGS if heading in text]
    assert not leftovers, leftovers
    return text


def assert_vietnamese(pdf: bytes, *expected: str) -> str:
    """Check that ``pdf`` is the Vietnamese form as filed: ``expected`` in it, no translation note."""
    text = pdf_text(pdf)
    assert TRANSLATION_NOTE not in text
    for phrase in expected:
        assert phrase in text, phrase
    return text


def save_pngs(pdf: bytes, name: str) -> None:
    """Write ``pdf`` and its pages as PNGs (60 dpi) under test-artifacts/forms-en/, to look at."""
    folder = ARTIFACTS / "forms-en"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(folder / name)], check=True)


def right_edge_overflow(pdf: bytes, tmp_path, right_margin_mm: float = 18) -> float:
    """Return how far (pt) the rightmost word of ``pdf`` runs past the right margin (<= 0: none)."""
    boxes = pdftotext(pdf, tmp_path, "-bbox", name="bbox.pdf")
    page_width = float(re.search(r'<page width="([0-9.]+)"', boxes).group(1))
    right = max(float(x) for x in re.findall(r'xMax="([0-9.]+)"', boxes))
    return right - (page_width - right_margin_mm / 25.4 * 72)
