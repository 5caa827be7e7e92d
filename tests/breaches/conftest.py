import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from breaches import services
from tests import factories

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 March 2026, 09:30 Vietnam time: a calendar year the clock knows.
DISCOVERED = dt.datetime(2026, 3, 2, 9, 30, tzinfo=VN)

COMPLETE = dict(
    location="Trung tâm dữ liệu Hòa Lạc, Hà Nội",
    acts="Kho lưu trữ sao lưu để truy cập công khai; bên ngoài tải xuống tệp.",
    parties_involved="Công ty TNHH Lưu trữ Mây Xanh",
    discovery_method="Cảnh báo của hệ thống giám sát",
    consequences="Nguy cơ lừa đảo qua điện thoại nhắm vào khách hàng.",
    measures_taken="Khóa truy cập công khai; thay khóa truy cập.",
    measures_proposed="Kiểm toán độc lập cấu hình hạ tầng.",
    subject_guidance="Không cung cấp mã OTP cho bất kỳ ai.",
    record_count=120_000,
)


@pytest.fixture(autouse=True)
def _primary_contacts(db, request):
    """Give the persona organisations their primary DPO contact (Decree 356 Art. 28(1)(b))."""
    for organization in factories.persona_organizations(request):
        factories.make_contact(organization, email="lan.nguyen@example.vn")


@pytest.fixture
def at_discovery():
    """Freeze the clock one hour after DISCOVERED; move it with .move_to(...)."""
    with time_machine.travel(DISCOVERED + dt.timedelta(hours=1), tick=False) as traveller:
        yield traveller


def make_breach(organization, actor, *, complete=True, **fields):
    data = dict(
        summary="Lộ cơ sở dữ liệu khách hàng do cấu hình sai kho lưu trữ đám mây.",
        discovered_at=DISCOVERED,
        basic_data_types=["name", "identifiers"],
        subject_count=45_000,
        harms_data_subjects=True,
    )
    if complete:
        data.update(COMPLETE)
    data.update(fields)
    return services.breach_record(actor=actor, organization=organization, **data)
