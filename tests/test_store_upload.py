"""A checked upload is recorded on its row the same way in every app (name, type, size, hash)."""

import hashlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pdp_portal.uploads import store_upload
from tests import factories


class _File:
    def __init__(self):
        self.saved = None

    def save(self, name, content, save=True):
        self.saved = (name, content.read(), save)


def _row():
    return SimpleNamespace(file=_File())


def test_it_records_what_the_file_is_and_who_sent_it():
    row, user = _row(), object()
    upload = SimpleUploadedFile("Báo cáo " + "x" * 300 + ".pdf", factories.PDF)

    store_upload(row, upload, uploaded_by=user, name="evidence")

    assert row.original_name == upload.name[:255] and len(row.original_name) == 255
    assert (row.content_type, row.size) == ("application/pdf", len(factories.PDF))
    assert row.sha256 == hashlib.sha256(factories.PDF).hexdigest()
    assert row.uploaded_by is user
    # The file itself, whole, under the given stem; the caller saves the row.
    assert row.file.saved == ("evidence", factories.PDF, False)


def test_a_refused_file_leaves_the_row_untouched():
    row = _row()

    with pytest.raises(ValidationError):
        store_upload(row, SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>"), uploaded_by=None)

    assert not hasattr(row, "original_name") and row.file.saved is None
