import base64

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pdp_portal.audit.models import AuditEvent
from tests.factories import make_totp

from .helpers import current_code, post_password, qr_data_uri

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, dpo):
    """The DPO after the password step, with no authenticator yet."""
    post_password(client, "dpo")
    return client


def test_it_shows_a_qr_code_for_a_new_device(signed_in, dpo):
    response = signed_in.get(reverse("accounts:enroll"))

    assert response.status_code == 200
    uri = qr_data_uri(response.content.decode())
    assert uri is not None
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg
    device = TOTPDevice.objects.get(user=dpo)
    assert not device.confirmed
    # The same secret, for typing in by hand.
    assert base64.b32encode(device.bin_key).decode().rstrip("=") in response.content.decode()


def test_it_reuses_the_unconfirmed_device_on_reload(signed_in, dpo):
    signed_in.get(reverse("accounts:enroll"))
    signed_in.get(reverse("accounts:enroll"))

    assert TOTPDevice.objects.filter(user=dpo).count() == 1


def test_a_correct_code_enables_the_device_and_completes_login(signed_in, dpo):
    signed_in.get(reverse("accounts:enroll"))
    device = TOTPDevice.objects.get(user=dpo)

    response = signed_in.post(
        reverse("accounts:enroll"), {"token": current_code(device), "next": "/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert signed_in.get(reverse("dashboard")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.enroll_totp", object_id=str(dpo.pk)).exists()


def test_it_refuses_a_wrong_code_with_a_vietnamese_field_error(signed_in, dpo):
    signed_in.get(reverse("accounts:enroll"))
    device = TOTPDevice.objects.get(user=dpo)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = signed_in.post(reverse("accounts:enroll"), {"token": wrong})

    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "Mã xác thực không đúng. Kiểm tra đồng hồ của điện thoại và thử lại."
    ]
    device.refresh_from_db()
    assert not device.confirmed
    assert signed_in.get(reverse("dashboard")).status_code == 302


def test_it_refuses_letters_in_the_code(signed_in):
    response = signed_in.post(reverse("accounts:enroll"), {"token": "12ab56"})

    assert response.context["form"].errors["token"] == ["Mã xác thực chỉ gồm chữ số."]


def test_it_refuses_to_enrol_a_second_device_without_the_first(signed_in, dpo):
    make_totp(dpo)

    response = signed_in.get(reverse("accounts:enroll"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor"))
    assert TOTPDevice.objects.filter(user=dpo).count() == 1


def test_anonymous_cannot_enrol(client):
    response = client.get(reverse("accounts:enroll"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not TOTPDevice.objects.exists()
