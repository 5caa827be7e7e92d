from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from pdp_portal.audit.models import AuditEvent
from tests.factories import make_user

from .helpers import post_password

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def _burst(client, username, ip, times=settings.AXES_FAILURE_LIMIT):
    return [
        post_password(client, username, "guess-guess-guess", ip=ip).status_code
        for _ in range(times)
    ]


def test_five_bad_passwords_lock_the_user_from_that_address(client, dpo):
    statuses = _burst(client, "dpo", ATTACKER)

    assert statuses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # Even the right password is refused from there now.
    response = post_password(client, "dpo", ip=ATTACKER)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_burst_from_elsewhere_does_not_lock_the_real_user_out(client, dpo):
    _burst(client, "dpo", ATTACKER)

    response = post_password(client, "dpo", ip=OFFICE)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor")


def test_four_bad_passwords_do_not_lock(client, dpo):
    _burst(client, "dpo", OFFICE, times=settings.AXES_FAILURE_LIMIT - 1)

    assert post_password(client, "dpo", ip=OFFICE).status_code == 302


def test_bad_passwords_for_another_account_do_not_lock_this_one(client, dpo):
    make_user("colleague")
    _burst(client, "colleague", OFFICE)

    assert post_password(client, "colleague", ip=OFFICE).status_code == 429
    assert post_password(client, "dpo", ip=OFFICE).status_code == 302


def test_the_lockout_is_audited(client, dpo):
    _burst(client, "dpo", ATTACKER)
    post_password(client, "dpo", ip=ATTACKER)

    locked = AuditEvent.objects.filter(action="auth.locked_out", object_id=str(dpo.pk))
    assert locked.count() == 2
    assert locked.first().data == {"ip": ATTACKER}
    assert (
        AuditEvent.objects.filter(action="auth.login_failed", object_id=str(dpo.pk)).count()
        == settings.AXES_FAILURE_LIMIT - 1
    )
