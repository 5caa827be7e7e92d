"""Importing the register workbook: each sheet's bad row is named, with its line, and nothing is kept."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dossiers import xlsx
from dossiers.models import DomesticTransfer, ProcessingActivity, Recipient, Transfer

from .conftest import make_register

pytestmark = pytest.mark.django_db


def _row(sheet, **values):
    header = [cell.value for cell in sheet[1]]
    sheet.append([values.get(name, "") for name in header])


def _upload(wb) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("so.xlsx", buffer.getvalue())


def test_every_sheets_bad_rows_are_listed_and_nothing_is_kept(org, dpo, at_now):
    activity, processor = make_register(org, dpo, transfer=True)
    wb = load_workbook(io.BytesIO(xlsx.export_register(org)))
    _row(wb["Ben lien quan"], name="Bên mới", role="processor", contract_date="32/13/2026")
    _row(wb["Hoat dong"], name="Hoạt động A", purpose="Mục đích", role="controller", subjects="Ai")
    _row(
        wb["Hoat dong"],
        name="Hoạt động B",
        purpose="Mục đích",
        role="controller",
        subjects="Khách: 1",
        recipients="Bên không có",
    )
    _row(wb["Chuyen ra nuoc ngoai"], activity="Không có", kind="processing", country="SG")
    _row(wb["Chuyen giao trong nuoc"], activity=activity.name, recipient="Bên không có")
    counts = (
        Recipient.objects.count(),
        ProcessingActivity.objects.count(),
        Transfer.objects.count(),
        DomesticTransfer.objects.count(),
    )

    with pytest.raises(ValidationError) as refused:
        xlsx.import_register(actor=dpo, organization=org, upload=_upload(wb))

    assert refused.value.messages == [
        "Trang “Ben lien quan” dòng 4: ngày không hợp lệ",
        "Trang “Hoat dong” dòng 3: ngày hoặc đối tượng (tên: số lượng) không hợp lệ",
        "Trang “Hoat dong” dòng 4: không có bên liên quan “Bên không có”",
        "Trang “Chuyen ra nuoc ngoai” dòng 3: không có hoạt động “Không có”",
        "Trang “Chuyen giao trong nuoc” dòng 2: không có bên liên quan “Bên không có”",
    ]
    assert counts == (
        Recipient.objects.count(),
        ProcessingActivity.objects.count(),
        Transfer.objects.count(),
        DomesticTransfer.objects.count(),
    )


def test_the_same_workbook_again_updates_rows_by_name(org, dpo, at_now):
    make_register(org, dpo, transfer=True)
    data = xlsx.export_register(org)

    counts = xlsx.import_register(
        actor=dpo, organization=org, upload=SimpleUploadedFile("so.xlsx", data)
    )

    assert counts == {"a": 1, "r": 2, "t": 1}
    assert ProcessingActivity.objects.filter(organization=org).count() == 1
    assert Recipient.objects.filter(organization=org).count() == 2
    assert Transfer.objects.filter(organization=org).count() == 1
