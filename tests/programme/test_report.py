"""The yearly compliance report: a PDF in Vietnamese and in English with the year's figures."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from programme import services
from programme.models import ObligationState
from tests.browser import ARTIFACTS
from tests.factories import PDF

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def text_of(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_report_lists_obligations_evidence_and_assessments_in_both_languages(as_user, org, dpo):
    org.sectors = ["finance"]
    org.save()
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, 0, tzinfo=VN), tick=False):
        services.programme_sync(organization=org)
    fin = ObligationState.objects.get(organization=org, code="finance.assessment")
    with time_machine.travel(dt.datetime(2026, 11, 2, 9, 0, tzinfo=VN), tick=False):
        services.evidence_add(
            actor=dpo,
            state=fin,
            upload=SimpleUploadedFile("danh-gia.pdf", PDF, content_type="application/pdf"),
            kind="assessment",
            description="Báo cáo đánh giá 2026",
        )
        services.obligation_set_status(actor=dpo, state=fin, status="done")
        client = as_user(dpo)
        vi = client.get(reverse("programme:report", args=[org.pk]) + "?lang=vi&year=2026")
        en = client.get(reverse("programme:report", args=[org.pk]) + "?lang=en&year=2026")
    assert vi["Content-Type"] == "application/pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "programme-report-vi.pdf").write_bytes(vi.content)
    (ARTIFACTS / "programme-report-en.pdf").write_bytes(en.content)
    vi_text, en_text = text_of(vi.content), text_of(en.content)
    assert "BÁO CÁO TUÂN THỦ" in vi_text and "Báo cáo đánh giá 2026" in vi_text
    assert "Nghị định 356/2025 Điều 8 khoản 1" in vi_text
    assert "COMPLIANCE REPORT" in en_text and "Decree 356/2025 Art. 8(1)" in en_text
    assert "Obligations met: 1;" in en_text
