"""Statements prepared once per session (pdp_portal.prepared), as the audit append runs them.

Both ways to the database (the session's prepared statement, Django's cursor) must store the same
row; the prepared one must survive a new session, a refused write and a rolled-back transaction,
and stand aside where a pooler would lose it.
"""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import _statement, audit_record
from pdp_portal.prepared import _prepared

pytestmark = pytest.mark.django_db


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def _stored_columns(event) -> dict:
    row = AuditEvent.objects.filter(pk=event.pk).values().get()
    row.pop("id")
    row.pop("created_at")
    return row


def _append(dpo, org, action: str):
    return audit_record(
        returning_id=True,  # the prepared path
        actor=dpo,
        action=action,
        message="Thời hạn “%(what)s” đã quá hạn.",
        params={"what": "HS-01"},
        obj=org,
        organization=org,
        data={"text": 'Tên "Nguyễn" \\ 🚀', "n": [1, 1.5, None, True]},
    )


def test_both_ways_store_the_same_row(dpo, org):
    prepared = _append(dpo, org, "test.path")
    with CaptureQueriesContext(connection) as watched:
        through_django = _append(dpo, org, "test.path")

    assert any(q["sql"].startswith("INSERT INTO") for q in watched.captured_queries)
    assert _stored_columns(prepared) == _stored_columns(through_django)
    assert prepared.canonical() == AuditEvent.objects.get(pk=prepared.pk).canonical()
    assert through_django.pk > prepared.pk


def test_the_statement_is_prepared_once_per_session(dpo, org):
    append_name = _prepared(_statement(connection)[0])[1].split()[1]
    _append(dpo, org, "test.first")
    names = _prepared_names()
    assert append_name in names
    _append(dpo, org, "test.second")
    assert _prepared_names() == names


@pytest.mark.django_db(transaction=True)
def test_a_new_session_prepares_it_again(dpo, org):
    first = _append(dpo, org, "test.before")
    connection.close()  # a new session: its prepared statements are gone

    second = _append(dpo, org, "test.after")

    assert {e.action for e in AuditEvent.objects.filter(pk__in=[first.pk, second.pk])} == {
        "test.before",
        "test.after",
    }


@pytest.mark.django_db(transaction=True)
def test_a_refused_append_rolls_its_transaction_back_and_the_next_one_works(dpo, org):
    _append(dpo, org, "test.warm")  # prepared in this session
    before = AuditEvent.objects.count()

    with pytest.raises(DataError), transaction.atomic():
        audit_record(returning_id=True, actor="test", action="x" * 200, summary="Quá dài")
    # The refused append marked the block: nothing of it was kept.
    assert AuditEvent.objects.count() == before

    with transaction.atomic():
        kept = _append(dpo, org, "test.after_refusal")
    assert AuditEvent.objects.get(pk=kept.pk).action == "test.after_refusal"


@pytest.mark.django_db(transaction=True)
def test_behind_a_transaction_pooler_nothing_is_prepared(dpo, org):
    connection.close()
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        event = _append(dpo, org, "test.pooled")
        assert not {n for n in _prepared_names() if n.startswith("pdp_")}
        assert AuditEvent.objects.filter(pk=event.pk, action="test.pooled").exists()
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False
        connection.close()


def test_placeholders_become_numbered_parameters():
    prepare, execute = _prepared("INSERT INTO t (a, b) SELECT %s, (%s || new.id) FROM new")

    name = execute.split()[1]
    assert name.startswith("pdp_")
    assert prepare == f"PREPARE {name} AS INSERT INTO t (a, b) SELECT $1, ($2 || new.id) FROM new"
    assert execute == f"EXECUTE {name} (%s, %s)"
    # Without parameters, EXECUTE takes no parentheses; another text, another name.
    prepare, execute = _prepared("SELECT 1")
    assert execute.startswith("EXECUTE pdp_") and execute.split()[1] != name
    assert prepare == f"PREPARE {execute.split()[1]} AS SELECT 1"
    assert execute == f"EXECUTE {execute.split()[1]}"
    with pytest.raises(ValueError):
        _prepared("SELECT %s WHERE a LIKE '%%x'")


def test_the_connection_proxy_and_its_wrapper_share_the_sessions_statements():
    from django.db import connections

    from pdp_portal.prepared import fetch_one

    sql = "SELECT %s::int + 1"
    assert fetch_one(connection, sql, [1]) == (2,)  # django.db.connection: the proxy
    assert fetch_one(connection, sql, [2]) == (3,)
    assert fetch_one(connections["default"], sql, [3]) == (4,)
    assert sum(n == _prepared(sql)[1].split()[1] for n in _prepared_names()) == 1
