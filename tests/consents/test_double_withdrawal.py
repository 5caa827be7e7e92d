"""A double click on "withdraw" on the subject's consent page (or the page open in two tabs)
files one withdraw-consent rights request: the second click finds the purpose withdrawn by the
first and answers with its request, instead of a second request with its own clocks, staff
notification and receipt e-mail."""

import pytest

from consents import access as links
from consents import keys, services
from consents.models import ConsentRecord
from subjects_rights.models import RightsRequest
from tests.factories import make_organization
from tests.threads import at_once, failures

from .conftest import make_notice, record_data

CLICKS = 3


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_withdraw_files_one_request():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    make_notice(org)
    services.consent_record(actor="test", organization=org, **record_data())
    access = links.access_request(organization=org, email="An.Nguyen@example.vn")

    filed = at_once(
        lambda _n: services.withdraw_from_page(
            access=access, code="delivery", ip="203.0.113.7", user_agent="Mozilla/5.0 (test)"
        ),
        CLICKS,
    )

    assert failures(filed) == []
    request = RightsRequest.objects.get(organization=org)
    assert request.request_type == "withdraw_consent"
    assert {r.pk for r in filed} == {request.pk}
    key = keys.subject_key(org, "email", "an.nguyen@example.vn")
    state = services.current_state(services.subject_decisions(org, key))
    assert state["delivery"].decision == "withdrawn"
    assert ConsentRecord.objects.filter(organization=org, rights_request=request).count() == 1
