"""Keys of websites and apps (consents, rights intake) are made and revoked once, by one helper."""

import pytest
from django.core.exceptions import ValidationError

from consents import services as consents
from pdp_portal.audit.models import AuditEvent
from pdp_portal.tokens import token_hash
from pdp_portal.workflow import required_text
from subjects_rights import services as rights

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("create", "revoke", "action"),
    [
        (consents.property_key_create, consents.property_key_revoke, "consents.key.revoke"),
        (rights.intake_key_create, rights.intake_key_revoke, "rights.intake_key.revoke"),
    ],
)
def test_a_second_revocation_changes_nothing(create, revoke, action, dpo, org):
    key, _secret = create(actor=dpo, organization=org, name="App Hoa Sen")
    first = revoke(actor=dpo, key=key)
    again = revoke(actor=dpo, key=key)
    assert first.revoked_at is not None
    assert again.revoked_at == first.revoked_at
    events = AuditEvent.objects.filter(action=action)
    assert events.count() == 1
    assert events.get().organization_id == org.pk


@pytest.mark.parametrize(
    ("create", "action", "params", "length"),
    [
        (
            consents.property_key_create,
            "consents.key.create",
            lambda key: {"name": "App Hoa Sen"},
            10,
        ),
        (
            rights.intake_key_create,
            "rights.intake_key.create",
            lambda key: {"prefix": key.prefix, "name": "App Hoa Sen"},
            12,
        ),
    ],
)
def test_a_new_key_keeps_only_its_prefix_and_hash_and_is_audited(
    create, action, params, length, dpo, org
):
    key, secret = create(actor=dpo, organization=org, name="App Hoa Sen")
    key.refresh_from_db()
    assert (key.organization_id, key.name) == (org.pk, "App Hoa Sen")
    assert key.prefix == secret[:length]
    assert key.key_hash == token_hash(secret) != secret
    event = AuditEvent.objects.get(action=action)
    assert (event.organization_id, event.object_id) == (org.pk, str(key.pk))
    assert event.params == params(key)


def test_a_required_text_is_stripped_and_refused_empty():
    assert required_text("  lý do  ", field="reason", message="Cần nêu lý do.") == "lý do"
    for blank in ("", "   ", None):
        with pytest.raises(ValidationError) as refused:
            required_text(blank, field="reason", message="Cần nêu lý do.")
        assert refused.value.message_dict == {"reason": ["Cần nêu lý do."]}
