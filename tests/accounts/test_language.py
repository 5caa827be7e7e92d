import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_whatever_the_browser_asks(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_the_language_switch_chooses_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert page.wsgi_request.LANGUAGE_CODE == "en"
    assert '<html lang="en">' in page.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(reverse("accounts:login")).wsgi_request.LANGUAGE_CODE == "vi"
