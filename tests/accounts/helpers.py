"""What a person does at the login screens, step by step, through the real views."""

import re

from django.urls import reverse
from django_otp.oath import totp

from tests.factories import PASSWORD


def current_code(device, *, offset: int = 0) -> str:
    """Return the 6-digit code an authenticator app shows now for ``device`` (``offset`` steps away)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:0{device.digits}d}"


def post_password(client, username, password=PASSWORD, *, ip="10.0.0.1", next_url=None):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data, REMOTE_ADDR=ip)


def qr_data_uri(html: str) -> str | None:
    match = re.search(r'<img src="(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)"', html)
    return match.group(1) if match else None
