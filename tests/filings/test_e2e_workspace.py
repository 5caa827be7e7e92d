"""Browser: a reviewer filters the workspace, assigns three filings of three kinds at once, asks
for more on the dossier; the organisation completes it; the reviewer decides. Screenshots of the
workspace in Vietnamese and English go to test-artifacts/."""

import pytest

from dossiers.models import Dossier
from pdp_portal.filings.models import Filing
from tests.browser import signed_in_page

from .conftest import file_three

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _language(page, live_server, language):
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )


def test_filter_assign_ask_answer_decide(
    browser, live_server, org, dpo, regulator, reviewer, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    breach, dossier, application = file_three(org, dpo)
    page = signed_in_page(browser, live_server, regulator)

    # 1. The workspace, filtered on what waits for the agency, unassigned.
    page.goto(f"{live_server.url}/regulator/")
    assert page.locator("nav a.active").count() == 1
    page.select_option("[data-testid=filter-status]", "agency")
    page.select_option("[data-testid=filter-assignee]", "none")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/regulator/?*status=agency*")
    rows = page.locator("#workspace tbody tr[data-filing]")
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.kind)")) == [
        "application",
        "breach",
        "dossier",
    ]
    page.screenshot(path=str(artifacts / "filings-workspace-vi.png"), full_page=True)

    # 2. The three at once, to one reviewer.
    for row in rows.all():
        row.locator("input[type=checkbox]").check()
    page.select_option("[data-testid=bulk-reviewer]", label="Minh Trần")
    page.click("[data-testid=bulk-assign]")
    page.wait_for_load_state()
    assert "Đã phân công 3 hồ sơ" in page.locator("body").inner_text()
    assert set(Filing.objects.values_list("assignee", flat=True)) == {reviewer.pk}
    page.goto(f"{live_server.url}/regulator/?assignee={reviewer.pk}")
    assert page.locator("#workspace tbody tr[data-filing]").count() == 3

    # 3. More asked on the dossier, from its filing page.
    page.click(f"#workspace a:text-is('{dossier.reference}')")
    page.wait_for_url(f"**/regulator/dossiers/{dossier.pk}/")
    assert page.locator("[data-testid=assignee]").inner_text() == "Minh Trần"
    page.fill("#id_reasons", "Bổ sung sơ đồ luồng dữ liệu.")
    page.click("button[formaction$='request-completion/']")
    page.wait_for_load_state()
    assert page.locator("[data-app-status]").get_attribute("data-app-status") == (
        "completion_requested"
    )

    # 4. The organisation completes the dossier and files it again.
    staff = signed_in_page(browser, live_server, dpo)
    staff.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert "Bổ sung sơ đồ luồng dữ liệu." in staff.locator("#completion-request").inner_text()
    staff.click("#completion-request a")
    staff.click(".card form button[type=submit]")
    staff.wait_for_url(f"**/dossiers/{dossier.pk}/")
    assert staff.locator("tr[data-version='2']").count() == 1

    # 5. The reviewer sees the answer in the timeline and decides.
    page.goto(f"{live_server.url}/regulator/?kind=dossier")
    assert page.locator("#workspace [data-status]").first.get_attribute("data-status") == (
        "under_review"
    ) or page.locator("#workspace [data-status]").first.get_attribute("data-status") == (
        "submitted"
    )
    page.click(f"#workspace a:text-is('{dossier.reference}')")
    assert page.locator("#timeline li[data-kind=answered]").count() == 1
    page.click("button[formaction$='accept/']")
    page.wait_for_load_state()
    assert page.locator("[data-filing-status]").get_attribute("data-filing-status") == "decided"
    assert page.locator("#timeline li[data-kind=decided]").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == "accepted"
    page.screenshot(path=str(artifacts / "filings-filing-page-vi.png"), full_page=True)

    # 6. The organisation's page, and the workspace in English.
    page.click("[data-testid=organization-link]")
    for ref in (breach.reference, dossier.reference, application.reference):
        assert ref in page.locator("#org-filings").inner_text()
    page.screenshot(path=str(artifacts / "filings-organization-vi.png"), full_page=True)
    _language(page, live_server, "en")
    page.goto(f"{live_server.url}/regulator/")
    text = page.locator("body").inner_text()
    assert "Kind of filing" in text and "Loại hồ sơ" not in text
    page.screenshot(path=str(artifacts / "filings-workspace-en.png"), full_page=True)
