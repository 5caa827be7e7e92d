import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inspections import services
from inspections.models import Content, Ground, Kind, RemediationItem
from tests.factories import make_regulator

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday in a confirmed calendar year.
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)
# The morning of the start date open_inspection gives.
START_DAY = dt.datetime(2026, 3, 17, 8, 0, tzinfo=VN)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def inspector(db):
    return make_regulator("inspector", first_name="Minh", last_name="Trần")


@pytest.fixture
def other_regulator(db):
    return make_regulator("bystander")


def open_inspection(org, inspector, **overrides):
    values = {
        "actor": inspector,
        "organization": org,
        "kind": Kind.REGULAR,
        "ground": Ground.STATE_MANAGEMENT,
        "contents": [c.value for c in Content],
        "decision_number": "123/QĐ-A05",
        "decision_date": dt.date(2026, 3, 1),
        "start_date": dt.date(2026, 3, 17),
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 2, 28),
        "team": [inspector],
        "requirements": "Chuẩn bị sổ đăng ký và nhật ký yêu cầu.",
    }
    values.update(overrides)
    return services.inspection_open(**values)


def issue_findings(inspection, inspector, clock, findings, conclusion="Kết luận."):
    """Start ``inspection`` on its start date, record ``findings`` (each finding_add's keyword
    arguments) and issue them with ``conclusion``; return the measures to remedy."""
    clock.move_to(START_DAY)
    services.inspection_start(actor=inspector, inspection=inspection)
    for finding in findings:
        services.finding_add(actor=inspector, inspection=inspection, **finding)
    services.inspection_issue_findings(
        actor=inspector, inspection=inspection, conclusion=conclusion
    )
    return RemediationItem.objects.filter(inspection=inspection)


@pytest.fixture
def inspection(org, dpo, inspector, clock):
    return open_inspection(org, inspector)


@pytest.fixture
def notified(inspection, inspector):
    return services.inspection_notify(actor=inspector, inspection=inspection)
