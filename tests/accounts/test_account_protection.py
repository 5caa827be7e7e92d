"""Guessing one account's password from many addresses is slowed; its owner still gets in."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from pdp_portal.accounts.protection import COOKIE
from tests.factories import make_totp

from .helpers import current_code, post_password

pytestmark = pytest.mark.django_db

HOME = "198.51.100.20"


def _spread_guesses(username, n=None):
    """One bad password from each of ``n`` addresses: never twice from the same one."""
    n = settings.ACCOUNT_FAILURE_LIMIT if n is None else n
    for i in range(n):
        response = post_password(Client(), username, "guess-guess-guess", ip=f"203.0.113.{i + 1}")
        assert response.status_code == 200  # no single address reaches the axes lockout


def _sign_in_fully(client, user, device):
    response = post_password(client, user.username, ip=HOME)
    assert response.status_code == 302
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    return response


def test_guesses_spread_over_many_addresses_slow_the_account_down(client, dpo):
    _spread_guesses("dpo")

    # Even the right password, from yet another address, now has to wait.
    response = post_password(client, "dpo", ip="192.0.2.99")
    assert response.status_code == 200
    assert "Thử lại sau" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wait_doubles_with_each_further_failure(dpo):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _spread_guesses("dpo")
        clock.shift(dt.timedelta(seconds=settings.ACCOUNT_DELAY_SECONDS + 1))
        # The first delay has passed: one more guess is tried, and fails.
        assert post_password(Client(), "dpo", "nope-nope-nope", ip="192.0.2.1").status_code == 200
        clock.shift(dt.timedelta(seconds=settings.ACCOUNT_DELAY_SECONDS + 1))
        # Twice the delay now: still waiting after one delay's time.
        response = post_password(Client(), "dpo", ip="192.0.2.2")
        assert "Thử lại sau" in response.content.decode()
        clock.shift(dt.timedelta(seconds=settings.ACCOUNT_DELAY_SECONDS + 1))
        assert post_password(Client(), "dpo", ip="192.0.2.3").status_code == 302


def test_an_unknown_username_is_slowed_the_same_way(client, db):
    _spread_guesses("nobody-here")
    response = post_password(client, "nobody-here", ip="192.0.2.99")
    assert "Thử lại sau" in response.content.decode()


def test_the_owner_signs_in_from_a_known_device_while_the_account_is_attacked(client, dpo):
    device = make_totp(dpo)
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=5), tick=False):
        _sign_in_fully(client, dpo, device)
    assert COOKIE in client.cookies
    client.post(reverse("accounts:logout"))

    _spread_guesses("dpo")

    response = post_password(client, "dpo", ip=HOME)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor")
    # A stranger's browser, from the same address, still waits.
    assert "Thử lại sau" in post_password(Client(), "dpo", ip=HOME).content.decode()


def test_a_known_device_is_still_limited_per_address(client, dpo):
    device = make_totp(dpo)
    _sign_in_fully(client, dpo, device)
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_password(client, "dpo", "guess-guess-guess", ip=HOME)
    assert post_password(client, "dpo", "guess-guess-guess", ip=HOME).status_code == 429


def test_a_known_device_cookie_of_another_account_does_not_exempt_this_one(client, dpo, staff):
    _sign_in_fully(client, staff, make_totp(staff))
    client.post(reverse("accounts:logout"))
    _spread_guesses("dpo")
    assert "Thử lại sau" in post_password(client, "dpo", ip=HOME).content.decode()


def test_a_forged_cookie_does_not_exempt(client, dpo):
    _spread_guesses("dpo")
    client.cookies[COOKIE] = f"{dpo.pk}:whatever"
    assert "Thử lại sau" in post_password(client, "dpo", ip=HOME).content.decode()


# --- the two-factor step while django-otp throttles ---------------------------------------------


def test_a_throttled_two_factor_step_says_how_long_to_wait(client, dpo):
    device = make_totp(dpo)
    with time_machine.travel(timezone.now(), tick=False):
        post_password(client, "dpo", ip=HOME)
        client.post(reverse("accounts:two_factor"), {"token": "000000"})
        # The right code, within the throttle's delay: not "wrong", but "wait".
        response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Thử lại sau 1 giây" in page
    assert "không đúng hoặc đã hết hạn" not in page
    assert not client.get(reverse("dashboard")).status_code == 200


def test_the_wait_is_said_in_english_to_an_english_user(client, dpo):
    device = make_totp(dpo)
    device.throttling_failure_count = 4
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    post_password(client, "dpo", ip=HOME)
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    page = response.content.decode()
    assert "Try again in" in page and "seconds" in page


def test_after_the_wait_the_right_code_gets_in(client, dpo):
    device = make_totp(dpo)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        post_password(client, "dpo", ip=HOME)
        client.post(reverse("accounts:two_factor"), {"token": "000000"})
        clock.shift(dt.timedelta(seconds=2))
        response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302


def test_a_wrong_code_that_starts_a_longer_wait_says_so(client, dpo):
    device = make_totp(dpo)
    # Three earlier wrong codes: the next one locks the step for 2**3 = 8 seconds.
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(minutes=5)
    device.save()
    with time_machine.travel(timezone.now(), tick=False):
        post_password(client, "dpo", ip=HOME)
        page = client.post(reverse("accounts:two_factor"), {"token": "000000"}).content.decode()
    assert "không đúng hoặc đã hết hạn" in page
    assert "Thử lại sau 8 giây" in page


def test_logging_out_is_a_quiet_link_away_from_the_confirm_button(client, dpo):
    make_totp(dpo)
    post_password(client, "dpo", ip=HOME)
    page = client.get(reverse("accounts:two_factor")).content.decode()

    confirm = page.index('<button class="btn" type="submit">Xác nhận</button>')
    leave = page.index('data-testid="leave"')
    logout = page.index(f'action="{reverse("accounts:logout")}"')
    assert confirm < leave < logout
    # Not a button styled like the main one: a link-like secondary action.
    assert '<button class="linklike" type="submit">Đăng xuất</button>' in page[logout:]
    assert "btn" not in page[logout : page.index("</form>", logout)]
