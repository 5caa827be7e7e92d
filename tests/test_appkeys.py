"""Keys of websites and apps (consents, rights intake) are revoked once, by one helper."""

import pytest
from django.core.exceptions import ValidationError

from consents import services as consents
from pdp_portal.audit.models import AuditEvent
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


def test_a_required_text_is_stripped_and_refused_empty():
    assert required_text("  lý do  ", field="reason", message="Cần nêu lý do.") == "lý do"
    for blank in ("", "   ", None):
        with pytest.raises(ValidationError) as refused:
            required_text(blank, field="reason", message="Cần nêu lý do.")
        assert refused.value.message_dict == {"reason": ["Cần nêu lý do."]}
