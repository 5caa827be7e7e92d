"""Browser test: a data subject files and confirms a request; a DPO responds and extends; the data
subject sees both on the tracking page. Screenshots under test-artifacts/."""

import re

import pytest

from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_render
from subjects_rights.models import RightsRequest, Status
from tests.browser import DESKTOP, log_in_with_totp, shoot
from tests.factories import make_lan, make_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_page(browser):
    """Return a function that opens a page in a fresh context (no cookies); close them after."""
    contexts = []

    def _new():
        context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def lan(db):
    """The DPO of a realistic organisation, with a password and a TOTP device."""
    user = make_lan(email="lienhe@hoasen.example.vn")
    user.device = make_totp(user)
    return user


def test_file_confirm_respond_extend_and_track(live_server, new_page, lan):
    base = live_server.url
    org = lan.org

    # 1. The data subject fills in the public form.
    subject = new_page()
    subject.goto(f"{base}/r/{org.slug}/")
    subject.check("input[name=request_type][value=copy]")
    subject.fill("#id_full_name", "Trần Thị Bình")
    subject.fill("#id_email", "binh@example.vn")
    subject.fill("#id_phone", "0912 345 678")
    subject.select_option("#id_relationship", "customer")
    subject.fill("#id_description", "Xin gửi cho tôi bản sao dữ liệu về đơn hàng của tôi năm 2025.")
    shoot(subject, "rights-1-form")
    subject.click("form.card button[type=submit]")
    subject.wait_for_url(f"**/r/{org.slug}/sent/")
    assert "kiểm tra thư điện tử" in subject.locator("h1").inner_text()
    shoot(subject, "rights-2-sent")

    # 2. The confirmation link from the e-mail that was sent (the outbox row is the e-mail).
    request = RightsRequest.objects.get()
    mail = outbox_render(OutboxMessage.objects.get(key=f"rights.confirm:{request.pk}"))
    assert mail.recipient == "binh@example.vn"
    link = re.search(r"https?://[^/\s]+(/r/confirm/[^/\s]+/)", mail.body_text).group(1)
    subject.goto(base + link)
    shoot(subject, "rights-3-confirm")
    subject.click("main form button[type=submit]")
    subject.wait_for_url("**/track/*/")
    tracking_url = subject.url
    assert subject.get_by_test_id("status").inner_text().endswith("Đã tiếp nhận")
    assert subject.locator("[data-rule='rights.respond']").count() == 1
    assert (
        "Nghị định 356/2025 Điều 5 khoản 3"
        in subject.locator("[data-rule='rights.access.fulfil']").inner_text()
    )
    pdf = subject.request.get(
        base + subject.get_by_test_id("acknowledgement").get_attribute("href")
    )
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    shoot(subject, "rights-4-tracking-received")

    # 3. The DPO logs in with password and TOTP, responds, then extends.
    dpo = new_page()
    log_in_with_totp(dpo, base, "lan", lan.device)
    dpo.wait_for_url(f"{base}/")
    dpo.goto(f"{base}/requests/")
    dpo.click(f"text={request.reference}")
    dpo.wait_for_url(f"**/requests/{request.pk}/")
    respond = dpo.locator("form[action$='/respond/']")
    assert request.reference in respond.locator("textarea[name=body]").input_value()
    respond.locator("textarea[name=body]").fill(
        "Chào chị Bình, chúng tôi sẽ gửi bản sao dữ liệu đơn hàng năm 2025 qua thư điện tử."
    )
    respond.locator("button[type=submit]").click()
    dpo.wait_for_url(f"**/requests/{request.pk}/")
    assert dpo.get_by_test_id("status").inner_text() == "Đã phản hồi"
    dpo.click("details.action summary:has-text('Gia hạn')")
    extend = dpo.locator("form[action$='/extend/']")
    extend.locator("input[name=days]").fill("5")
    extend.locator("textarea[name=reason]").fill(
        "Dữ liệu đơn hàng năm 2025 nằm ở hệ thống lưu trữ cũ, cần thêm thời gian trích xuất."
    )
    extend.locator("button[type=submit]").click()
    dpo.wait_for_url(f"**/requests/{request.pk}/")
    fulfil_clock = dpo.locator("[data-rule='rights.access.fulfil']")
    assert "Gia hạn 5 ngày" in fulfil_clock.inner_text()
    shoot(dpo, "rights-5-dpo-request")

    # 4. The data subject sees the response and the extension, with its reason, on the tracking page.
    subject.goto(tracking_url)
    assert subject.get_by_test_id("status").inner_text().endswith("Đã phản hồi")
    response = subject.locator(".msg[data-kind=response]")
    assert "bản sao dữ liệu đơn hàng năm 2025" in response.inner_text()
    extension = subject.locator(".msg[data-kind=extension]")
    assert "hệ thống lưu trữ cũ" in extension.inner_text()
    clock = subject.locator("[data-rule='rights.access.fulfil']").inner_text()
    assert "Đã gia hạn 5 ngày" in clock and "hệ thống lưu trữ cũ" in clock
    assert "đã thực hiện lúc" in subject.locator("[data-rule='rights.respond']").inner_text()
    shoot(subject, "rights-6-tracking-responded")

    request.refresh_from_db()
    assert request.status == Status.RESPONDED and request.extension_days == 5
