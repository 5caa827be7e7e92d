"""insert_unless_conflict with rows along: one statement, all or nothing, the new key in them."""

from unittest import mock

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_event_new
from pdp_portal.dbinsert import NewKey, insert_unless_conflict
from pdp_portal.notices.models import OutboxMessage
from pdp_portal.notices.services import outbox_email_new
from tests.factories import make_organization

pytestmark = pytest.mark.django_db


def _rows(org, key: str, *, action: str = "test.along"):
    """A message (the row inserted) and an audit event naming it (the row along)."""
    message = outbox_email_new(
        key=key,
        recipient="ha@example.vn",
        template="rights_confirm",
        context={"reference": "YC-1"},
        language="vi",
        organization=org,
        render_later=True,
    )
    event = audit_event_new(actor="subject", action=action, message="%(ref)s", obj=message)
    event.object_id = NewKey("message:")
    event.organization_id = org.pk
    return message, event


def test_the_rows_along_are_written_in_the_same_statement_with_the_new_key():
    org = make_organization()
    message, event = _rows(org, "along-1")
    with CaptureQueriesContext(connection) as captured:
        assert insert_unless_conflict(message, ("key",), along=[(event, ())])
    assert len([q for q in captured if "SAVEPOINT" not in q["sql"]]) == 1
    stored = AuditEvent.objects.get(action="test.along")
    assert stored.object_id == f"message:{message.pk}" == event.object_id
    assert (stored.organization_id, stored.message) == (org.pk, "%(ref)s")
    assert OutboxMessage.objects.get(pk=message.pk).context == {"reference": "YC-1"}


def test_a_conflict_writes_none_of_the_rows_along():
    org = make_organization()
    first, _event = _rows(org, "along-2")
    assert insert_unless_conflict(first, ("key",))
    again, event = _rows(org, "along-2")
    assert not insert_unless_conflict(again, ("key",), along=[(event, ())])
    assert not AuditEvent.objects.filter(action="test.along").exists()
    assert OutboxMessage.objects.filter(key="along-2").count() == 1


def test_a_row_along_that_fails_takes_the_row_with_it():
    """A value too long for its column fails the statement (never cut): nothing is written."""
    org = make_organization()
    message, event = _rows(org, "along-3", action="x" * 200)  # the column holds 80
    with pytest.raises(DataError), transaction.atomic():
        insert_unless_conflict(message, ("key",), along=[(event, ())])
    assert not OutboxMessage.objects.filter(key="along-3").exists()
    assert not AuditEvent.objects.filter(object_id__startswith="message:").exists()


def test_another_database_gets_the_same_rows_one_insert_after_the_other():
    org = make_organization()
    message, event = _rows(org, "along-4")
    with mock.patch.object(connection, "vendor", "sqlite"):
        assert insert_unless_conflict(message, ("key",), along=[(event, ())])
        again, other = _rows(org, "along-4")
        assert not insert_unless_conflict(again, ("key",), along=[(other, ())])
    [stored] = AuditEvent.objects.filter(action="test.along")
    assert stored.object_id == f"message:{message.pk}"
    assert event.pk == stored.pk
