from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from tests.factories import make_totp

from .helpers import current_code, post_password

pytestmark = pytest.mark.django_db


def test_password_then_totp_code_reaches_the_dashboard(client, dpo, org):
    device = make_totp(dpo)

    response = post_password(client, "dpo")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("accounts:two_factor")
    assert parse_qs(location.query)["next"] == [reverse("dashboard")]

    # The password alone is not enough for staff pages.
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor")

    response = client.post(
        reverse("accounts:two_factor"), {"token": current_code(device), "next": "/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"

    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert org.name in response.content.decode()


def test_it_keeps_the_page_asked_for_across_both_steps(client, dpo, org):
    device = make_totp(dpo)
    wanted = reverse("organizations:detail", args=[org.pk])

    response = post_password(client, "dpo", next_url=wanted)
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [wanted]
    response = client.post(
        reverse("accounts:two_factor"), {"token": current_code(device), "next": wanted}
    )
    assert response["Location"] == wanted
    assert client.get(wanted).status_code == 200


def test_it_refuses_a_wrong_totp_code(client, dpo):
    device = make_totp(dpo)
    post_password(client, "dpo")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:two_factor"), {"token": wrong})

    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.context["form"].errors["token"]
    assert client.get(reverse("dashboard")).status_code == 302
    assert AuditEvent.objects.filter(
        action="auth.two_factor_failed", object_id=str(dpo.pk)
    ).exists()


def test_it_refuses_an_external_next_url(client, dpo):
    device = make_totp(dpo)
    post_password(client, "dpo")

    response = client.post(
        reverse("accounts:two_factor"),
        {"token": current_code(device), "next": "https://evil.example/phish"},
    )

    assert response["Location"] == reverse("dashboard")


def test_a_user_without_a_device_is_sent_to_enrol(client, dpo):
    post_password(client, "dpo")

    response = client.get(reverse("accounts:two_factor"))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:enroll")


def test_a_wrong_password_shows_one_vague_error(client, dpo):
    response = post_password(client, "dpo", "not-the-password")

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_and_failures_are_audited_without_unknown_usernames(client, dpo):
    make_totp(dpo)
    post_password(client, "dpo", "wrong-password-1", ip="10.1.1.1")
    post_password(client, "hunter2-typed-in-the-wrong-box", "x", ip="10.1.1.1")
    post_password(client, "dpo", ip="10.1.1.1")

    failed = AuditEvent.objects.filter(action="auth.login_failed").order_by("id")
    assert [e.object_id for e in failed] == [str(dpo.pk), ""]
    assert failed[0].data == {"ip": "10.1.1.1"}
    # Whatever was typed as a username that belongs to nobody stays out of the permanent log.
    assert not AuditEvent.objects.filter(message__contains="hunter2").exists()
    assert "hunter2" not in str(list(AuditEvent.objects.values_list("data", flat=True)))
    assert AuditEvent.objects.filter(action="auth.login", object_id=str(dpo.pk)).count() == 1


def test_logout_ends_the_session(as_user, dpo):
    client = as_user(dpo)
    assert client.get(reverse("dashboard")).status_code == 200

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    # The home page is public now: a staff page shows the session is over.
    response = client.get(reverse("organizations:list"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:login")
    assert "Đăng nhập dành cho cán bộ" in client.get(reverse("dashboard")).content.decode()
    assert AuditEvent.objects.filter(action="auth.logout", object_id=str(dpo.pk)).exists()


def test_logout_refuses_get(as_user, dpo):
    client = as_user(dpo)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("dashboard")).status_code == 200
