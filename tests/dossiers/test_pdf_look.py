"""Each form's PDF carries the entered fields; Form 10's pages are written as PNGs to look at."""

import subprocess

import pytest

from dossiers import documents, services
from dossiers.catalogue import PROCESSING
from tests.browser import ARTIFACTS

from .conftest import make_ready

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_form10_renders_and_carries_fields(org, dpo, at_now, tmp_path):
    dossier = make_ready(org, dpo, PROCESSING)
    snapshot = documents.build_snapshot(dossier, at=services.timezone.now())
    pdf = documents.render_report(snapshot)
    text = _text(pdf, tmp_path)
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
