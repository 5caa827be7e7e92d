"""Browser: a data subject sees and withdraws a consent; the DPO's pages; screenshots of each."""

import re

import pytest

from consents import services
from pdp_portal.notices.models import OutboxMessage
from tests.browser import signed_in_page

from .conftest import make_notice, record_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_subject_sees_and_withdraws_a_consent(browser, live_server, page, org, dpo, artifacts):
    make_notice(org)
    record, _ = services.consent_record(actor="test", organization=org, **record_data())
    page.goto(f"{live_server.url}/consent/{org.slug}/")
    page.screenshot(path=artifacts / "consents-ask.png", full_page=True)
    page.fill("#email", "an.nguyen@example.vn")
    page.click("form.stack button[type=submit]")
    assert page.locator("[data-testid=sent]").count() == 1
    body = OutboxMessage.objects.filter(template="consents_access").latest("id").body_text
    link = re.search(r"https?://\S+", body).group(0)
    page.goto(live_server.url + "/" + link.split("//", 1)[1].split("/", 1)[1])
    page.click("[data-testid=confirm]")
    assert page.locator("[data-purpose=delivery][data-decision=given]").count() == 1
    page.screenshot(path=artifacts / "consents-mine.png", full_page=True)
    page.click("[data-testid=withdraw-delivery]")
    assert page.locator("[data-purpose=delivery][data-decision=withdrawn]").count() == 1
    page.screenshot(path=artifacts / "consents-withdrawn.png", full_page=True)
    page.click("[data-testid=receipt] >> nth=-1")
    page.screenshot(path=artifacts / "consents-receipt.png", full_page=True)
    page.goto(f"{live_server.url}/consent/verify/")
    page.fill("#receipt", record.receipt)
    page.click("form.stack button[type=submit]")
    assert page.locator("[data-outcome=valid]").count() == 1
    page.screenshot(path=artifacts / "consents-verify.png", full_page=True)

    staff = signed_in_page(browser, live_server, dpo)
    staff.goto(f"{live_server.url}/consents/")
    staff.screenshot(path=artifacts / "consents-index.png", full_page=True)
    staff.goto(f"{live_server.url}/consents/")
    staff.fill(f"#identifier-{org.pk}", "an.nguyen@example.vn")
    staff.click(f"form[action='/consents/{org.pk}/subject/'] button[type=submit]")
    assert "identifier" not in staff.url
    assert (
        staff.locator("[data-purpose=delivery] [data-testid=current]").inner_text() == "Đã rút lại"
    )
    staff.screenshot(path=artifacts / "consents-subject.png", full_page=True)
    staff.goto(f"{live_server.url}/consents/{org.pk}/stats/")
    staff.screenshot(path=artifacts / "consents-stats.png", full_page=True)
    (artifacts / "consents-receipt.pdf").write_bytes(
        __import__("consents.documents", fromlist=["x"]).receipt_pdf(record)
    )


def test_the_dpo_drafts_a_notice_and_enters_a_paper_consent(
    browser, live_server, org, dpo, artifacts
):
    from .conftest import make_activity

    activity = make_activity(org)
    notice = make_notice(org)
    staff = signed_in_page(browser, live_server, dpo)
    staff.goto(f"{live_server.url}/consents/{org.pk}/notices/new/")
    staff.fill("#id_title_vi", "Bản tin khuyến mãi")
    staff.fill("#id_text_vi", "Chúng tôi gửi bản tin khuyến mãi hằng tháng.")
    staff.fill("#id_p-0-code", "newsletter")
    staff.fill("#id_p-0-label_vi", "Nhận bản tin")
    staff.select_option("#id_p-0-activity", str(activity.pk))
    staff.check("#id_p-0-marketing")
    staff.fill("#id_p-0-valid_months", "24")
    staff.screenshot(path=artifacts / "consents-notice-form.png", full_page=True)
    staff.click("main form button[type=submit]")
    staff.wait_for_url("**/consents/")
    staff.click("[data-testid=publish]")
    staff.wait_for_url("**/consents/")
    assert staff.locator("[data-testid=publish]").count() == 0
    assert staff.locator("[data-testid=valid-months]").first.inner_text() == "24 tháng"
    staff.screenshot(path=artifacts / "consents-index-published.png", full_page=True)
    staff.goto(f"{live_server.url}/consents/{org.pk}/record/?notice={notice.pk}")
    staff.screenshot(path=artifacts / "consents-record-form.png", full_page=True)
    staff.goto(f"{live_server.url}/consents/{org.pk}/keys/")
    staff.fill("#id_name", "shop.vn")
    staff.click("main form.card button[type=submit]")
    assert staff.locator("[data-testid=secret]").count() == 1
    staff.screenshot(path=artifacts / "consents-keys.png", full_page=True)


def test_an_expired_link_asks_for_a_new_one_in_its_language(page, live_server, org, artifacts):
    from consents import access
    from consents.models import SubjectAccess

    make_notice(org)
    access.access_request(organization=org, email="an@example.vn", language="en")
    body = OutboxMessage.objects.filter(template="consents_access").latest("id").body_text
    link = re.search(r"https?://\S+", body).group(0)
    SubjectAccess.objects.update(expires_at=SubjectAccess.objects.get().created_at)
    access.access_sweep()
    page.goto(live_server.url + "/" + link.split("//", 1)[1].split("/", 1)[1])
    assert page.locator("[data-testid=expired]").inner_text() == "This link has expired"
    page.screenshot(path=artifacts / "consents-link-expired.png", full_page=True)
    page.fill("#email", "an@example.vn")
    page.click("[data-testid=ask-again]")
    assert page.locator("[data-testid=sent]").count() == 1
    assert SubjectAccess.objects.get().language == "en"
    page.screenshot(path=artifacts / "consents-link-sent-again.png", full_page=True)
