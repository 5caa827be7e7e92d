"""The pages work under the Content-Security-Policy: nothing refused, scripts still run."""

import pytest
from django.urls import reverse

from breaches import services as breach_services
from tests.breaches.conftest import make_breach
from tests.browser import ARTIFACTS, signed_in_page
from tests.browser import csp_refusals as _watch

pytestmark = pytest.mark.e2e


def test_staff_pages_run_under_the_policy(browser, live_server, dpo, org):
    breach = make_breach(org, dpo)
    page = signed_in_page(browser, live_server, dpo)
    refused = _watch(page)
    for url in (
        reverse("dashboard"),
        reverse("breaches:detail", args=[breach.pk]),
        reverse("stats:page") + f"?organization={org.pk}",
        reverse("clock:calendar_year", args=[2026]),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # The breach countdown is a static script now, and it still ticks.
    page.goto(live_server.url + reverse("breaches:detail", args=[breach.pk]))
    countdown = page.locator(".countdown[data-due]").first
    page.wait_for_function(
        "document.querySelector('.countdown[data-due]').textContent.includes(':')"
    )
    first = countdown.text_content()
    page.wait_for_timeout(1200)
    assert countdown.text_content() != first
    page.screenshot(path=str(ARTIFACTS / "csp-breach-detail.png"), full_page=True)
    assert refused == []
    assert breach_services  # imported for make_breach's services


def test_the_api_docs_render_under_their_own_allowance(browser, live_server, dpo):
    page = signed_in_page(browser, live_server, dpo)
    refused = _watch(page)
    page.goto(live_server.url + reverse("api-docs"))
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "csp-api-docs.png"))
    assert refused == []


def test_public_pages_run_under_the_policy(page, live_server, org):
    refused = _watch(page)
    page.goto(live_server.url + reverse("rights_public:form", args=[org.slug]))
    page.goto(live_server.url + reverse("accounts:login"))
    page.screenshot(path=str(ARTIFACTS / "csp-login.png"))
    assert refused == []
