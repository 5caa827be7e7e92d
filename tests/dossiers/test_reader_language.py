"""A dossier and its register written by Vietnamese-speaking users read in English in English.

Every text the portal wrote along the workflow (audit summaries, register changes, the change
summary of a version, notifications) is stored as a message key and parameters; what the users
typed here is plain ASCII, so any Vietnamese letter an English reader meets is a stored text
frozen in the writer's language.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from dossiers import services
from dossiers.catalogue import PROCESSING
from dossiers.demo import sample_answers
from dossiers.models import Dossier, DossierVersion, RegisterChange
from pdp_portal.audit.models import AuditEvent
from pdp_portal.notices.models import Notification
from tests.reader_leaks import (
    audit_leaks,
    leaks,
    page_leaks,
    reader,
    report,
)

from .conftest import NOW, STARTED, pdf_upload

pytestmark = pytest.mark.django_db


def ascii_answers() -> dict:
    """Return every answer a processing dossier needs, typed in plain ASCII."""
    return sample_answers(PROCESSING, lambda key, f: f"Answer {key}", number=2)


@pytest.fixture
def walked(cast):
    """Walk the register and a processing dossier through every state change, in Vietnamese."""
    acme, dpo, agency = cast
    with time_machine.travel(NOW, tick=False) as clock, translation.override("vi"):
        processor = services.recipient_save(
            actor=dpo,
            organization=acme,
            role="processor",
            name="Blue Cloud Ltd",
            tax_code="0312345678",
            contract_number="C-15/2026",
            service="Storage",
        )
        printer = services.recipient_save(
            actor=dpo, organization=acme, role="third_party", name="Print Shop"
        )
        activity = services.activity_save(
            actor=dpo,
            organization=acme,
            recipients=[processor, printer],
            name="Members",
            purpose="Loyalty points",
            role="controller",
            subject_categories=[{"name": "Customers", "count": 450}],
            basic_data_types=["birth_name", "phone"],
            sensitive_data_types=[],
            data_flow="App to CRM",
            consent_method="Checkbox",
            retention="5 years",
            deletion="Automatic",
            started_on=STARTED,
        )
        services.recipient_save(
            actor=dpo, organization=acme, recipient=printer, role="processor", name="Print Shop"
        )
        abroad = services.recipient_save(
            actor=dpo,
            organization=acme,
            role="processor",
            name="Harbor Pte",
            country="Singapore",
        )
        transfer = services.transfer_save(
            actor=dpo,
            organization=acme,
            activity=activity,
            kind="cloud_abroad",
            recipient=abroad,
            country="Singapore",
            data_description="Customer files",
            first_transfer_on=dt.date(2026, 2, 20),
        )
        services.transfer_delete(actor=dpo, organization=acme, transfer=transfer)
        services.recipient_delete(actor=dpo, organization=acme, recipient=abroad)
        dossier = services.dossier_open(actor=dpo, organization=acme, kind=PROCESSING)
        services.dossier_save_answers(actor=dpo, dossier=dossier, answers=ascii_answers())
        for name in ("contract.pdf", "policy.pdf", "draft.pdf"):
            enclosure = services.enclosure_add(
                actor=dpo,
                dossier=dossier,
                upload=pdf_upload(name),
                category="contract" if name == "contract.pdf" else "policy",
                description=name.removesuffix(".pdf").title(),
            )
        services.enclosure_remove(actor=dpo, dossier=dossier, enclosure=enclosure)
        services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Lan")
        clock.shift(dt.timedelta(days=1))
        services.dossier_assign(actor=agency, dossier=dossier, reviewer=agency)
        services.dossier_request_completion(
            actor=agency, dossier=dossier, reasons="Add the retention schedule."
        )
        clock.shift(dt.timedelta(days=1))
        # The comparison of versions then names data types: labels the snapshot froze.
        services.activity_save(
            actor=dpo,
            organization=acme,
            activity=activity,
            purpose="Loyalty points and offers",
            basic_data_types=["birth_name", "phone", "gender"],
        )
        services.dossier_save_answers(
            actor=dpo, dossier=dossier, answers={"overview": "Answer overview, completed"}
        )
        services.dossier_submit(actor=dpo, dossier=dossier, signer_name="Lan")
        clock.shift(dt.timedelta(days=1))
        services.dossier_accept(actor=agency, dossier=dossier, reasons="Complete.")
        clock.shift(dt.timedelta(days=1))
        services.change_declare(
            actor=dpo,
            organization=acme,
            kind=RegisterChange.Kind.PROVIDER,
            scope=RegisterChange.Scope.PROCESSING,
            occurred_at=NOW + dt.timedelta(days=3),
            description="New DPO provider",
        )
        services.recipient_save(
            actor=dpo, organization=acme, recipient=printer, role="processor", name="Print Hub"
        )
        services.dossier_submit(
            actor=dpo, dossier=dossier, signer_name="Lan", change_reason="New provider"
        )
    dossier.refresh_from_db()
    return dossier


def test_an_english_reader_reads_the_whole_dossier_in_english(cast, walked):
    acme, dpo, agency = cast
    dossier = walked
    assert dossier.status == Dossier.Status.SUBMITTED
    assert list(dossier.versions.values_list("kind", flat=True).order_by("number")) == [
        "initial",
        "completion",
        "update",
    ]
    staff, officer = reader(dpo, "en"), reader(agency, "en")
    found = []
    for url in (
        reverse("dashboard"),
        reverse("dossiers:index"),
        reverse("dossiers:register", args=[acme.pk]),
        reverse("dossiers:detail", args=[dossier.pk]),
        reverse("dossiers:compare", args=[dossier.pk]),
        reverse("dossiers:compare", args=[dossier.pk]) + "?a=1&b=2",
        "/api/v1/dossiers/",
        f"/api/v1/dossiers/{dossier.pk}/",
        f"/api/v1/dossiers/{dossier.pk}/versions/",
        f"/api/v1/dossiers/{dossier.pk}/versions/3/",
        f"/api/v1/dossiers/{dossier.pk}/compare/",
        "/api/v1/dossiers/requirements/",
        "/api/v1/register-changes/",
        "/api/v1/processing-activities/",
        "/api/v1/processing-recipients/",
    ):
        found += page_leaks(staff, url)
    for url in (
        reverse("regulator:inbox") + "?kind=dossier",
        reverse("dossiers_regulator:detail", args=[dossier.pk]),
        reverse("dossiers_regulator:compare", args=[dossier.pk]),
        "/api/v1/regulator/dossiers/",
        f"/api/v1/regulator/dossiers/{dossier.pk}/",
        f"/api/v1/regulator/dossiers/{dossier.pk}/versions/",
    ):
        found += page_leaks(officer, url)
    found += audit_leaks(staff, acme, ("dossier.", "register."))
    with translation.override("en"):
        for note in Notification.objects.filter(key__startswith="dossier."):
            found += [f"notification {note.key}: {leak}" for leak in leaks(note.text)]
    assert not found, report(found)


def test_the_filed_update_form_keeps_its_vietnamese_change_summary(cast, walked):
    update = DossierVersion.objects.get(dossier=walked, kind="update")
    # Form 03a as filed: its text, and the PDF made from it, stay in Vietnamese.
    assert "Print Hub" in update.change_summary
    assert "Thay đổi tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu" in update.change_summary
    with translation.override("en"):
        assert "Thay đổi tổ chức" in update.change_summary


def test_what_was_written_in_english_reads_in_vietnamese(cast, at_now):
    acme, dpo, agency = cast
    with translation.override("en"):
        dossier = services.dossier_open(actor=dpo, organization=acme, kind=PROCESSING)
        change = services.change_declare(
            actor=dpo,
            organization=acme,
            kind=RegisterChange.Kind.PROVIDER,
            scope=RegisterChange.Scope.PROCESSING,
            occurred_at=NOW,
            description="New provider",
        )
        printer = services.recipient_save(
            actor=dpo, organization=acme, role="third_party", name="Print Shop"
        )
    opened = AuditEvent.objects.get(action="dossier.open", object_id=str(dossier.pk))
    declared = AuditEvent.objects.get(action="register.change_declare", object_id=str(change.pk))
    added = RegisterChange.objects.exclude(pk=change.pk).get(organization=acme)
    with translation.override("vi"):
        assert (
            opened.summary
            == f"Lập Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân {dossier.reference}"
        )
        assert declared.summary == (
            "Khai báo thay đổi: Thay đổi tổ chức, cá nhân cung cấp dịch vụ bảo vệ dữ liệu"
        )
        assert added.text == "Thêm bên liên quan “Print Shop” (Bên thứ ba)"
        # What the person typed stays as typed.
        assert change.text == "New provider"
    with translation.override("en"):
        for text in (opened.summary, declared.summary, added.text):
            assert not leaks(text), text
    assert printer.name in added.text
