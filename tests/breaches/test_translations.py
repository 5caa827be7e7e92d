"""Audit summaries read the same in every language; the PDFs follow the language asked for."""

import pytest
from django.utils import translation

from breaches import services
from breaches.models import BreachSubmission
from pdp_portal.audit.models import AuditEvent
from tests.pdftotext import pdftotext

from .conftest import make_breach

pytestmark = pytest.mark.django_db


def test_audit_summaries_are_stored_alike_and_read_in_the_readers_language(org, dpo, at_discovery):
    with translation.override("en"):
        breach = make_breach(org, dpo)
        services.breach_contain(actor=dpo, breach=breach)
        services.breach_submit(actor=dpo, breach=breach)
    with translation.override("vi"):
        other = make_breach(org, dpo)
        services.breach_contain(actor=dpo, breach=other)
    events = {e.object_id: e for e in AuditEvent.objects.filter(action="breach.contained")}
    for item in (breach, other):
        # The message key and the status's key, whatever language the actor worked in.
        event = events[str(item.pk)]
        assert (event.message, event.params) == (
            "Vi phạm %(ref)s: %(status)s",
            {"ref": item.reference, "status": {"message": "Đã ngăn chặn"}},
        )
        with translation.override("vi"):
            assert event.summary == f"Vi phạm {item.reference}: Đã ngăn chặn"
        with translation.override("en"):
            assert event.summary == f"Breach {item.reference}: Contained"
    submit = AuditEvent.objects.get(action="breach.submit")
    with translation.override("vi"):
        assert submit.summary == f"Gửi thông báo vi phạm {breach.reference} (Mẫu số 08), lần 1"
    with translation.override("en"):
        assert submit.summary == (
            f"Sent the notification of breach {breach.reference} (Form 08), version 1"
        )


def test_a_submission_is_vietnamese_even_from_an_english_session(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    with translation.override("en"):
        services.breach_submit(actor=dpo, breach=breach)
    snapshot = BreachSubmission.objects.get().snapshot
    assert "giờ Việt Nam" in snapshot["violation"]["time"]
    assert snapshot["form_code"] == "Mẫu số 08"


def test_the_english_form08_context_is_english(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    snapshot = services.form08_snapshot(breach, language="en")
    english = services.form08_context(snapshot, language="en")
    vietnamese = services.form08_context(services.form08_snapshot(breach))
    assert vietnamese["recipient"].startswith("Cơ quan chuyên trách")
    assert vietnamese["recipients_list"] == ["Như trên;", "Lưu: VT."]
    for key in ("title", "subtitle", "recipient", "signer_title", "signer_note", "form_code"):
        assert english[key] != vietnamese[key], key
    assert "Vietnam time" in snapshot["violation"]["time"]


def test_the_english_pdfs_read_in_english(tmp_path, org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    for name, data in (
        ("form08", services.form08_draft_pdf(breach, language="en")),
        ("record", services.record_pdf(breach, language="en")),
    ):
        text = pdftotext(data, tmp_path, name=f"{name}.pdf")
        for vietnamese in ("Kính gửi", "Như trên", "TM. TỔ CHỨC", "Ký, ghi rõ họ tên"):
            assert vietnamese not in text, (name, vietnamese)
        assert "SOCIALIST REPUBLIC OF VIETNAM" in text
