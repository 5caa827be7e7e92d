import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from pdp_portal.notices.models import OutboxMessage
from tests.factories import make_totp

from .helpers import current_code, post_password

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-Passphrase-2026"


def _ask(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _link(message: OutboxMessage) -> str:
    match = re.search(r"(https?://\S+/accounts/password/reset/\S+/)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def test_it_writes_one_outbox_message_and_sends_nothing_directly(client, dpo):
    _ask(client, "DPO@example.vn")

    message = OutboxMessage.objects.get()
    assert message.recipient == "dpo@example.vn"
    assert message.recipient_user == dpo
    assert message.template == "password_reset"
    assert message.status == OutboxMessage.Status.PENDING
    assert message.key.startswith(f"accounts.password_reset:{dpo.pk}:")
    assert settings.SITE_NAME in message.subject
    # The link is built from SITE_URL, never from the request's Host header.
    assert _link(message).startswith(settings.SITE_URL + "/")
    assert mail.outbox == []


def test_it_answers_the_same_for_an_unknown_address_and_writes_nothing(client, dpo):
    known = _ask(client, "dpo@example.vn")
    unknown = _ask(client, "nobody@example.vn")

    assert OutboxMessage.objects.count() == 1
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.redirect_chain[-1][0] == reverse("accounts:password_reset_done")
    assert _without_csrf(unknown) == _without_csrf(known)


def test_it_ignores_a_forged_host_header(client, dpo):
    client.post(
        reverse("accounts:password_reset"), {"email": "dpo@example.vn"}, HTTP_HOST="localhost"
    )

    assert "localhost" not in OutboxMessage.objects.get().body_text


def test_the_link_sets_a_new_password_once(client, dpo):
    _ask(client, "dpo@example.vn")
    path = urlsplit(_link(OutboxMessage.objects.get())).path

    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")

    dpo.refresh_from_db()
    assert dpo.check_password(NEW_PASSWORD)
    # A used link is dead.
    client.cookies.clear()
    response = client.get(path, follow=True)
    assert not response.context["validlink"]


def test_the_new_password_still_needs_the_second_factor(client, dpo):
    device = make_totp(dpo)
    _ask(client, "dpo@example.vn")
    path = urlsplit(_link(OutboxMessage.objects.get())).path
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    post_password(client, "dpo", NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 302
    client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert client.get(reverse("dashboard")).status_code == 200


def test_it_refuses_a_weak_new_password_with_a_field_error(client, dpo):
    _ask(client, "dpo@example.vn")
    path = urlsplit(_link(OutboxMessage.objects.get())).path
    form_url = client.get(path, follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    dpo.refresh_from_db()
    assert not dpo.check_password("12345")


def test_the_message_is_in_the_language_of_the_page(client, dpo):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    _ask(client, "dpo@example.vn")

    assert OutboxMessage.objects.get().language == "en"
