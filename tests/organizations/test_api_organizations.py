import pytest
from rest_framework.authtoken.models import Token

from pdp_portal.audit.models import AuditEvent
from pdp_portal.organizations import services
from tests.factories import add_member, make_organization, make_user

from .conftest import matrix

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organizations/"


def detail(org):
    return f"/api/v1/organizations/{org.pk}/"


API_ANONYMOUS = 403  # DRF answers 403 (no WWW-Authenticate) as the session authenticator is first
API_MEMBERS_SEE = {
    "dpo": 200,
    "staff": 200,
    "viewer": 200,
    "outsider": 404,
    "regulator": 404,
    "anonymous": API_ANONYMOUS,
}
API_DPO_ONLY = {**API_MEMBERS_SEE, "staff": 404, "viewer": 404}


@pytest.mark.parametrize(
    ("persona", "status"),
    matrix({**API_MEMBERS_SEE, "outsider": 200, "regulator": 200}),
)
def test_list_by_persona(client_as, org, other_org, persona, status):
    response = client_as(persona).get(LIST)
    assert response.status_code == status
    if status == 200:
        names = [o["name"] for o in response.json()["results"]]
        expected = {"outsider": [other_org.name], "regulator": []}.get(persona, [org.name])
        assert names == expected


@pytest.mark.parametrize(("persona", "status"), matrix(API_MEMBERS_SEE))
def test_detail_by_persona(client_as, org, persona, status):
    response = client_as(persona).get(detail(org))
    assert response.status_code == status
    if status == 200:
        assert response.json()["tax_code"] == org.tax_code


@pytest.mark.parametrize(("persona", "status"), matrix(API_DPO_ONLY))
def test_patch_by_persona(client_as, org, persona, status):
    response = client_as(persona).patch(
        detail(org), {"head_office": "Số 9 Lê Lợi, Huế"}, content_type="application/json"
    )
    assert response.status_code == status
    org.refresh_from_db()
    assert (org.head_office == "Số 9 Lê Lợi, Huế") == (persona == "dpo")


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_member_without_manage_gets_404_even_with_a_bad_body(client_as, org, staff, method):
    response = getattr(client_as("staff"), method)(
        detail(org), {"tax_code": "x"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_a_missing_organization_is_404(client_as, dpo):
    assert client_as("dpo").get("/api/v1/organizations/999999/").status_code == 404


def test_a_session_without_the_second_factor_is_refused(client, org, dpo):
    client.force_login(dpo)
    assert client.get(LIST).status_code == 403


def test_a_token_works_without_a_session(client, org, dpo):
    token = Token.objects.create(user=dpo)
    response = client.get(detail(org), HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_patch_writes_through_the_service(client_as, org, dpo):
    response = client_as("dpo").patch(
        detail(org),
        {"business_lines": ["6201", "6311"], "roles": ["controller", "processor"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["business_lines"] == ["6201", "6311"]
    # The obligations the new roles bring are audited after it (programme.hooks).
    event = AuditEvent.objects.exclude(action__startswith="programme.").latest("id")
    assert event.action == "organization.update"
    assert event.actor == dpo


def test_put_replaces_the_details(client_as, org, dpo):
    body = client_as("dpo").get(detail(org)).json()
    body.update(name="Công ty TNHH Hoa Sen Mới", size_class="small")
    response = client_as("dpo").put(detail(org), body, content_type="application/json")
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert (org.name, org.size_class) == ("Công ty TNHH Hoa Sen Mới", "small")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"tax_code": "12345"}, "tax_code"),
        ({"tax_code": "0101234567-1"}, "tax_code"),
        ({"business_lines": ["62A1"]}, "business_lines"),
        ({"business_lines": "6201"}, "business_lines"),
        ({"slug": "Có dấu"}, "slug"),
        ({"name": ""}, "name"),
        ({"email": "no"}, "email"),
        ({"website": "nope"}, "website"),
        ({"size_class": "huge"}, "size_class"),
        ({"calendar": "lunar"}, "calendar"),
        ({"roles": ["king"]}, "roles"),
        ({"sectors": ["space"]}, "sectors"),
        ({"data_subject_count": -1}, "data_subject_count"),
        ({"data_subject_count": 10**12}, "data_subject_count"),
        ({"data_subject_count": "nhiều"}, "data_subject_count"),
        ({"is_state_agency": "maybe"}, "is_state_agency"),
    ],
)
def test_bad_input_gives_400_with_field_errors(client_as, org, dpo, body, field):
    before = AuditEvent.objects.count()
    response = client_as("dpo").patch(detail(org), body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("field", ["slug", "tax_code"])
def test_it_refuses_another_organizations_slug_or_tax_code(client_as, org, other_org, dpo, field):
    response = client_as("dpo").patch(
        detail(org), {field: getattr(other_org, field)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_malformed_json_gives_400(client_as, org, dpo):
    response = client_as("dpo").patch(detail(org), "{nope", content_type="application/json")
    assert response.status_code == 400


def test_a_validation_error_from_the_service_gives_400(client_as, org, dpo, monkeypatch):
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    def refuse(**kwargs):
        raise ValidationError({"name": ["Tên đã bị dùng."], NON_FIELD_ERRORS: ["Không được."]})

    monkeypatch.setattr(services, "organization_update", refuse)
    response = client_as("dpo").patch(detail(org), {"name": "X"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Tên đã bị dùng."], "non_field_errors": ["Không được."]}


def test_list_query_count_does_not_grow_with_rows(client_as, dpo, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("dpo")
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)
    for _ in range(10):
        add_member(make_organization(), dpo, "viewer")
    with django_assert_max_num_queries(len(one_row)):
        assert client.get(LIST).json()["count"] == 11


def test_a_token_user_of_another_organization_gets_404(client, org, other_org):
    stranger = make_user("stranger")
    add_member(other_org, stranger, "dpo")
    token = Token.objects.create(user=stranger)
    response = client.patch(
        detail(org),
        {"name": "X"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 404
