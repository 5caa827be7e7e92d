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
