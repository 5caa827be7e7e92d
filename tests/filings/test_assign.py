"""Bulk assignment across kinds: each filing audited, the reviewer told once in the portal and
by e-mail, and a dossier keeps its own reviewer (its review clock's reminders follow him)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.models import Deadline
from pdp_portal.filings import services
from pdp_portal.filings.models import Filing
from pdp_portal.notices.models import Notification, OutboxMessage

pytestmark = pytest.mark.django_db


def filing_of(obj) -> Filing:
    return Filing.objects.get(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def test_three_kinds_are_assigned_at_once(regulator, reviewer, three):
    breach, dossier, application = three
    filings = [filing_of(o) for o in three]
    done = services.filings_assign(actor=regulator, filings=filings, reviewer=reviewer)
    assert len(done) == 3
    assert set(Filing.objects.values_list("assignee", flat=True)) == {reviewer.pk}
    dossier.refresh_from_db()
    assert dossier.assigned_reviewer == reviewer and dossier.status == "under_review"
    review = Deadline.objects.get(rule="dossier.review")
    assert review.responsible == reviewer
    actions = list(
        AuditEvent.objects.filter(action__in=["filing.assign", "dossier.assign"])
        .order_by("pk")
        .values_list("action", "object_type")
    )
    assert sorted(actions) == [
        ("dossier.assign", "dossiers.dossier"),
        ("filing.assign", "filings.filing"),
        ("filing.assign", "filings.filing"),
    ]
    assert {f.events.filter(kind="assigned").count() for f in Filing.objects.all()} == {1}
    mail = OutboxMessage.objects.get(template="filing_assigned")
    assert mail.recipient == reviewer.email
    for ref in (breach.reference, dossier.reference, application.reference):
        assert ref in mail.body_text
    assert Notification.objects.filter(user=reviewer, key__startswith="filing.assign:").count() == 1


def test_the_mail_reads_in_the_reviewer_language(regulator, reviewer, three):
    from pdp_portal.accounts.preferences import remember_language

    remember_language(reviewer, "en")
    services.filings_assign(actor=regulator, filings=[filing_of(three[0])], reviewer=reviewer)
    mail = OutboxMessage.objects.get(template="filing_assigned")
    assert "Breach notification " in mail.body_text and "Thông báo vi phạm" not in mail.body_text


def test_it_refuses_a_reviewer_who_is_not_of_the_agency(regulator, dpo, three):
    with pytest.raises(services.AssignError):
        services.filings_assign(actor=regulator, filings=[filing_of(three[0])], reviewer=dpo)
    with pytest.raises(services.AssignError):
        services.filings_assign(actor=dpo, filings=[filing_of(three[0])], reviewer=regulator)
    assert not Filing.objects.exclude(assignee=None).exists()
    assert not AuditEvent.objects.filter(action="filing.assign").exists()


def test_assigning_oneself_sends_nothing(regulator, three):
    services.filings_assign(actor=regulator, filings=[filing_of(three[0])], reviewer=regulator)
    assert filing_of(three[0]).assignee == regulator
    assert not OutboxMessage.objects.filter(template="filing_assigned").exists()
