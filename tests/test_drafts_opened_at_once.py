"""Drafts opened or saved at the same moment (a double click, two tabs): the dossier of a kind
is opened once and both clicks land on it; two consent notices drafted at once get consecutive
versions. Neither answers with a server error (the unique constraint) to one of them."""

import pytest

from consents import services as consents
from consents.models import Notice
from dossiers import services as dossiers
from dossiers.catalogue import PROCESSING
from dossiers.models import Dossier
from pdp_portal.audit.models import AuditEvent
from tests.consents.conftest import make_activity
from tests.factories import make_member, make_organization
from tests.threads import at_once, failures

AT_ONCE = 4


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_open_dossier_opens_one_draft():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    dpo = make_member(org, "dpo", "dpo")
    opened = at_once(
        lambda _n: dossiers.dossier_open(actor=dpo, organization=org, kind=PROCESSING), AT_ONCE
    )
    assert failures(opened) == []
    draft = Dossier.objects.get(organization=org, kind=PROCESSING)
    assert {d.pk for d in opened} == {draft.pk}
    assert AuditEvent.objects.filter(organization=org, action="dossier.open").count() == 1


@pytest.mark.django_db(transaction=True)
def test_notices_drafted_at_once_get_consecutive_versions():
    org = make_organization(name="Công ty TNHH Hoa Sen")
    activity = make_activity(org)

    def draft(n):
        return consents.notice_create(
            actor="test",
            organization=org,
            title_vi=f"Thông báo xử lý dữ liệu khách hàng {n}",
            text_vi="Chúng tôi xử lý họ tên và số điện thoại để giao hàng.",
            purposes=[{"code": "delivery", "label_vi": "Giao hàng", "activity": activity}],
        )

    made = at_once(draft, AT_ONCE)
    assert failures(made) == []
    assert sorted(Notice.objects.filter(organization=org).values_list("version", flat=True)) == [
        1,
        2,
        3,
        4,
    ]
