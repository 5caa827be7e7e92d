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
    staff.goto(
        f"{live_server.url}/consents/{org.pk}/subject/?kind=email&identifier=an.nguyen@example.vn"
    )
    assert (
        staff.locator("[data-purpose=delivery] [data-testid=current]").inner_text() == "Đã rút lại"
    )
    staff.screenshot(path=artifacts / "consents-subject.png", full_page=True)
    staff.goto(f"{live_server.url}/consents/{org.pk}/stats/")
    staff.screenshot(path=artifacts / "consents-stats.png", full_page=True)
    (artifacts / "consents-receipt.pdf").write_bytes(
        __import__("consents.documents", fromlist=["x"]).receipt_pdf(record)
    )
