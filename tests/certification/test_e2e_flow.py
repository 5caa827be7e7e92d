"""Browser test: a DPO submits Form 04, the agency finds it complete and grants; anyone verifies."""

import pytest

from certification.models import Application, Certificate
from tests.browser import ARTIFACTS, signed_in_page

from .conftest import make_application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user=None):
    return signed_in_page(browser, live_server, user)


def test_apply_grant_and_verify(browser, live_server, org, dpo, regulator):
    ARTIFACTS.mkdir(exist_ok=True)
    application = make_application(org, dpo)
    page = _page(browser, live_server, dpo)
    page.goto(f"{live_server.url}/certification/{application.pk}/")
    assert "3/3 nhân sự đủ điều kiện" in page.content()
    page.screenshot(path=str(ARTIFACTS / "certification-application.png"), full_page=True)
    page.click("#submit button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-rule='certificate.check']").count() == 1
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED

    reviewer = _page(browser, live_server, regulator)
    reviewer.goto(f"{live_server.url}/regulator/certification/")
    reviewer.click(f"text={application.reference}")
    reviewer.wait_for_url("**/regulator/certification/applications/*/")
    reviewer.click("form[action$='complete/'] button")
    reviewer.wait_for_load_state()
    assert reviewer.locator("[data-rule='certificate.decide']").count() == 1
    reviewer.fill("#id_signer_name", "Nguyễn Văn An")
    reviewer.screenshot(path=str(ARTIFACTS / "certification-regulator.png"), full_page=True)
    reviewer.click("form[action$='grant/'] button")
    reviewer.wait_for_url("**/regulator/certification/certificates/*/")
    certificate = Certificate.objects.get()

    anonymous = _page(browser, live_server)
    anonymous.goto(f"{live_server.url}/verify/{certificate.number}/")
    assert anonymous.locator("#verdict").get_attribute("data-status") == "valid"
    assert "Giấy chứng nhận còn hiệu lực" in anonymous.locator("#verdict").inner_text()
    anonymous.screenshot(path=str(ARTIFACTS / "certification-verify.png"), full_page=True)
    anonymous.goto(f"{live_server.url}/registry/?q={org.tax_code}")
    assert anonymous.locator(f"[data-number='{certificate.number}']").count() == 1
    anonymous.screenshot(path=str(ARTIFACTS / "certification-registry.png"), full_page=True)
