from datetime import date

import pytest
from django.utils import translation

from pdp_portal.organizations.applicability import applicability
from pdp_portal.organizations.models import Organization

IN_2026 = date(2026, 3, 2)


def findings(today=IN_2026, **fields) -> dict:
    org = Organization(**{"roles": ["controller"], **fields})
    return {f.topic: f for f in applicability(org, today=today)}


def test_a_micro_enterprise_is_exempt_from_the_processing_dossier_and_dpo():
    f = findings(size_class="micro")
    assert not f["processing_dossier"].applies
    assert not f["processing_dossier"].optional
    assert "Điều 41" in f["processing_dossier"].basis
    assert not f["protection_staff"].applies


def test_a_household_business_is_exempt_too():
    assert not findings(size_class="household")["processing_dossier"].applies


def test_the_art_41_relief_never_covers_cross_border_transfers():
    assert findings(size_class="micro")["transfer_dossier"].applies


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"processes_sensitive_data": True}, "nhạy cảm"),
        ({"provides_processing_services": True}, "cung cấp dịch vụ"),
        ({"data_subject_count": 100_000}, "100.000"),
    ],
)
@pytest.mark.parametrize("size", ["micro", "small", "startup", "household"])
def test_the_relief_is_lost_and_it_says_why(size, fields, why):
    f = findings(size_class=size, **fields)
    assert f["processing_dossier"].applies
    assert not f["processing_dossier"].optional
    assert why in f["processing_dossier"].reason
    assert f["protection_staff"].applies


def test_99_999_subjects_keep_the_relief():
    assert not findings(size_class="micro", data_subject_count=99_999)["processing_dossier"].applies


def test_a_small_enterprise_with_ordinary_data_may_choose():
    f = findings(size_class="small")
    assert f["processing_dossier"].optional
    assert f["protection_staff"].optional
    assert "5 năm" in f["processing_dossier"].reason


def test_a_small_enterprises_choice_ends_after_five_years():
    assert findings(size_class="small", today=date(2030, 12, 31))["processing_dossier"].optional
    f = findings(size_class="small", today=date(2031, 1, 1))
    assert f["processing_dossier"].applies
    assert not f["processing_dossier"].optional
    assert f["protection_staff"].applies


def test_a_state_agency_is_exempt_from_both_dossiers():
    f = findings(size_class="other", is_state_agency=True, processes_sensitive_data=True)
    assert not f["processing_dossier"].applies
    assert "21(6)" in f["processing_dossier"].basis
    assert not f["transfer_dossier"].applies
    assert "20(6)" in f["transfer_dossier"].basis
    # Law Art. 33(2) still asks for protection staff.
    assert f["protection_staff"].applies


@pytest.mark.parametrize("size", ["large", "medium"])
def test_a_large_or_medium_enterprise_must_do_everything(size):
    f = findings(size_class=size)
    assert all(x.applies and not x.optional for x in f.values())


def test_a_processor_is_told_the_dossier_follows_its_agreement_with_the_controller():
    f = findings(size_class="large", roles=["processor"])
    assert "21(3)" in f["processing_dossier"].reason


@pytest.mark.parametrize(
    "fields",
    [
        {"size_class": "micro"},
        {"size_class": "small"},
        {"size_class": "large"},
        {"size_class": "other", "is_state_agency": True},
    ],
)
def test_every_legal_basis_reads_in_the_users_language(fields):
    with translation.override("en"):
        english = findings(**fields)
    vietnamese = findings(**fields)
    for topic, finding in english.items():
        assert finding.basis.startswith("Law 91/2025 Art. "), finding.basis
        assert "Điều" not in finding.basis
        assert vietnamese[topic].basis.startswith("Luật 91/2025 Điều ")
