"""People told of a step on a case: a notification each, an e-mail in each reader's language."""

import pytest
from django.utils.translation import gettext_noop

from pdp_portal.accounts.preferences import remember_language
from pdp_portal.messages import literal
from pdp_portal.notices.models import Notification, OutboxMessage
from pdp_portal.notices.telling import tell_people

pytestmark = pytest.mark.django_db


def test_each_person_is_told_in_their_own_language(org, dpo, staff, viewer):
    remember_language(staff, "en")
    viewer.email = ""
    viewer.save(update_fields=["email"])

    tell_people(
        [dpo, staff, viewer],
        organization=org,
        key="inspection.close:7",
        title=gettext_noop("Kết thúc cuộc kiểm tra %(ref)s"),
        params={"ref": "KT-2026-0001"},
        url="/inspections/7/",
        template="inspection_update",
        body=literal("Ghi chú của đoàn"),
    )

    told = Notification.objects.filter(key="inspection.close:7")
    assert sorted(told.values_list("user_id", flat=True)) == sorted([dpo.pk, staff.pk, viewer.pk])
    # No address, no e-mail; the others each get one, once, in the language they chose.
    mails = {m.recipient_user_id: m for m in OutboxMessage.objects.all()}
    assert set(mails) == {dpo.pk, staff.pk}
    assert mails[dpo.pk].key == f"inspection.close:7:{dpo.pk}"
    assert "Kết thúc cuộc kiểm tra KT-2026-0001" in mails[dpo.pk].body_text
    assert "Inspection KT-2026-0001 closed" in mails[staff.pk].body_text
    assert "Ghi chú của đoàn" in mails[staff.pk].body_text
    assert "/inspections/7/" in mails[staff.pk].body_text
