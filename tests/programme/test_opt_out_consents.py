"""The opt-out of an automated system (Decree 356 Art. 10(3)), end to end: the objection in the
rights inbox and, where the organisation asks consent for what the system serves, a refusal in
the consent records (through pdp_portal.hooks: the programme imports neither app)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from consents import keys
from consents import services as consent_services
from consents.models import ConsentRecord
from subjects_rights.models import RightsRequest
from tests.consents.conftest import make_notice, record_data

from .helpers import ai_system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    consent_services.forget()
    yield
    cache.clear()


def opt_out(client, system, email="An.Nguyen@Example.vn"):
    return client.post(
        reverse("programme_public:ai_system", args=[system.organization.slug, system.public_id]),
        {"full_name": "Nguyễn An", "email": email, "detail": ""},
        HTTP_USER_AGENT="Mozilla/5.0 (test)",
    )


def state_of(org, email):
    key = keys.subject_key(org, "email", email)
    current = consent_services.current_state(consent_services.subject_decisions(org, key))
    return {code: d.decision for code, d in current.items()}


def test_the_opt_out_refuses_the_consent_the_system_serves(client, org):
    notice = make_notice(org)
    ads = notice.purposes.get(code="ads")
    # The subject had agreed to both purposes.
    consent_services.consent_record(
        actor="test",
        organization=org,
        **record_data(decisions={"delivery": "given", "ads": "given"}),
    )
    system = ai_system(org, name="Gợi ý quảng cáo theo vị trí")
    system.activities.add(ads.activity)
    assert opt_out(client, system).status_code == 302
    # The objection is in the rights inbox, with its clocks once confirmed.
    assert RightsRequest.objects.get(organization=org).request_type == "object"
    # The purpose the system serves is refused; the other stays as the subject left it.
    assert state_of(org, "an.nguyen@example.vn") == {"delivery": "given", "ads": "refused"}
    refusal = ConsentRecord.objects.filter(organization=org, source="ai_opt_out").get()
    assert refusal.evidence["user_agent"] == "Mozilla/5.0 (test)"
    assert "Gợi ý quảng cáo theo vị trí" in refusal.evidence["description"]


def test_without_a_matching_notice_only_the_objection_is_filed(client, org):
    make_notice(org)
    system = ai_system(org)  # serves no activity that a notice asks consent for
    assert opt_out(client, system).status_code == 302
    assert RightsRequest.objects.filter(organization=org).count() == 1
    assert not ConsentRecord.objects.filter(organization=org).exists()


def test_a_draft_notice_is_not_answered(client, org):
    notice = make_notice(org, publish=False)
    system = ai_system(org)
    system.activities.add(notice.purposes.get(code="ads").activity)
    assert opt_out(client, system).status_code == 302
    assert not ConsentRecord.objects.filter(organization=org).exists()
