from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from pdp_portal.accounts.middleware import RequireTwoFactorMiddleware
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(client, dpo):
    """The DPO signed in with a password only."""
    client.force_login(dpo)
    return client


def test_it_sends_an_unverified_user_to_two_factor_for_staff_pages(unverified, org):
    page = reverse("organizations:detail", args=[org.pk]) + "?tab=a&x=1"

    response = unverified.get(page)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("accounts:two_factor")
    assert parse_qs(location.query)["next"] == [page]


def test_it_sends_an_unverified_user_to_two_factor_for_the_admin(client):
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor")


def test_the_admin_also_refuses_an_unverified_session_itself(rf, dpo):
    # Should the middleware ever be removed, OTPAdminSite still refuses the session.
    from django.contrib import admin
    from django_otp.admin import OTPAdminSite

    assert isinstance(admin.site, OTPAdminSite)
    request = rf.get("/admin/")
    request.user = make_user("root2", is_staff=True, is_superuser=True)
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    request.user.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_a_verified_superuser_reaches_the_admin(as_user):
    client = as_user(make_user("root", is_staff=True, is_superuser=True))

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/two-factor/",
        "/accounts/logout/",
        "/i18n/setlang/",
        "/jsi18n/",
        "/static/css/site.css",
        "/r/hoa-sen/",
        "/track/abc/",
        "/verify/123/",
        "/registry/",
        "/api/v1/organizations/",
    ],
)
def test_it_lets_an_unverified_user_through_to_open_paths(dpo, path):
    request = RequestFactory().get(path)
    request.user = dpo
    request.user.is_verified = lambda: False
    middleware = RequireTwoFactorMiddleware(lambda r: HttpResponse("passed"))

    assert middleware(request).content == b"passed"


@pytest.mark.parametrize("path", ["/", "/organizations/", "/audit/1/", "/admin/", "/clock/"])
def test_it_stops_an_unverified_user_elsewhere(dpo, path):
    request = RequestFactory().get(path)
    request.user = dpo
    request.user.is_verified = lambda: False
    middleware = RequireTwoFactorMiddleware(lambda r: HttpResponse("passed"))

    response = middleware(request)

    assert response.status_code == 302


def test_the_api_refuses_an_unverified_session(unverified):
    response = unverified.get("/api/v1/organizations/")

    assert response.status_code in (401, 403)


def test_the_api_accepts_a_verified_session(as_user, dpo, org):
    response = as_user(dpo).get("/api/v1/organizations/")

    assert response.status_code == 200
    assert org.name in response.content.decode()


def test_the_language_switch_works_before_the_second_factor(unverified):
    response = unverified.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
