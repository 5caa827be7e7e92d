"""The keys organisations give their websites and apps: one check on every call, for every kind."""

import pytest
from django.test import RequestFactory
from rest_framework import exceptions
from rest_framework.request import Request

from consents.api import HasPropertyKey, PropertyKeyAuthentication
from consents.services import property_key_create, property_key_revoke
from subjects_rights.api import HasIntakeKey, IntakeKeyAuthentication
from subjects_rights.services import intake_key_create, intake_key_revoke

pytestmark = pytest.mark.django_db


def _call(header=None) -> Request:
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    return Request(RequestFactory().post("/api/v1/", **extra))


@pytest.fixture
def consent_key(org, dpo):
    return property_key_create(actor=dpo, organization=org, name="Trang web")


@pytest.fixture
def intake_key(org, dpo):
    return intake_key_create(actor=dpo, organization=org, name="Ứng dụng")


def test_a_consent_key_lets_its_organisations_call_in(consent_key, org):
    key, secret = consent_key

    user, auth = PropertyKeyAuthentication().authenticate(_call(f"Consent {secret}"))

    assert user.is_anonymous and auth == key and auth.organization == org
    request = _call()
    request.auth = auth
    assert HasPropertyKey().has_permission(request, None)
    assert not HasIntakeKey().has_permission(request, None)


def test_an_intake_key_is_let_in_and_its_last_use_is_recorded(intake_key):
    key, secret = intake_key
    assert key.last_used_at is None

    _user, auth = IntakeKeyAuthentication().authenticate(_call(f"intake {secret}"))

    assert auth == key
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.parametrize("header", [None, "", "Bearer abc", "Token abc"])
def test_another_scheme_is_left_to_the_other_authentications(header):
    assert PropertyKeyAuthentication().authenticate(_call(header)) is None
    assert IntakeKeyAuthentication().authenticate(_call(header)) is None


@pytest.mark.parametrize(
    ("authentication", "header", "message"),
    [
        (PropertyKeyAuthentication, "Consent", "Invalid consent key header."),
        (PropertyKeyAuthentication, "Consent a b", "Invalid consent key header."),
        (PropertyKeyAuthentication, "Consent nope", "Invalid or revoked consent key."),
        (IntakeKeyAuthentication, "Intake", "Invalid intake key header."),
        (IntakeKeyAuthentication, "Intake nope", "Invalid or revoked intake key."),
    ],
)
def test_a_bad_key_is_refused_with_what_is_wrong(authentication, header, message):
    with pytest.raises(exceptions.AuthenticationFailed) as refused:
        authentication().authenticate(_call(header))

    assert str(refused.value.detail) == message


def test_a_revoked_key_is_refused(consent_key, intake_key, dpo):
    property_key_revoke(actor=dpo, key=consent_key[0])
    intake_key_revoke(actor=dpo, key=intake_key[0])

    with pytest.raises(exceptions.AuthenticationFailed, match="revoked consent key"):
        PropertyKeyAuthentication().authenticate(_call(f"Consent {consent_key[1]}"))
    with pytest.raises(exceptions.AuthenticationFailed, match="revoked intake key"):
        IntakeKeyAuthentication().authenticate(_call(f"Intake {intake_key[1]}"))


def test_the_challenge_names_the_scheme():
    assert PropertyKeyAuthentication().authenticate_header(_call()) == "Consent"
    assert IntakeKeyAuthentication().authenticate_header(_call()) == "Intake"
