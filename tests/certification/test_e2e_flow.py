"""Browser test: a DPO submits Form 04, the agency finds it complete and grants; anyone verifies."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from certification.models import Application, Certificate
from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS
from tests.factories import make_totp

from .conftest import make_application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _session(user) -> str:
    device = make_totp(user)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store.create()
    return store.session_key


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield b
        b.close()


def _page(browser, live_server, user=None):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    if user is not None:
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": _session(user), "domain": host, "path": "/"}]
        )
    return context.new_page()


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
