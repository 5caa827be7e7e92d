"""Browser: the DPO walks the programme page, an obligation and the AI register, in both languages;
a data subject opts out on a system's public page."""

import datetime as dt

import pytest

from programme import services
from tests.browser import ARTIFACTS, signed_in_page

from .helpers import activity, ai_system, profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _set_language(page, live_server, language):
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "domain": host, "path": "/"}]
    )


def test_the_programme_walk_in_both_languages(browser, live_server, org, dpo):
    org.sectors = ["finance"]
    org.save()
    profile(org, cloud_provider=True)
    system = ai_system(org, identifies=True, name="Chấm điểm tín dụng")
    system.activities.add(activity(org, sensitive=["biometric", "location"]))
    services.programme_sync(organization=org)
    services.contract_save(
        actor=dpo, organization=org, kind="cloud", party="Cloud Co", clauses={"12.2.a": "4"}
    )
    services.person_add(
        actor=dpo,
        organization=org,
        full_name="Lê Thị C",
        degree_level="college",
        experience_field="legal",
    )
    services.training_add(
        actor=dpo, organization=org, held_on=dt.date(2026, 3, 1), title="Nhập môn", attendees=[dpo]
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page = signed_in_page(browser, live_server, dpo)
    for language in ("vi", "en"):
        _set_language(page, live_server, language)
        page.goto(f"{live_server.url}/programme/{org.pk}/")
        assert page.locator("tr[data-code='finance.assessment']").count() == 1
        assert (
            page.locator("[data-testid='not-applying'] tr[data-code='blockchain.crypto']").count()
            == 1
        )
        page.screenshot(path=str(ARTIFACTS / f"programme-{language}.png"), full_page=True)
        page.click("tr[data-code='protection.confidentiality'] a")
        page.click("button[value='done']")
        expected = "Điều 13 khoản 5" if language == "vi" else "Art. 13(5)"
        assert expected in page.content()
        page.screenshot(
            path=str(ARTIFACTS / f"programme-obligation-{language}.png"), full_page=True
        )
        page.goto(f"{live_server.url}/programme/{org.pk}/ai/")
        page.screenshot(path=str(ARTIFACTS / f"programme-ai-{language}.png"), full_page=True)
        for name in ("contracts", "protection", "training"):
            page.goto(f"{live_server.url}/programme/{org.pk}/{name}/")
            page.screenshot(
                path=str(ARTIFACTS / f"programme-{name}-{language}.png"), full_page=True
            )
        page.goto(f"{live_server.url}/")
        assert page.locator("[data-testid='programme-card']").count() == 1
        page.locator("[data-testid='programme-card']").screenshot(
            path=str(ARTIFACTS / f"programme-card-{language}.png")
        )

    public = browser.new_context(locale="vi-VN").new_page()
    for language in ("vi", "en"):
        _set_language(public, live_server, language)
        public.goto(f"{live_server.url}/ai/{org.slug}/{system.public_id}/")
        public.screenshot(
            path=str(ARTIFACTS / f"programme-public-ai-{language}.png"), full_page=True
        )
    public.fill("#id_full_name", "Trần Văn B")
    public.fill("#id_email", "b@example.vn")
    public.click("[data-testid='opt-out'] button[type=submit]")
    public.wait_for_url(f"**/r/{org.slug}/sent/")
    assert org.rights_requests.filter(request_type="object").count() == 1
    public.context.close()
