"""The statistics pages in Chromium, on the demo data: charts drawn under the policy, vi and en."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tests.browser import ARTIFACTS, signed_in_page

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "stats"


def _open(browser, live_server, user, url, language):
    page = signed_in_page(browser, live_server, user)
    host = live_server.url.split("//", 1)[1].split(":")[0]
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
    )
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(live_server.url + url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page, refused


def _drawn(page) -> tuple[int, int]:
    """Return (canvases, canvases Chart.js drew on)."""
    return page.evaluate(
        """() => {
          const all = [...document.querySelectorAll('canvas[data-chart]')];
          return [all.length, all.filter(c => window.Chart && window.Chart.getChart(c)).length];
        }"""
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_pages_draw_their_charts_on_the_demo_data(browser, live_server, language):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    users = get_user_model().objects
    dpo = users.filter(memberships__role="dpo").order_by("pk").first()
    regulator = users.filter(groups__name="Regulator").order_by("pk").first()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for user, name, file in (
        (dpo, "stats:page", "staff"),
        (regulator, "stats_regulator:page", "agency"),
    ):
        page, refused = _open(browser, live_server, user, reverse(name), language)
        total, drawn = _drawn(page)
        page.screenshot(path=str(SHOTS / f"{file}-{language}.png"), full_page=True)
        assert total > 0 and drawn == total, (file, total, drawn)
        assert refused == []
        page.context.close()
