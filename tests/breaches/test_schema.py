from breaches import api
from tests.api_schema import valid_schema


def test_the_breach_endpoints_generate_a_valid_schema_without_warnings():
    schema = valid_schema(api.register)
    paths = schema["paths"]
    for action in ("submit", "contain", "remediate", "close", "controller-notified", "notices"):
        assert f"/api/v1/breaches/{{id}}/{action}/" in paths, action
    for action in ("acknowledge", "request-information", "close"):
        assert f"/api/v1/regulator/breaches/{{id}}/{action}/" in paths, action
