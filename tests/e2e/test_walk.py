"""A first-time user's walk through the DPO's and the regulator's main pages, in Vietnamese and
English, on the demo data: full-page screenshots under test-artifacts/edges/ to look at.

Run by hand (it seeds the whole demo and takes a minute or two): ``WALK=1 pytest tests/e2e/test_walk.py``.
"""

import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tests.browser import ARTIFACTS, signed_in_page

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(os.environ.get("WALK") != "1", reason="a walk to look at: WALK=1"),
]

DPO_PAGES = [
    ("dashboard", "dashboard", None),
    ("deadlines", "clock:deadlines", None),
    ("calendar", "clock:calendar", None),
    ("requests", "subjects_rights:inbox", None),
    ("request-new", "subjects_rights:new", None),
    ("breaches", "breaches:register", None),
    ("breach-new", "breaches:record", None),
    ("dossiers", "dossiers:index", None),
    ("consents", "consents:index", None),
    ("certification", "certification:index", None),
    ("programme", "programme:index", None),
    ("organizations", "organizations:list", None),
    ("notifications", "notifications:list", None),
]
REGULATOR_PAGES = [
    ("inbox", "regulator:inbox", None),
    ("breaches", "breaches_regulator:inbox", None),
    ("dossiers", "dossiers_regulator:inbox", None),
    ("certification", "certification_regulator:inbox", None),
    ("deadlines", "clock:deadlines", None),
    ("notifications", "notifications:list", None),
]


def _details():
    """The first object of each kind the DPO sees: the pages a walk reaches by one click."""
    from breaches.models import Breach
    from dossiers.models import Dossier
    from pdp_portal.organizations.models import Organization
    from subjects_rights.models import RightsRequest

    own = {"organization__slug": "hoa-sen"}
    rows = [
        ("request-unconfirmed", RightsRequest.objects.filter(status="unverified", **own)),
        ("request-received", RightsRequest.objects.filter(status="received", **own)),
        ("request-responded", RightsRequest.objects.filter(status="responded", **own)),
        ("breach-detail", Breach.objects.filter(**own)),
        ("dossier-detail", Dossier.objects.filter(**own)),
        ("organization-detail", Organization.objects.filter(slug="hoa-sen")),
    ]
    return [
        (name, row.get_absolute_url())
        for name, queryset in rows
        if (row := queryset.order_by("pk").first()) is not None
    ]


def _shoot(page, live_server, folder, who, language, name, path):
    response = page.goto(live_server.url + path)
    status = response.status if response else 0
    page.screenshot(path=str(folder / f"{who}-{language}-{name}.png"), full_page=True)
    return status


def test_walk_the_main_pages(browser, live_server):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    folder = ARTIFACTS / "edges"
    folder.mkdir(parents=True, exist_ok=True)
    users = get_user_model().objects
    walks = [
        (
            "dpo",
            users.get(username="dpo1"),
            [(n, reverse(u)) for n, u, _ in DPO_PAGES] + _details(),
        ),
        (
            "regulator",
            users.get(username="regulator"),
            [(n, reverse(u)) for n, u, _ in REGULATOR_PAGES],
        ),
    ]
    problems = []
    for who, user, pages in walks:
        page = signed_in_page(browser, live_server, user)
        host = live_server.url.split("//", 1)[1].split(":")[0]
        for language in ("vi", "en"):
            page.context.add_cookies(
                [
                    {
                        "name": settings.LANGUAGE_COOKIE_NAME,
                        "value": language,
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
            for name, path in pages:
                status = _shoot(page, live_server, folder, who, language, name, path)
                if status != 200:
                    problems.append((who, language, name, status))
        page.context.close()
    _two_factor(browser, live_server, folder)
    assert not problems


def _two_factor(browser, live_server, folder):
    """The second login step, as a person who has set up an authenticator app meets it."""
    from pdp_portal.organizations.demo import DEMO_PASSWORD

    for language in ("vi", "en"):
        context = browser.new_context(locale=f"{language}-VN")
        page = context.new_page()
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "domain": host,
                    "path": "/",
                }
            ]
        )
        page.goto(live_server.url + reverse("accounts:login"))
        page.fill("input[name=username]", "dpo1")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_selector("input[name=token]")
        page.screenshot(path=str(folder / f"dpo-{language}-two-factor.png"), full_page=True)
        context.close()
