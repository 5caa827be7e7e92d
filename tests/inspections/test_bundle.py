import datetime as dt
import hashlib
import io
import zipfile

import pytest
from pypdf import PdfReader

from breaches import services as breach_services
from dossiers.models import ProcessingActivity
from inspections import bundles
from inspections.models import Bundle, BundleStatus, InvalidTransition
from pdp_portal.audit.services import audit_seal
from pdp_portal.filings.bundle import INDEX_NAME, SUMS_NAME, sections_for
from subjects_rights.models import RightsRequest
from tests.breaches.conftest import make_breach
from tests.factories import make_contact

from .conftest import VN

pytestmark = pytest.mark.django_db

SECTIONS = (
    "register",
    "dossiers",
    "subjects_rights",
    "breaches",
    "certification",
    "consents",
    "programme",
    "audit",
)


def add_records(org, prefix: str, n: int = 3):
    received = dt.datetime(2026, 2, 10, 9, 0, tzinfo=VN)
    RightsRequest.objects.bulk_create(
        RightsRequest(
            organization=org,
            reference=f"{prefix}-{i:04d}",
            request_type="access",
            status="received",
            channel="web",
            full_name=f"Người {prefix} {i}",
            email=f"{prefix.lower()}{i}@example.vn",
            description="Xin bản sao dữ liệu.",
            received_at=received,
        )
        for i in range(n)
    )
    ProcessingActivity.objects.create(
        organization=org, name=f"Hoạt động {prefix}", purpose="Bán hàng", role="controller"
    )


def add_breach(org, actor, summary: str):
    make_contact(org, position="Pháp chế", email="lan@example.vn")
    breach = make_breach(
        org, actor, summary=summary, discovered_at=dt.datetime(2026, 2, 20, 9, 0, tzinfo=VN)
    )
    breach_services.breach_submit(actor=actor, breach=breach, late_reason="Phát hiện muộn.")
    return breach


def read(bundle: Bundle) -> tuple[bytes, zipfile.ZipFile]:
    with bundle.file.open("rb") as handle:
        data = handle.read()
    return data, zipfile.ZipFile(io.BytesIO(data))


def test_every_app_adds_its_section_found_by_autodiscovery():
    codes = [s.code for s in sections_for(None)]
    assert set(SECTIONS) <= set(codes)
    # Art. 31(3)(c) alone: the register of dossiers is not asked for.
    services_only = [s.code for s in sections_for(["processing_services"])]
    assert "certification" in services_only and "dossiers" not in services_only


def test_the_bundle_holds_the_index_every_section_and_no_other_organisation(
    org, other_org, dpo, outsider, notified, inspector, django_capture_on_commit_callbacks
):
    add_records(org, "HOASEN")
    add_records(other_org, "SONGHONG")
    add_breach(org, dpo, "Lộ dữ liệu HOASEN-BREACH")
    add_breach(other_org, outsider, "Lộ dữ liệu SONGHONG-BREACH")
    audit_seal(force_checkpoint=True)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        bundle = bundles.bundle_request(actor=dpo, inspection=notified)
    assert len(queued) == 1  # the task is queued on commit, not run inside the transaction
    built = bundles.bundle_build(bundle_id=bundle.pk)
    assert built.status == BundleStatus.READY and built.progress == 100

    data, archive = read(built)
    assert hashlib.sha256(data).hexdigest() == built.sha256
    assert built.size == len(data)
    names = archive.namelist()
    assert INDEX_NAME in names and SUMS_NAME in names
    folders = {name.split("/", 1)[0].split("-", 1)[1] for name in names if "/" in name}
    assert set(SECTIONS) <= folders

    # SHA256SUMS checks every entry.
    for line in archive.read(SUMS_NAME).decode().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest

    # Form 08 as filed, in the breach's folder.
    assert any(n.startswith("04-breaches/") and n.endswith("mau-08-lan-1.pdf") for n in names)
    everything = b"".join(archive.read(n) for n in names if not n.endswith(".pdf"))
    assert b"HOASEN-0001" in everything
    assert b"HOASEN-BREACH" in everything
    assert b"SONGHONG" not in everything
    # The log names no data subject.
    assert "Người HOASEN".encode() not in everything

    log = next(n for n in names if n.endswith("nhat-ky-yeu-cau.csv"))
    assert archive.read(log).decode("utf-8-sig").count("\n") == 4  # header + 3 requests

    index = PdfReader(io.BytesIO(archive.read(INDEX_NAME)))
    text = " ".join(page.extract_text() for page in index.pages)
    assert notified.reference in text
    assert "Điều 31" in text
    verdict = next(n for n in names if n.endswith("ket-qua-kiem-tra.json"))
    assert b'"ok": true' in archive.read(verdict)


def test_a_second_build_of_a_finished_bundle_changes_nothing(dpo, notified):
    bundle = bundles.bundle_request(actor=dpo, inspection=notified)
    first = bundles.bundle_build(bundle_id=bundle.pk)
    assert bundles.bundle_build(bundle_id=bundle.pk) is None
    bundle.refresh_from_db()
    assert bundle.sha256 == first.sha256


def test_a_second_click_finds_the_bundle_in_the_making(dpo, notified):
    first = bundles.bundle_request(actor=dpo, inspection=notified)
    again = bundles.bundle_request(actor=dpo, inspection=notified)
    assert again.pk == first.pk
    assert Bundle.objects.count() == 1


def test_no_bundle_before_the_notice(dpo, inspection):
    with pytest.raises(InvalidTransition):
        bundles.bundle_request(actor=dpo, inspection=inspection)


def test_the_organisation_files_the_bundle_to_the_team(dpo, notified, inspector):
    bundle = bundles.bundle_request(actor=dpo, inspection=notified)
    bundles.bundle_build(bundle_id=bundle.pk)
    bundle.refresh_from_db()
    bundles.bundle_file(actor=dpo, bundle=bundle)
    assert bundle.filed_at is not None
    with pytest.raises(InvalidTransition):
        bundles.bundle_file(actor=dpo, bundle=bundle)
    assert inspector.notifications.filter(key=f"inspection.bundle.file:{bundle.pk}").exists()


def test_a_section_that_fails_leaves_a_failed_bundle_and_an_audit_event(dpo, notified, monkeypatch):
    from pdp_portal.audit.models import AuditEvent
    from pdp_portal.filings import bundle as core

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setitem(core._SECTIONS, "broken", core.Section("broken", "x", 1, broken))
    bundle = bundles.bundle_request(actor=dpo, inspection=notified)
    failed = bundles.bundle_build(bundle_id=bundle.pk)
    assert failed.status == BundleStatus.FAILED and "disk full" in failed.error
    assert not failed.file
    assert AuditEvent.objects.filter(action="inspection.bundle.failed").exists()
    # The organisation may try again: a failed bundle is not "in the making".
    again = bundles.bundle_request(actor=dpo, inspection=notified)
    assert again.pk != bundle.pk
