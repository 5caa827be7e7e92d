"""The applicability engine, row by row: a fact pattern and the obligations it must give."""

import pytest

from dossiers.models import Recipient
from programme.catalogue import CATALOGUE, OBLIGATIONS
from programme.facts import gather, obligations_for
from tests.factories import make_organization

from .helpers import activity, ai_system, cloud_transfer, profile

pytestmark = pytest.mark.django_db

# Present for a medium controller with employees and nothing else (the defaults).
BASELINE = {
    "protection.designation",
    "protection.competence",
    "protection.confidentiality",
    "protection.training",
    "protection.policies",
    "protection.compliance_review",
    "protection.incidents",
    "workforce.recruitment",
    "workforce.employees",
    "workforce.monitoring",
}
FINANCE = {"finance.standards", "finance.assessment", "finance.logs", "finance.consent"}
AI = {"ai.notice", "ai.supervision", "ai.security", "ai.risk", "ai.assessment"}
BIG_DATA = {
    "big_data.policies",
    "big_data.training",
    "big_data.agreements",
    "big_data.notice",
    "big_data.security",
}
CLOUD_PROVIDER = {"cloud.measures", "cloud.provider", "cloud.assessment"}
SOCIAL = {"social.notice", "social.cookies", "social.no_id_images"}
RECORDING = {"recording.notice", "recording.retention"}
PROTECTION = BASELINE - {c for c in BASELINE if c.startswith("workforce.")}
WORKFORCE = BASELINE - PROTECTION


def build(org, *, profile_flags=None, sensitive=(), cloud=False, ai=None, recipient=None):
    if profile_flags is not None:
        profile(org, **profile_flags)
    if sensitive or recipient:
        act = activity(org, sensitive=sensitive)
        if recipient:
            role, country = recipient
            act.recipients.add(
                Recipient.objects.create(
                    organization=org, role=role, name="Đối tác", country=country
                )
            )
    if cloud:
        cloud_transfer(org)
    if ai is not None:
        ai_system(org, identifies=ai)


ROWS = [
    # (id, organisation fields, build arguments, expected codes)
    ("baseline", {}, {}, BASELINE),
    ("finance controller", {"sectors": ["finance"]}, {}, BASELINE | FINANCE),
    (
        "finance processor: no Art. 8(2) consent duty",
        {"sectors": ["finance"], "roles": ["processor"]},
        {},
        BASELINE | FINANCE - {"finance.consent"},
    ),
    ("AI system without identifying inferences", {}, {"ai": False}, BASELINE | AI),
    (
        "AI system whose inferences identify people",
        {},
        {"ai": True},
        BASELINE | AI | {"ai.inference"},
    ),
    (
        "AI as a processor: no Art. 10(3) notice",
        {"roles": ["processor"]},
        {"ai": False},
        BASELINE | AI - {"ai.notice"},
    ),
    ("big data", {}, {"profile_flags": {"big_data": True}}, BASELINE | BIG_DATA),
    (
        "blockchain",
        {},
        {"profile_flags": {"blockchain": True}},
        BASELINE | {"blockchain.crypto", "blockchain.off_chain", "blockchain.assessment"},
    ),
    ("cloud customer", {}, {"cloud": True}, BASELINE | {"cloud.measures", "cloud.contract"}),
    ("cloud provider", {}, {"profile_flags": {"cloud_provider": True}}, BASELINE | CLOUD_PROVIDER),
    (
        "health sector",
        {"sectors": ["health"]},
        {},
        BASELINE | {"health.consent", "health.no_sharing"},
    ),
    ("health data in the register", {}, {"sensitive": ["health"]}, BASELINE | {"health.consent"}),
    ("insurance", {"sectors": ["insurance"]}, {}, BASELINE | {"health.consent"}),
    (
        "advertising",
        {},
        {"profile_flags": {"advertising": True}},
        BASELINE | {"advertising.consent", "advertising.opt_out"},
    ),
    ("social media", {}, {"profile_flags": {"social_media": True}}, BASELINE | SOCIAL),
    ("location data", {}, {"sensitive": ["location"]}, BASELINE | {"location.tracking"}),
    ("biometric data", {}, {"sensitive": ["biometric"]}, BASELINE | {"biometric.security"}),
    (
        "a third party in Vietnam receives data",
        {},
        {"recipient": ("third_party", "")},
        BASELINE | {"transfer.agreement"},
    ),
    (
        "a controller in Vietnam receives sensitive data",
        {},
        {"recipient": ("controller", "Việt Nam"), "sensitive": ["political"]},
        BASELINE | {"transfer.agreement", "transfer.sensitive"},
    ),
    (
        "a processor or a recipient abroad: no Art. 7 agreement",
        {},
        {"recipient": ("processor", ""), "sensitive": ["political"]},
        BASELINE,
    ),
    (
        "recipient abroad only",
        {},
        {"recipient": ("third_party", "Singapore")},
        BASELINE,
    ),
    ("public recording", {}, {"profile_flags": {"public_recording": True}}, BASELINE | RECORDING),
    ("no employees", {}, {"profile_flags": {"has_employees": False}}, PROTECTION),
    (
        "micro enterprise: Art. 41 relief, no protection staff",
        {"size_class": "micro"},
        {},
        WORKFORCE,
    ),
    (
        "micro enterprise with sensitive data loses the relief",
        {"size_class": "micro", "processes_sensitive_data": True},
        {},
        BASELINE,
    ),
    (
        "small enterprise may choose: not required",
        {"size_class": "small"},
        {},
        WORKFORCE,
    ),
]


@pytest.mark.parametrize(
    ("org_fields", "build_args", "expected"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_each_fact_pattern_gives_its_obligations(org_fields, build_args, expected):
    org = make_organization(**org_fields)
    build(org, **build_args)
    applying = {f.obligation.code for f in obligations_for(org) if f.applies}
    assert applying == expected


def test_every_catalogue_entry_is_reached_by_some_row():
    reached = set().union(*(row[3] for row in ROWS)) | {
        "protection.provider_contract"  # test_a_protection_provider_brings_its_contract
    }
    assert reached == set(CATALOGUE)


def test_a_protection_provider_brings_its_contract():
    from pdp_portal.organizations.models import ProtectionContact

    org = make_organization()
    ProtectionContact.objects.create(
        organization=org, kind="provider", name="Công ty Bảo vệ DL", email="a@b.vn", phone="1"
    )
    finding = next(
        f for f in obligations_for(org) if f.obligation.code == "protection.provider_contract"
    )
    assert finding.applies
    assert "Công ty Bảo vệ DL" in finding.facts[0].text


def test_an_ended_cloud_transfer_no_longer_makes_a_cloud_customer():
    import datetime as dt

    org = make_organization()
    cloud_transfer(org, ended_on=dt.date(2026, 1, 5))
    assert not gather(org)["cloud_customer"].holds


def test_the_reasons_name_the_facts_both_ways():
    org = make_organization(sectors=["finance"])
    ai_system(org, name="Máy chấm điểm")
    findings = {f.obligation.code: f for f in obligations_for(org)}
    assert "Máy chấm điểm" in findings["ai.assessment"].facts[0].text
    why_not = " ".join(f.text for f in findings["blockchain.crypto"].facts)
    assert "chuỗi khối" in why_not


def test_every_entry_cites_an_article_and_has_both_languages():
    for o in OBLIGATIONS:
        assert o.basis_vi.startswith(("Nghị định 356/2025 Điều", "Luật 91/2025 Điều")), o.code
        assert o.basis_en.startswith(("Decree 356/2025 Art.", "Law 91/2025 Art.")), o.code
        assert o.text_vi and o.text_en and o.evidence
        assert (o.recurrence == "yearly") == bool(o.rule), o.code
