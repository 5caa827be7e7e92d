"""The text of a PDF as poppler's pdftotext reads it, for the tests of the printed forms."""

import subprocess


def pdftotext(pdf: bytes, tmp_path, *options: str, name: str = "f.pdf") -> str:
    """Return the text pdftotext reads in ``pdf`` (``options`` such as "-layout" or "-raw")."""
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, encoding="utf-8", check=True
    ).stdout


def pdftotext_flat(pdf: bytes, tmp_path, *options: str, name: str = "f.pdf") -> str:
    """Return the text of ``pdf`` with every run of white space made one space."""
    return " ".join(pdftotext(pdf, tmp_path, *options, name=name).split())


def assert_pdf_says(pdf: bytes, tmp_path, *expected: str) -> str:
    """Check that the text of ``pdf`` (white space folded) holds each of ``expected``; return it."""
    text = pdftotext_flat(pdf, tmp_path)
    for phrase in expected:
        assert phrase in text, phrase
    return text
