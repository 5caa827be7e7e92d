import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from pdp_portal.audit.models import AuditEvent
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db


def _issue(*args) -> str:
    out = StringIO()
    call_command("issue_api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_it_prints_a_token_that_authenticates_the_api(client, dpo, org, other_org):
    key = _issue("dpo")

    assert key == Token.objects.get(user=dpo).key
    response = client.get("/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    names = [o["name"] for o in response.json()["results"]]
    assert names == [org.name]
    assert AuditEvent.objects.filter(action="auth.api_token_issued", object_id=str(dpo.pk)).exists()


def test_it_prints_the_same_token_twice_and_a_new_one_on_rotate(client, dpo):
    first = _issue("dpo")
    assert _issue("dpo") == first

    rotated = _issue("dpo", "--rotate")

    assert rotated != first
    assert client.get(
        "/api/v1/organizations/", HTTP_AUTHORIZATION=f"Token {first}"
    ).status_code in (401, 403)


def test_it_refuses_an_unknown_user_with_status_2(db):
    with pytest.raises(CommandError) as excinfo:
        _issue("nobody")

    assert excinfo.value.returncode == 2
    assert not Token.objects.exists()


def test_it_exits_2_with_one_line_from_the_command_line(db):
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}"
            f"@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        ),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "issue_api_token", "nobody"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "nobody" in result.stderr
