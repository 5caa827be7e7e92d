import itertools

import pytest

from breaches import services
from breaches.models import NOTIFY_AGENCY, NOTIFY_SUBJECTS, Breach, duties, required_rules
from pdp_portal.clock.counting import compute
from pdp_portal.clock.models import Deadline
from pdp_portal.organizations.models import Organization

from .conftest import DISCOVERED, make_breach

pytestmark = pytest.mark.django_db

ROLES = ["controller", "controller_processor", "third_party", "processor"]


def _expected(role, harm, locbio, finance):
    if role == "processor":
        return set()  # Law 23(1): a processor tells its controller; no clock of its own.
    rules = set()
    if harm or finance:  # Law 23(1); Decree 8(3)
        rules.add(NOTIFY_AGENCY)
    if finance:  # Decree 8(3): the subjects too
        rules.add(NOTIFY_SUBJECTS)
    if locbio and role in ("controller", "controller_processor"):  # Decree 29(1)(a)
        rules.add(NOTIFY_SUBJECTS)
    return rules


@pytest.mark.parametrize(
    ("role", "harm", "locbio", "finance"),
    list(itertools.product(ROLES, [False, True], [None, "location", "biometric"], [False, True])),
)
def test_clock_selection_for_every_combination(role, harm, locbio, finance):
    org = Organization(sectors=["finance"] if finance else [], roles=[role])
    sensitive = [locbio] if locbio else (["health"] if finance else [])
    breach = Breach(
        organization=org,
        acting_role=role,
        harms_data_subjects=harm,
        sensitive_data_types=sensitive,
    )
    assert required_rules(breach) == _expected(role, harm, bool(locbio), finance)
    codes = {d.code for d in duties(breach)}
    if role == "processor":
        assert codes == {"notify_controller"}
    # Every duty says why and on which article.
    assert all(d.reason and d.basis for d in duties(breach))


def test_public_interest_harm_alone_starts_the_agency_clock():
    breach = Breach(
        organization=Organization(), acting_role="controller", harms_public_interest=True
    )
    assert required_rules(breach) == {NOTIFY_AGENCY}


def test_finance_without_sensitive_data_starts_nothing():
    breach = Breach(
        organization=Organization(sectors=["finance"]),
        acting_role="controller",
        basic_data_types=["name"],
    )
    assert required_rules(breach) == set()


def test_location_without_harm_asks_for_a_report_without_a_clock():
    breach = Breach(
        organization=Organization(), acting_role="controller", sensitive_data_types=["location"]
    )
    assert required_rules(breach) == {NOTIFY_SUBJECTS}
    assert "report_agency" in {d.code for d in duties(breach)}


def test_recording_opens_the_clocks_from_discovery(org, dpo, at_discovery):
    breach = make_breach(org, dpo, sensitive_data_types=["biometric"])
    deadlines = {d.rule: d for d in services.breach_deadlines(breach).values()}
    assert set(deadlines) == {NOTIFY_AGENCY, NOTIFY_SUBJECTS}
    for rule, deadline in deadlines.items():
        assert deadline.started_at == DISCOVERED
        assert deadline.due_at == compute(rule, DISCOVERED, calendar=org.calendar).due_at
        assert deadline.status == Deadline.Status.OPEN


def test_changing_the_flags_cancels_and_opens_clocks(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    assert set(services.breach_deadlines(breach)) == {NOTIFY_AGENCY}
    services.breach_update(
        actor=dpo, breach=breach, harms_data_subjects=False, sensitive_data_types=["location"]
    )
    assert set(services.breach_deadlines(breach)) == {NOTIFY_SUBJECTS}
    cancelled = Deadline.objects.get(rule=NOTIFY_AGENCY, object_id=str(breach.pk))
    assert cancelled.status == Deadline.Status.CANCELLED


def test_correcting_discovery_restarts_the_running_clock(org, dpo, at_discovery):
    breach = make_breach(org, dpo)
    earlier = DISCOVERED.replace(hour=7)
    services.breach_update(actor=dpo, breach=breach, discovered_at=earlier)
    deadline = services.breach_deadlines(breach)[NOTIFY_AGENCY]
    assert deadline.started_at == earlier
    assert Deadline.objects.filter(object_id=str(breach.pk), status="cancelled").count() == 1


def test_a_processor_names_its_controller_and_runs_no_clock(org, dpo, at_discovery):
    breach = make_breach(
        org, dpo, acting_role="processor", controller_name="Ngân hàng TMCP Phương Nam"
    )
    assert services.breach_deadlines(breach) == {}
    services.breach_controller_notified(actor=dpo, breach=breach)
    breach.refresh_from_db()
    assert breach.controller_notified_at is not None
    with pytest.raises(Exception, match="bên kiểm soát"):
        services.breach_update(actor=dpo, breach=breach, controller_name="")
