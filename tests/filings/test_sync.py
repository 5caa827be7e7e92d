"""The filings core follows the apps' own writes: one Filing per filed object, its timeline and
its clocks, in the same transaction, without the apps' services knowing."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from breaches import services as breaches
from certification import services as certification
from dossiers import services as dossiers
from pdp_portal.clock.models import Deadline
from pdp_portal.filings import registry
from pdp_portal.filings.models import Filing, FilingEvent
from tests.breaches.conftest import make_breach
from tests.dossiers.conftest import make_ready

pytestmark = pytest.mark.django_db


def filing_of(obj) -> Filing:
    ct = ContentType.objects.get_for_model(obj)
    return Filing.objects.get(content_type=ct, object_id=obj.pk)


def test_every_kind_is_registered_by_its_app():
    codes = {k.code for k in registry.kinds()}
    assert codes >= {"breach", "dossier", "application", "certificate_change"}
    assert registry.kind_for_model("breaches.Breach").code == "breach"
    assert registry.kind_for_model("dossiers.dossier").code == "dossier"
    watched = {kind.code for kind, _map in registry.watchers("dossiers.DossierVersion")}
    assert watched == {"dossier"}
    with pytest.raises(ValueError):
        registry.register(
            registry.FilingKind(**{**registry.get_kind("breach").__dict__, "label": "x"})
        )


def test_a_draft_is_never_a_filing(org, dpo, at_now):
    breach = make_breach(org, dpo)
    dossier = make_ready(org, dpo)
    assert not Filing.objects.exists()
    breaches.breach_submit(actor=dpo, breach=breach)
    assert list(Filing.objects.values_list("kind", flat=True)) == ["breach"]
    assert not Filing.objects.filter(object_id=dossier.pk, kind="dossier").exists()


def test_a_breach_filing_follows_the_review(org, dpo, regulator, at_now):
    breach = make_breach(org, dpo)
    breaches.breach_submit(actor=dpo, breach=breach)
    filing = filing_of(breach)
    assert (filing.status, filing.app_status, filing.reference) == (
        "submitted",
        "received",
        breach.reference,
    )
    assert filing.title == breach.summary
    request = breaches.breach_request_info(actor=regulator, breach=breach, message="Gửi nhật ký.")
    filing.refresh_from_db()
    assert filing.status == "awaiting_organisation"
    breaches.breach_submit(actor=dpo, breach=breach, note="Nhật ký", answers_request=request)
    breaches.breach_review_close(actor=regulator, breach=breach)
    filing.refresh_from_db()
    assert filing.status == "closed"
    events = list(filing.events.values_list("kind", "version", "note"))
    assert events == [
        ("submitted", 1, ""),
        ("more_requested", None, "Gửi nhật ký."),
        ("answered", 2, "Nhật ký"),
        ("closed", None, ""),
    ]
    assert filing.last_activity_at == filing.events.last().at


def test_a_dossier_filing_carries_the_agency_review_clock(org, dpo, regulator, at_now):
    dossier = make_ready(org, dpo)
    version = dossiers.dossier_submit(actor=dpo, dossier=dossier)
    filing = filing_of(dossier)
    review = Deadline.objects.get(rule="dossier.review", object_id=str(version.pk))
    # Decree 356 Art. 18(5): the agency's 15 days, as the clock computed them.
    assert filing.agency_due_at == review.due_at
    assert filing.organisation_due_at is None
    dossiers.dossier_request_completion(actor=regulator, dossier=dossier, reasons="Thiếu hợp đồng")
    filing.refresh_from_db()
    complete = Deadline.objects.get(rule="dossier.complete", object_id=str(dossier.pk))
    assert (filing.status, filing.agency_due_at) == ("awaiting_organisation", None)
    assert filing.organisation_due_at == complete.due_at
    dossiers.dossier_submit(actor=dpo, dossier=dossier)
    dossiers.dossier_accept(actor=regulator, dossier=dossier)
    filing.refresh_from_db()
    assert filing.status == "decided" and filing.agency_due_at is None
    kinds = list(filing.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "more_requested", "answered", "decided"]


def test_a_rolled_back_write_leaves_no_filing(org, dpo, at_now):
    breach = make_breach(org, dpo)
    with pytest.raises(RuntimeError), transaction.atomic():
        breaches.breach_submit(actor=dpo, breach=breach)
        assert Filing.objects.filter(kind="breach").exists()
        raise RuntimeError
    assert not Filing.objects.exists()


def test_an_application_filing_runs_on_the_check_clock(org, dpo, regulator, three):
    _breach, _dossier, application = three
    filing = filing_of(application)
    check = Deadline.objects.get(rule="certificate.check", object_id=str(application.pk))
    assert filing.agency_due_at == check.due_at and filing.status == "submitted"
    certification.application_request_supplement(
        actor=regulator, application=application, message="Thiếu bằng cấp"
    )
    filing.refresh_from_db()
    assert filing.status == "awaiting_organisation" and filing.organisation_due_at is not None


@pytest.mark.parametrize(
    ("module", "label"),
    [
        ("breaches.migrations.0003_carry_breaches_into_filings", "breaches.Breach"),
        ("dossiers.migrations.0005_carry_dossiers_into_filings", "dossiers.Dossier"),
        (
            "certification.migrations.0003_carry_applications_into_filings",
            "certification.Application",
        ),
    ],
)
def test_the_data_migration_carries_what_was_filed_before(module, label, regulator, three):
    breach, dossier, _application = three
    breaches.breach_request_info(actor=regulator, breach=breach, message="Thêm")
    dossiers.dossier_request_completion(actor=regulator, dossier=dossier, reasons="Thêm")
    model = apps.get_model(label)
    ct = ContentType.objects.get_for_model(model)
    before = {
        f.object_id: (f.status, f.app_status, f.reference, f.agency_due_at, f.organisation_due_at)
        for f in Filing.objects.filter(content_type=ct)
    }
    timeline = set(
        FilingEvent.objects.filter(filing__content_type=ct).values_list("source", "kind")
    )
    assert before and timeline
    Filing.objects.filter(content_type=ct).delete()  # as before the filings core existed
    importlib.import_module(module).forwards(apps, None)
    importlib.import_module(module).forwards(apps, None)  # twice changes nothing
    after = {
        f.object_id: (f.status, f.app_status, f.reference, f.agency_due_at, f.organisation_due_at)
        for f in Filing.objects.filter(content_type=ct)
    }
    assert after == before
    assert (
        set(FilingEvent.objects.filter(filing__content_type=ct).values_list("source", "kind"))
        == timeline
    )
