"""Fixtures of the consent tests: a register activity or two and a published notice."""

import pytest

from consents import services
from dossiers.models import ProcessingActivity

WEB_EVIDENCE = {"ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (test)"}


def make_activity(org, name="Bán hàng trực tuyến", **fields):
    defaults = {
        "purpose": "Giao hàng và chăm sóc khách hàng",
        "role": "controller",
        "basic_data_types": ["birth_name", "phone"],
        "sensitive_data_types": [],
    }
    defaults.update(fields)
    return ProcessingActivity.objects.create(organization=org, name=name, **defaults)


def make_notice(org, *, publish=True, marketing_types=("location",), valid_months=None):
    """Publish the two-purpose notice; ``valid_months`` ({code: months}) states periods."""
    valid_months = valid_months or {}
    sales = make_activity(org)
    ads = make_activity(org, "Quảng cáo theo vị trí", sensitive_data_types=list(marketing_types))
    notice = services.notice_create(
        actor="test",
        organization=org,
        title_vi="Điều khoản xử lý dữ liệu khách hàng",
        title_en="Customer data notice",
        text_vi="Chúng tôi xử lý họ tên và số điện thoại để giao hàng.",
        text_en="We process your name and phone number to deliver your orders.",
        purposes=[
            {
                "code": "delivery",
                "label_vi": "Giao hàng",
                "label_en": "Delivery",
                "activity": sales,
                "valid_months": valid_months.get("delivery"),
            },
            {
                "code": "ads",
                "label_vi": "Quảng cáo theo vị trí",
                "label_en": "Location ads",
                "activity": ads,
                "marketing": True,
                "valid_months": valid_months.get("ads"),
            },
        ],
    )
    if publish:
        notice = services.notice_publish(actor="test", notice=notice)
    return notice


def record_data(**overrides):
    data = {
        "notice_version": 1,
        "identifier_kind": "email",
        "identifier": "An.Nguyen@Example.vn",
        "decisions": {"delivery": "given", "ads": "refused"},
        "method": "electronic",
        "evidence": dict(WEB_EVIDENCE),
        "collection_point": "website",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Organisations and notices are made again in every test, with ids a previous test used.
    services.forget()
    yield
    services.forget()


@pytest.fixture
def notice(org):
    return make_notice(org)
