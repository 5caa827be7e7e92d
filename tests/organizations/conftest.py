import pytest

from tests.factories import make_member

# Every persona of the matrix. "outsider" is the DPO of another organisation.
PERSONAS = ("dpo", "staff", "viewer", "outsider", "regulator", "anonymous")

# Expected answers of a page, per persona.
MEMBERS_SEE = {
    "dpo": 200,
    "staff": 200,
    "viewer": 200,
    "outsider": 404,
    "regulator": 404,
    "anonymous": 302,
}
DPO_ONLY = {**MEMBERS_SEE, "staff": 404, "viewer": 404}


def matrix(expected: dict) -> list[tuple[str, int]]:
    """Return (persona, status) pairs for pytest.mark.parametrize."""
    assert set(expected) == set(PERSONAS), "every persona needs an expected status"
    return list(expected.items())


@pytest.fixture
def client_as(request, as_user):
    """Return a function: persona name -> a client logged in as that persona (or anonymous)."""

    def _as(persona: str):
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        return as_user(user)

    return _as


@pytest.fixture
def member(org):
    """A plain staff member of ``org`` that tests may remove or change."""
    return make_member(org, "member", "staff")
