"""Browser test: a DPO records a breach, completes it, submits Form 08; the regulator acknowledges."""

import datetime as dt

import pytest
from django.utils import timezone

from breaches.models import Breach
from tests.browser import signed_in_page

from .conftest import COMPLETE
from .test_api import PDF_HEAD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user):
    return signed_in_page(browser, live_server, user)


def test_record_submit_and_acknowledge(
    browser, live_server, org, dpo, regulator, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = _page(browser, live_server, dpo)
    page.goto(f"{live_server.url}/breaches/new/")
    page.fill("#id_summary", "Lộ dữ liệu vị trí qua API ứng dụng")
    discovered = timezone.localtime() - dt.timedelta(hours=2)
    page.fill("#id_discovered_at", discovered.strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=basic_data_types][value=name]")
    page.check("input[name=sensitive_data_types][value=location]")
    page.fill("#id_subject_count", "1800")
    page.check("#id_harms_data_subjects")
    page.click(".card form button[type=submit]")
    page.wait_for_url("**/breaches/*/")
    assert page.locator("[data-rule='breach.notify_agency'] .countdown").count() == 1
    page.wait_for_timeout(1100)  # the live countdown has ticked
    assert "còn" in page.locator("[data-rule='breach.notify_agency'] .countdown").inner_text()

    breach = Breach.objects.get()
    page.goto(f"{live_server.url}/breaches/{breach.pk}/edit/")
    for name, value in COMPLETE.items():
        page.fill(f"#id_{name}", str(value))
    page.click(".card form button[type=submit]")
    page.wait_for_url(f"**/breaches/{breach.pk}/")
    # Two documents enclosed; the second is removed again before anything is sent.
    for name in ("bien-ban-su-co.pdf", "ban-nhap.pdf"):
        page.set_input_files(
            "#id_file", {"name": name, "mimeType": "application/pdf", "buffer": PDF_HEAD}
        )
        page.fill("#id_description", "" if name == "ban-nhap.pdf" else "Biên bản sự cố")
        page.click("#attachments form[enctype] button[type=submit]")
        page.wait_for_url(f"**/breaches/{breach.pk}/")
    page.locator("#attachments li", has_text="ban-nhap.pdf").locator("button").click()
    page.wait_for_url(f"**/breaches/{breach.pk}/#attachments")
    assert page.locator("#attachments li").count() == 1
    page.goto(f"{live_server.url}/breaches/{breach.pk}/submit/")
    page.fill("#id_signer_name", "Trần Văn Minh")
    page.click(".card form button[type=submit]")
    page.wait_for_url(f"**/breaches/{breach.pk}/")
    assert "VP-" in page.locator("table a[href$='v1.pdf']").inner_text()
    assert "Mẫu số 08" in page.locator("#attachments li").inner_text()  # sent: no remove button
    assert page.locator("#attachments li button").count() == 0
    page.locator("#attachments").screenshot(path=artifacts / "breach-attachments.png")

    reviewer = _page(browser, live_server, regulator)
    reviewer.goto(f"{live_server.url}/regulator/breaches/")
    reviewer.click(f"text={breach.reference}")
    reviewer.wait_for_url("**/regulator/breaches/*/")
    assert reviewer.locator("#attachments li").all_inner_texts()[0].startswith("bien-ban-su-co.pdf")
    with reviewer.expect_download() as download:
        reviewer.click("#attachments a")
    assert download.value.suggested_filename == "bien-ban-su-co.pdf"
    assert open(download.value.path(), "rb").read() == PDF_HEAD
    reviewer.screenshot(path=artifacts / "breach-regulator-detail.png", full_page=True)
    reviewer.click("button[formaction$='acknowledge/']")
    reviewer.wait_for_load_state()
    assert reviewer.locator("[data-review]").get_attribute("data-review") == "acknowledged"
    breach.refresh_from_db()
    assert breach.review_status == "acknowledged" and breach.status == "notified"
