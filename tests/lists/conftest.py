import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import login
from tests.lists.world import World

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 09:30 Vietnam time: a calendar year the clock knows.
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)


@pytest.fixture
def world(dpo, regulator):
    with time_machine.travel(NOW, tick=False):
        yield World(dpo, regulator, NOW)


@pytest.fixture
def dpo_client(client, dpo):
    return login(client, dpo)


@pytest.fixture
def regulator_client(regulator):
    from django.test import Client

    return login(Client(), regulator)
