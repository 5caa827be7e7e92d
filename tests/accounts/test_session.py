from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_totp

from .helpers import current_code, post_password

pytestmark = pytest.mark.django_db


def test_sessions_last_one_working_day():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_a_login_session_is_a_browser_session_cookie(client, dpo):
    device = make_totp(dpo)
    post_password(client, "dpo")
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    # No lifetime in the browser: closing it ends the session.
    assert not cookie["max-age"]
    assert not cookie["expires"]
    assert cookie["httponly"]
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_session_expires_after_the_cookie_age(as_user, dpo):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = as_user(dpo)
    # A staff page: the home page itself is public (an expired session sees the public home).
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)):
        assert client.get(reverse("organizations:list")).status_code == 200
    with time_machine.travel(start + timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get(reverse("organizations:list"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")
