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

    pages = []
    for name, model in (
        ("request", RightsRequest),
        ("breach", Breach),
        ("dossier", Dossier),
        ("organization", Organization),
    ):
        row = (
            model.objects.filter(organization__slug="hoa-sen").order_by("pk").first()
            if (model is not Organization)
            else model.objects.filter(slug="hoa-sen").first()
        )
        if row is not None:
            pages.append((f"{name}-detail", row.get_absolute_url()))
    return pages


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
    assert not problems
