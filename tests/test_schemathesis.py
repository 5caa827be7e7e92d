"""Property-based run of the whole API against its OpenAPI document (schemathesis).

Every operation gets generated requests, valid and invalid, sent as a DPO with an API token:
no answer may be a server error, every answer must fit the documented status codes and bodies,
a request that fits the schema must be accepted, and one that does not must be refused.

CI runs a small, fixed number of examples per operation, derandomized so a failure reproduces;
run it bigger by hand with ``SCHEMATHESIS_EXAMPLES=100``.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import add_member, make_organization, make_user

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))


def _load():
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema.app = get_wsgi_application()
    # No NUL characters in generated strings: DRF refuses them in every text field (PostgreSQL
    # text cannot hold them), a rule the OpenAPI document does not repeat on each string.
    schema.config.generation.update(max_examples=EXAMPLES, deterministic=True, allow_x00=False)
    return schema


schema = _load()
# The DPO's token: fixed, so that schemathesis' own authentication (which it strips and forges to
# check that the API refuses without it) is the only one sent.
TOKEN = "5c4e7a1d9b0f3e2a6c8d4b1f7e9a0c3d5b2e8f61"


@schema.auth()
class DpoToken:
    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


# Operations whose bodies are checked by rules OpenAPI 3.0 cannot state, so a schema-valid
# request may be refused (400) by design; every other check still runs on them.
BUSINESS_RULES = {
    # A processor must name its controller (Decree 356 Art. 28(1)): one field requires another.
    "POST /api/v1/breaches/",
    # Not every rule may be extended, nor by any number of days (pdp_portal.clock.rules).
    "GET /api/v1/clock/due/",
    # Recipients, activities and reviewers are ids of rows that must exist and be the caller's.
    "POST /api/v1/processing-activities/",
    "PATCH /api/v1/processing-activities/{id}/",
    "POST /api/v1/processing-transfers/",
    "PATCH /api/v1/processing-transfers/{id}/",
    "POST /api/v1/processing-domestic-transfers/",
    "PATCH /api/v1/processing-domestic-transfers/{id}/",
}


@pytest.fixture
def _keep_connection():
    # The WSGI handler closes the database connection after each request, which would close the
    # test's transaction; Django's test client does the same as this.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, _keep_connection):
    org = make_organization(name="Công ty TNHH Hoa Sen")
    user = make_user("dpo1")
    add_member(org, user, "dpo")
    return Token.objects.create(user=user, key=TOKEN).key


@pytest.mark.schemathesis
@schema.parametrize()
# The DPO and token are made once per operation; the requests do not need a fresh one each.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_keeps_to_its_schema(case, token):
    excluded = [positive_data_acceptance] if case.operation.label in BUSINESS_RULES else []
    case.call_and_validate(excluded_checks=excluded)
