"""Browser: the DPO submits, the regulator asks for completion, the DPO resubmits, the regulator accepts."""

import pytest

from dossiers.models import Dossier
from pdp_portal.clock.services import deadlines_for
from tests import factories
from tests.browser import ARTIFACTS, signed_in_page

from .conftest import make_ready

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user):
    return signed_in_page(browser, live_server, user)


def test_regulator_round_trip(browser, live_server, org, dpo, regulator):
    dossier = make_ready(org, dpo)
    staff = _page(browser, live_server, dpo)
    staff.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert staff.locator("[data-rule='dossier.file']").count() == 1
    staff.click("#submit-link")
    staff.fill("#id_signer_name", "Trần Văn Minh")
    staff.click(".card form button[type=submit]")
    staff.wait_for_url(f"**/dossiers/{dossier.pk}/")
    assert staff.locator("tr[data-version='1']").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    staff.screenshot(path=str(ARTIFACTS / "dossiers-staff-detail.png"), full_page=True)

    reviewer = _page(browser, live_server, regulator)
    reviewer.goto(f"{live_server.url}/regulator/dossiers/")
    reviewer.click(f"text={dossier.reference}")
    reviewer.wait_for_url("**/regulator/dossiers/*/")
    reviewer.select_option("#assign-reviewer", label=regulator.username)
    reviewer.click("form[action$='assign/'] button")
    reviewer.wait_for_load_state()
    assert reviewer.locator("#reviewer").inner_text() == regulator.username
    reviewer.fill("#id_reasons", "Bổ sung sơ đồ hệ thống xử lý dữ liệu.")
    reviewer.click("button[formaction$='request-completion/']")
    reviewer.wait_for_load_state()
    assert (
        reviewer.locator("[data-app-status]").get_attribute("data-app-status")
        == "completion_requested"
    )
    reviewer.screenshot(path=str(ARTIFACTS / "dossiers-regulator-detail.png"), full_page=True)

    staff.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert "Bổ sung sơ đồ hệ thống" in staff.locator("#completion-request").inner_text()
    assert staff.locator("[data-rule='dossier.complete']").count() == 1
    staff.set_input_files(
        "#id_file",
        files=[{"name": "so-do.pdf", "mimeType": "application/pdf", "buffer": factories.PDF}],
    )
    staff.select_option("#id_category", "diagram")
    staff.click("form[action$='enclosures/'] button")
    staff.wait_for_load_state()
    staff.click("#completion-request a")
    staff.click(".card form button[type=submit]")
    staff.wait_for_url(f"**/dossiers/{dossier.pk}/")
    assert staff.locator("tr[data-version='2']").count() == 1

    reviewer.goto(f"{live_server.url}/regulator/dossiers/{dossier.pk}/")
    assert "so-do.pdf" in reviewer.content()
    reviewer.click("button[formaction$='accept/']")
    reviewer.wait_for_load_state()
    assert reviewer.locator("[data-app-status]").get_attribute("data-app-status") == "accepted"
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == "accepted"
    assert deadlines_for(dossier).get(rule="dossier.complete").status == "met"
    staff.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert staff.locator("#decisions [data-event='accept']").count() == 1
