"""Browser fixtures for every app: one headless Chromium (Debian's; never `playwright install`).

Playwright's sync API runs an event loop in the test thread, so the whole session shares one
Playwright and one browser; pytest-django's live_server then needs DJANGO_ALLOW_ASYNC_UNSAFE=true
(set by the Makefile's test environment).
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from tests.factories import PASSWORD, make_totp

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no cookies) at desktop size, closed after the test."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def csp_refusals(page) -> list[str]:
    """Return a list that fills with the page's Content-Security-Policy refusals."""
    refused = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return refused


def signed_in_page(browser, live_server, user=None):
    """Open a page whose session has passed both login steps as ``user`` (or none)."""
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP)
    context.set_default_timeout(15_000)
    if user is not None:
        device = make_totp(user)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store["otp_device_id"] = device.persistent_id
        store.create()
        host = live_server.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [{"name": "sessionid", "value": store.session_key, "domain": host, "path": "/"}]
        )
    return context.new_page()


def log_in_with_totp(page, base_url: str, username: str, device) -> None:
    """Log ``username`` in on the login page: the password, then the code of TOTP ``device``."""
    from django_otp.oath import totp

    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/?**")
    page.fill("input[name=token]", f"{totp(device.bin_key):06d}")
    page.click("main form button[type=submit] >> nth=0")


def shoot(page, name: str) -> None:
    """Save a full-page screenshot at phone and desktop width under test-artifacts/ (``name`` may
    name a folder: "centre/home-vi"); neither width may scroll sideways."""
    path = ARTIFACTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=path.with_name(f"{path.name}-{label}.png"), full_page=True)
        sideways = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not sideways, f"{name} scrolls sideways at {label} width"
    page.set_viewport_size(DESKTOP)
