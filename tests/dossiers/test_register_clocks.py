"""The register pre-fills the dossiers; exemptions; the dossier.file clock with its rule and due date."""

import datetime as dt

import pytest
from django.utils import translation

from dossiers import documents, services
from dossiers.catalogue import LAW_IN_FORCE, PROCESSING, TRANSFER
from dossiers.models import Dossier, RegisterChange
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadlines_for

from .conftest import STARTED, VN, make_register

pytestmark = pytest.mark.django_db


def _file_clock(org, kind=PROCESSING):
    dossier = Dossier.objects.get(organization=org, kind=kind)
    return dossier, deadlines_for(dossier).get(rule="dossier.file", status="open")


def test_first_activity_opens_the_file_clock_from_its_start_date(org, dpo, at_now):
    make_register(org, dpo)
    dossier, clock = _file_clock(org)
    start = dt.datetime.combine(STARTED, dt.time.min, VN)
    assert clock.started_at == start
    assert clock.due_at == compute("dossier.file", start, calendar="statutory").due_at
    assert clock.party == "organization"
    assert dossier.status == "draft"


def test_an_earlier_start_moves_the_clock_and_cancels_the_old_one(org, dpo, at_now):
    activity, _p = make_register(org, dpo)
    services.activity_save(
        actor=dpo, organization=org, activity=activity, started_on=dt.date(2026, 1, 20)
    )
    dossier, clock = _file_clock(org)
    assert clock.started_at == dt.datetime(2026, 1, 20, tzinfo=VN)
    assert deadlines_for(dossier).filter(rule="dossier.file", status="cancelled").count() == 1


def test_processing_before_the_law_counts_from_its_entry_into_force(org, dpo, at_now):
    activity, _p = make_register(org, dpo)
    services.activity_save(
        actor=dpo, organization=org, activity=activity, started_on=dt.date(2024, 5, 1)
    )
    _d, clock = _file_clock(org)
    assert clock.started_at == dt.datetime.combine(LAW_IN_FORCE, dt.time.min, VN)


def test_a_state_agency_is_told_it_is_exempt_and_gets_no_clock(org, dpo, at_now):
    org.is_state_agency = True
    org.save()
    make_register(org, dpo, transfer=True)
    assert not Deadline.objects.filter(rule="dossier.file").exists()
    for kind, basis in ((PROCESSING, "21(6)"), (TRANSFER, "20(6)(a)")):
        req = services.requirement(org, kind)
        assert not req.required and basis in req.basis


def test_a_micro_enterprise_is_exempt_unless_it_processes_sensitive_data(org, dpo, at_now):
    org.size_class = "micro"
    org.save()
    make_register(org, dpo)
    req = services.requirement(org, PROCESSING)
    assert not req.required and "Điều 41" in req.basis
    assert not Deadline.objects.filter(rule="dossier.file").exists()
    org.processes_sensitive_data = True
    org.save()
    services.register_sync(actor=dpo, organization=org)
    assert services.requirement(org, PROCESSING).required
    assert _file_clock(org)[1].rule == "dossier.file"


def test_a_small_enterprise_may_choose_and_gets_no_clock(org, dpo, at_now):
    org.size_class = "small"
    org.save()
    make_register(org, dpo)
    req = services.requirement(org, PROCESSING)
    assert req.optional and not req.required
    assert not Deadline.objects.filter(rule="dossier.file").exists()


def test_transfer_clock_runs_from_the_first_transfer(org, dpo, at_now):
    make_register(org, dpo, transfer=True)
    _d, clock = _file_clock(org, TRANSFER)
    start = dt.datetime(2026, 2, 20, tzinfo=VN)
    assert clock.started_at == start
    assert clock.due_at == compute("dossier.file", start, calendar="statutory").due_at


def test_an_exempt_transfer_needs_no_transfer_dossier(org, dpo, at_now):
    activity, _p = make_register(org, dpo)
    services.transfer_save(
        actor=dpo,
        organization=org,
        activity=activity,
        kind="cloud_abroad",
        country="Ireland",
        first_transfer_on=dt.date(2026, 2, 1),
        exemption="employees_cloud",
    )
    req = services.requirement(org, TRANSFER)
    assert not req.required and "Điều 20 khoản 6" in req.basis
    assert req.exemptions and "người lao động" in req.exemptions[0][1]
    # The exact point of the Law that grants it, in the reader's language.
    assert req.exemptions[0][1].endswith("(Luật 91/2025 Điều 20 khoản 6 điểm b)")
    with translation.override("en"):
        english = services.requirement(org, TRANSFER)
    assert english.exemptions[0][1].endswith("(Law 91/2025 Art. 20(6)(b))")
    assert english.basis == "Law 91/2025 Art. 20(6); Decree 356/2025 Art. 17(3)"
    assert not Dossier.objects.filter(organization=org, kind=TRANSFER).exists()


def test_a_new_dossier_is_prefilled_from_the_organisation_and_register(org, dpo, at_now):
    make_register(org, dpo)
    dossier = Dossier.objects.get(organization=org, kind=PROCESSING)
    s = documents.build_snapshot(dossier)
    assert s["organization"]["tax_code"] == org.tax_code
    assert s["dpo"]["name"] == "Nguyễn Thị Lan"
    assert s["roles"]["controller"] == [{"name": "Khách hàng", "count": 45_000}]
    assert s["basic_types"] == ["birth_name", "contact_address", "phone"]
    assert [p["name"] for p in s["parties"]["processor"]] == ["Công ty TNHH Lưu trữ Mây Xanh"]
    assert "Hộp kiểm đồng ý" in s["answers"]["consent"]
    assert "Lưu 5 năm" in s["answers"]["retention"]
    assert s["answers"]["business_description"] == "4791, 6312"
    assert s["large_scale"] is False


@pytest.mark.parametrize(
    ("basic", "sensitive", "large"),
    [(100_000, 0, False), (100_001, 0, True), (0, 10_000, False), (0, 10_001, True)],
)
def test_national_security_thresholds(basic, sensitive, large):
    assert documents.is_large_scale(basic, sensitive) is large


def test_register_writes_record_the_changes_of_decree_article_20(org, dpo, at_now):
    make_register(org, dpo)
    kinds = set(RegisterChange.objects.values_list("kind", flat=True))
    assert kinds == {"new_purpose", "parties"}


def test_bad_register_input_is_refused(org, dpo, at_now):
    with pytest.raises(services.ValidationError) as exc:
        services.activity_save(
            actor=dpo,
            organization=org,
            name="",
            purpose="",
            role="boss",
            subject_categories=[{"name": "Khách", "count": -1}],
            basic_data_types=["dna"],
            started_on=dt.date(2027, 1, 1),
        )
    assert {
        "name",
        "purpose",
        "role",
        "subject_categories",
        "basic_data_types",
        "started_on",
    } <= set(exc.value.message_dict)
