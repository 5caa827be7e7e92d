"""In Chromium: the agency opens and notifies an inspection; the DPO prepares the bundle."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from inspections.models import Bundle, Inspection
from pdp_portal.filings.bundle import INDEX_NAME
from tests.browser import signed_in_page
from tests.factories import PDF, add_member, make_organization, make_regulator, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_regulator_opens_an_inspection_and_the_dpo_prepares_the_bundle(
    live_server, browser, artifacts, celery_worker_process
):
    org = make_organization(name="Công ty Cổ phần Thương mại Hoa Sen", tax_code="0101234567")
    lan = make_user("lan", first_name="Lan", last_name="Nguyễn Thị")
    add_member(org, lan, "dpo")
    quang = make_regulator("quang", first_name="Quang", last_name="Đỗ")
    today = timezone.localdate()
    start = today + dt.timedelta(days=20)

    # 1. The agency records its decision and its team (Decree 356 Art. 31(1), (3), (4)).
    page = signed_in_page(browser, live_server, quang)
    page.goto(f"{live_server.url}/regulator/inspections/")
    page.get_by_test_id("new-inspection").click()
    page.select_option("#id_organization", str(org.pk))
    page.check("input[name=ground][value=state_management]")
    page.check("input[name=contents][value=compliance]")
    page.check("input[name=contents][value=impact_assessment]")
    page.fill("#id_requirements", "Chuẩn bị sổ đăng ký hoạt động xử lý và nhật ký yêu cầu.")
    page.fill("#id_decision_number", "12/QĐ-A05")
    page.fill("#id_decision_date", today.isoformat())
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_period_start", (today - dt.timedelta(days=180)).isoformat())
    page.fill("#id_period_end", today.isoformat())
    page.screenshot(path=artifacts / "inspection-new.png", full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/regulator/inspections/*/")
    inspection = Inspection.objects.get()
    page.get_by_test_id("notify").click()
    page.wait_for_load_state()
    assert "Đã thông báo cho đối tượng kiểm tra." in page.locator(".messages").inner_text()
    assert page.locator("[data-rule='inspection.notice']").is_visible()
    page.screenshot(path=artifacts / "inspection-regulator.png", full_page=True)

    # The team moves the start day: too early for the notice given is refused on the page with
    # what was typed kept; a later day is recorded and the organisation told.
    page.click("text=Đổi ngày bắt đầu kiểm tra")
    page.fill("#id_start_date", (today + dt.timedelta(days=3)).isoformat())
    page.fill("#id_reason", "Đoàn kiểm tra có lịch công tác đột xuất")
    page.get_by_test_id("reschedule").click()
    page.wait_for_load_state()
    form = page.locator("#reschedule")
    assert form.get_attribute("open") is not None
    assert "Điều 31 khoản 4" in form.inner_text()
    assert page.input_value("#id_reason") == "Đoàn kiểm tra có lịch công tác đột xuất"
    page.screenshot(path=artifacts / "inspection-reschedule-refused.png", full_page=True)
    later = start + dt.timedelta(days=7)
    page.fill("#id_start_date", later.isoformat())
    page.get_by_test_id("reschedule").click()
    page.wait_for_load_state()
    assert "Đã đổi ngày bắt đầu kiểm tra." in page.locator(".messages").inner_text()
    assert later.strftime("%d/%m/%Y") in page.locator("main").inner_text()

    # 2. The DPO sees it, prepares the bundle in one action and watches it finish.
    dpo_page = signed_in_page(browser, live_server, lan)
    dpo_page.goto(f"{live_server.url}/inspections/")
    dpo_page.click(f"text={inspection.reference}")
    dpo_page.get_by_test_id("prepare-bundle").click()
    dpo_page.wait_for_selector("[data-bundle-state=ready]", timeout=90_000)
    bundle = Bundle.objects.get()
    assert dpo_page.get_by_test_id("bundle-sha256").inner_text() == bundle.sha256
    dpo_page.screenshot(path=artifacts / "inspection-dpo-bundle.png", full_page=True)
    with dpo_page.expect_download() as download:
        dpo_page.get_by_test_id("bundle-download").click()
    data = open(download.value.path(), "rb").read()
    index = zipfile.ZipFile(io.BytesIO(data)).read(INDEX_NAME)
    (artifacts / "inspection-index.pdf").write_bytes(index)

    # 3. Filed to the team: the agency's page shows it with its SHA-256.
    dpo_page.click("text=Nộp hồ sơ cho đoàn kiểm tra")
    dpo_page.wait_for_selector("[data-testid=bundle-filed]")
    page.reload()
    assert bundle.sha256 in page.locator("#bundle").inner_text()
    page.screenshot(path=artifacts / "inspection-regulator-filed.png", full_page=True)


def test_the_dpo_reports_a_measure_done_and_the_team_accepts_it(live_server, browser, artifacts):
    from inspections import services

    org = make_organization(name="Công ty TNHH Sông Hồng")
    lan = make_user("lan2", first_name="Lan", last_name="Nguyễn Thị")
    add_member(org, lan, "dpo")
    quang = make_regulator("quang2", first_name="Quang", last_name="Đỗ")
    today = timezone.localdate()
    # An unscheduled inspection (Decree 356 Art. 31(4)): it starts at once.
    inspection = services.inspection_open(
        actor=quang,
        organization=org,
        kind="extraordinary",
        ground="suspected",
        contents=["compliance"],
        decision_number="7/QĐ-A05",
        decision_date=today,
        start_date=today,
        period_start=today - dt.timedelta(days=90),
        period_end=today,
        team=[quang],
        unscheduled=True,
    )
    services.inspection_start(actor=quang, inspection=inspection)
    services.finding_add(
        actor=quang,
        inspection=inspection,
        description="Chưa có quy trình xóa dữ liệu khi chủ thể yêu cầu.",
        basis="Luật 91/2025 Điều 4 khoản 1",
        items=[
            ("Ban hành quy trình xóa dữ liệu", 15),
            ("Đào tạo nhân viên chăm sóc khách hàng", 30),
        ],
    )
    services.inspection_issue_findings(
        actor=quang, inspection=inspection, conclusion="Tổ chức cần khắc phục hai điểm."
    )

    dpo_page = signed_in_page(browser, live_server, lan)
    dpo_page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    item = dpo_page.locator("[data-item-status=open]").first
    item.locator("textarea[name=note]").fill("Đã ban hành quy trình số 12/QT.")
    item.locator("input[type=file]").set_input_files(
        files=[{"name": "quy-trinh.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    item.locator("button[type=submit]").click()
    dpo_page.wait_for_load_state()
    assert dpo_page.locator("[data-item-status=submitted]").count() == 1
    dpo_page.screenshot(path=artifacts / "inspection-dpo-remediation.png", full_page=True)

    page = signed_in_page(browser, live_server, quang)
    page.goto(f"{live_server.url}/regulator/inspections/{inspection.pk}/")
    page.locator("[data-item-status=submitted] >> text=Xác nhận đã khắc phục").click()
    page.wait_for_load_state()
    assert page.locator("[data-item-status=accepted]").count() == 1
    assert page.locator("a:has-text('quy-trinh.pdf')").is_visible()
    page.screenshot(path=artifacts / "inspection-regulator-remediation.png", full_page=True)
