"""Each form's PDF carries the entered fields; Form 10's pages are written as PNGs to look at."""

import subprocess

import pytest

from dossiers import documents, services
from dossiers.catalogue import PROCESSING
from tests.browser import ARTIFACTS
from tests.pdf_english import right_edge_overflow
from tests.pdftotext import pdftotext

from .conftest import make_ready, make_register

pytestmark = pytest.mark.django_db


def test_form10_renders_and_carries_fields(org, dpo, at_now, tmp_path):
    dossier = make_ready(org, dpo, PROCESSING)
    snapshot = documents.build_snapshot(dossier, at=services.timezone.now())
    pdf = documents.render_report(snapshot)
    text = pdftotext(pdf, tmp_path)
    for expected in (
        "Mẫu số 10",
        org.name,
        "Quản lý khách hàng thành viên",
        "Công ty TNHH Lưu trữ Mây Xanh",
        "Nội dung overview của tổ chức",
        "Nội dung subjects_aspects của tổ chức",
        "HĐ-15/2026",
    ):
        assert expected in " ".join(text.split()), expected
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "dossiers-form10.pdf"
    out.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", str(out), str(ARTIFACTS / "dossiers-form10")], check=True
    )


def _form10(org, dpo) -> tuple[bytes, str]:
    """Return the Form 10 of a ready dossier and the dossier's reference."""
    dossier = make_ready(org, dpo, PROCESSING)
    snapshot = documents.build_snapshot(dossier, at=services.timezone.now())
    return documents.render_report(snapshot), dossier.reference


def test_every_page_of_form10_carries_its_footer_line(org, dpo, at_now, tmp_path):
    pdf, reference = _form10(org, dpo)
    text = pdftotext(pdf, tmp_path)
    pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    footer = f"{org.name} · Mẫu số 10 · {reference}"
    assert len(pages) > 1
    assert all(footer in page for page in pages), footer


def test_no_word_of_form10_runs_past_the_right_margin(org, dpo, at_now, tmp_path):
    # A4 with a right margin of 18 mm (pdf.css): the checklists and Part B tables stay inside.
    pdf, _reference = _form10(org, dpo)
    assert right_edge_overflow(pdf, tmp_path, right_margin_mm=18) <= 0.5


def test_a_tax_code_in_form10s_part_b_stays_on_one_line(org, dpo, at_now, tmp_path):
    # A tax code is one number: its column is wide enough not to break a Vietnamese one's ten
    # digits or a foreign one's twelve characters.
    dossier = make_ready(org, dpo, PROCESSING)
    make_register(org, dpo, transfer=True)  # a processor abroad: Cloud Harbor, SG201912345K
    snapshot = documents.build_snapshot(dossier, at=services.timezone.now())
    words = pdftotext(documents.render_report(snapshot), tmp_path).split()
    assert "0312345678" in words and "SG201912345K" in words
