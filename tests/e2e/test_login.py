"""A real user in Chromium: password, TOTP enrolment, dashboard, language switch, logout, login."""

import base64

import pytest
from django_otp.oath import totp

from tests.browser import log_in_with_totp, shoot
from tests.factories import PASSWORD, add_member, make_lan, make_regulator, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_from(secret: str, steps_ahead: int = 0) -> str:
    """Return the 6-digit code an authenticator app shows for ``secret`` (base32, no padding)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    # TOTP refuses a code twice in the same 30-second step; a code for the next step is still
    # accepted (the device tolerates one step of drift), as when a phone's clock runs ahead.
    return f"{totp(key, drift=steps_ahead):06d}"


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def language_cookie(page) -> str | None:
    return next(
        (c["value"] for c in page.context.cookies() if c["name"] == "django_language"), None
    )


@pytest.fixture
def lan(db):
    """A DPO with a password and no second factor yet, in a realistic organisation."""
    user = make_lan(
        abbreviation="HOASEN",
        email="dpo@hoasen.example.vn",
        business_lines=["4791", "6312"],
        sectors=["advertising", "finance"],
        size_class="small",
        processes_sensitive_data=True,
        data_subject_count=1_250_000,
        contact={"email": "lan@hoasen.example.vn"},
    )
    add_member(user.org, make_user("hung", first_name="Hùng", last_name="Lê"), "staff")
    return user


def log_in_with_password(page, base_url):
    # An anonymous visitor lands on the public home page; staff follow its sign-in link.
    page.goto(f"{base_url}/")
    page.click("[data-testid=staff-login]")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "lan")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def test_a_dpo_enrols_totp_switches_language_and_logs_in_again(live_server, page, lan):
    base = live_server.url

    # 1. Password, then the enrolment page with its QR code and secret.
    log_in_with_password(page, base)
    page.wait_for_url("**/accounts/two-factor/enroll/**")
    assert page.locator(".qr img").is_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.fill("input[name=token]", code_from(secret))
    page.click("main form button[type=submit]")

    # 2. The dashboard, in Vietnamese.
    page.wait_for_url(f"{base}/")
    assert page.locator("h1").inner_text() == "Tổng quan"
    assert html_lang(page) == "vi"
    assert "Đã bật xác thực hai lớp." in page.locator(".messages").inner_text()
    assert page.get_by_test_id("org-card").count() == 1
    shoot(page, "dashboard")

    # 3. The organisation page: applicability findings, facts, contacts.
    page.click(f"text={lan.org.name}")
    page.wait_for_url(f"{base}/organizations/{lan.org.pk}/")
    assert page.locator('[data-topic="processing_dossier"]').is_visible()
    shoot(page, "organization")
    page.click("main .actions a[href$='/edit/']")
    page.wait_for_url(f"{base}/organizations/{lan.org.pk}/edit/")
    shoot(page, "organization-edit")
    page.goto(f"{base}/organizations/{lan.org.pk}/members/")
    shoot(page, "members")

    # 4. English and back; Django's own catalogue translates form errors.
    page.goto(f"{base}/organizations/{lan.org.pk}/members/")
    page.click(".lang-switch button[value=en]")
    page.wait_for_load_state()
    assert html_lang(page) == "en"
    assert language_cookie(page) == "en"
    assert page.locator(".lang-switch button[value=en]").get_attribute("aria-pressed") == "true"
    assert page.url.endswith(f"/organizations/{lan.org.pk}/members/")
    page.click("main form:not(.lang-switch) button[type=submit] >> nth=-1")
    assert "This field is required." in page.locator("main").inner_text()

    page.click(".lang-switch button[value=vi]")
    page.wait_for_load_state()
    assert html_lang(page) == "vi"
    assert language_cookie(page) == "vi"
    assert page.locator(".lang-switch button[value=vi]").get_attribute("aria-pressed") == "true"
    page.click("main form:not(.lang-switch) button[type=submit] >> nth=-1")
    assert "Trường này là bắt buộc." in page.locator("main").inner_text()
    shoot(page, "members-errors")

    # 5. Log out: back to the login page; the dashboard needs a login again.
    page.click("header form button[type=submit]:has-text('Đăng xuất')")
    page.wait_for_url("**/accounts/login/**")
    page.goto(f"{base}/organizations/")
    assert "/accounts/login/" in page.url

    # 6. Log in again: password, then a TOTP code (no enrolment this time).
    log_in_with_password(page, base)
    page.wait_for_url("**/accounts/two-factor/?**")
    assert page.get_by_test_id("totp-secret").count() == 0
    page.fill("input[name=token]", code_from(secret, steps_ahead=1))
    page.click("main form button[type=submit] >> nth=0")
    page.wait_for_url(f"{base}/")
    assert page.locator("h1").inner_text() == "Tổng quan"


def test_a_wrong_code_keeps_the_user_out(live_server, page, lan):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=lan, name="TOTP", confirmed=True)
    log_in_with_password(page, live_server.url)
    page.wait_for_url("**/accounts/two-factor/?**")
    page.fill("input[name=token]", "000000")
    page.click("main form button[type=submit] >> nth=0")
    assert "/accounts/two-factor/" in page.url
    assert page.locator(".errorlist").is_visible()
    page.goto(f"{live_server.url}/organizations/")
    assert "/accounts/two-factor/" in page.url


def test_a_regulator_lands_on_the_inbox(live_server, page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    regulator = make_regulator("regulator", first_name="Quang", last_name="Đỗ")
    device = TOTPDevice.objects.create(user=regulator, name="TOTP", confirmed=True)
    log_in_with_totp(page, live_server.url, "regulator", device)
    page.wait_for_url(f"{live_server.url}/regulator/")
    assert page.locator("header.topbar.regulator").is_visible()
    assert page.locator("h1").inner_text() == "Hồ sơ đến"
    shoot(page, "regulator-inbox")
