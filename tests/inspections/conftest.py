import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from inspections import services
from inspections.models import Content, Ground, Kind
from tests.factories import make_regulator

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday in a confirmed calendar year.
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)


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


@pytest.fixture
def inspection(org, dpo, inspector, clock):
    return open_inspection(org, inspector)


@pytest.fixture
def notified(inspection, inspector):
    return services.inspection_notify(actor=inspector, inspection=inspection)
