"""The PostgreSQL backend (pdp_portal/postgresql): an atomic block's BEGIN travels with its first
statement, a deferred audit append with the next statement or the COMMIT. What the server runs,
and in what order, must not change: these tests commit for real (transaction=True)."""

import psycopg2.extensions
import pytest
from django.db import DataError, IntegrityError, ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext
from psycopg2.extras import execute_values

from pdp_portal.audit.models import AuditEvent
from pdp_portal.audit.services import audit_record
from pdp_portal.postgresql.base import Session

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE backend_probe (id serial PRIMARY KEY, v text UNIQUE)")
    yield "backend_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE backend_probe")


def _insert(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO backend_probe (v) VALUES (%s)", [value])


def _values() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM backend_probe ORDER BY id")
        return [v for (v,) in cursor.fetchall()]


def _append(action: str, **kwargs) -> AuditEvent:
    return audit_record(actor="test", action=action, summary=f"Sự kiện {action}", **kwargs)


def _messages() -> int:
    return connection.connection.messages


def _status() -> int:
    return connection.connection.info.transaction_status


def test_the_connection_is_the_backends_session():
    connection.ensure_connection()
    assert isinstance(connection.connection, Session)
    assert connection.connection.autocommit  # the backend, not psycopg2, opens transactions


def test_an_audited_transaction_sends_as_many_messages_as_the_plain_one(table):
    with transaction.atomic():  # the session prepares the append's INSERT the first time
        _append("test.warm")
    start = _messages()
    with transaction.atomic():
        _insert("plain")
    plain = _messages() - start

    start = _messages()
    with transaction.atomic():
        _insert("audited")
        event = _append("test.deferred")
    audited = _messages() - start

    # The INSERT with BEGIN, then COMMIT; the event travelled with the COMMIT.
    assert plain == audited == 2
    assert event is None  # no id yet: nothing to return
    assert AuditEvent.objects.filter(action="test.deferred").count() == 1
    assert _values() == ["plain", "audited"]
    assert _status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE


def test_a_block_that_runs_no_statement_sends_nothing():
    connection.ensure_connection()
    start = _messages()
    with transaction.atomic():
        pass
    assert _messages() == start
    assert _status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE


def test_a_deferred_event_is_seen_by_the_next_statement_of_its_transaction():
    with transaction.atomic():
        _append("test.seen")
        assert AuditEvent.objects.filter(action="test.seen").count() == 1
        assert not connection.connection.waiting


def test_a_rollback_takes_the_deferred_event_and_the_change_with_it(table):
    with pytest.raises(RuntimeError), transaction.atomic():
        _insert("gone")
        _append("test.gone")
        raise RuntimeError

    assert _values() == []
    assert not AuditEvent.objects.filter(action="test.gone").exists()
    assert _status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE


def test_a_savepoint_keeps_what_came_before_it_and_drops_what_it_held(table):
    with transaction.atomic():
        _insert("kept")
        _append("test.before_savepoint")  # travels with the SAVEPOINT: before it
        with pytest.raises(IntegrityError), transaction.atomic():
            _append("test.in_savepoint")
            _insert("kept")  # duplicate: the savepoint rolls back, with the event it held
        _append("test.after_savepoint")

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"test.before_savepoint", "test.after_savepoint"} <= actions
    assert "test.in_savepoint" not in actions
    assert _values() == ["kept"]


def test_a_refused_deferred_append_fails_the_commit_and_keeps_nothing(table):
    with pytest.raises(DataError), transaction.atomic():
        _insert("refused")
        _append("x" * 200)  # longer than the column: refused when sent, with the COMMIT

    assert _values() == []
    assert _status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
    with transaction.atomic():  # the connection works on
        _insert("after")
        _append("test.after_refusal")
    assert _values() == ["after"]
    assert AuditEvent.objects.filter(action="test.after_refusal").exists()


def test_a_failing_first_statement_leaves_no_transaction_open(table):
    with pytest.raises(ProgrammingError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    assert _status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
    _insert("autocommit")  # outside any block: committed at once
    assert _values() == ["autocommit"]


def test_percent_signs_in_a_deferred_event_survive_the_next_statements_parameters(table):
    data = {"text": "100% đúng, %s và %(x)s"}
    with transaction.atomic():
        _append("test.percent", data=data)
        _insert("50%")  # a statement with parameters: psycopg2 formats the whole message

    assert AuditEvent.objects.get(action="test.percent").data == data
    assert _values() == ["50%"]


def test_a_server_side_cursor_sees_what_waited_before_it(table):
    with transaction.atomic():
        _append("test.iterated")
        seen = [e.action for e in AuditEvent.objects.filter(action="test.iterated").iterator()]
    assert seen == ["test.iterated"]


def test_executemany_and_a_driver_built_statement_send_what_waits_first(table):
    with transaction.atomic():
        _append("test.many")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO backend_probe (v) VALUES (%s)", [["a"], ["b"]])
        _append("test.values")
        with connection.cursor() as cursor:  # execute_values sends one bytes statement
            execute_values(cursor.cursor, "INSERT INTO backend_probe (v) VALUES %s", [("c",)])

    assert _values() == ["a", "b", "c"]
    assert AuditEvent.objects.filter(action__in=["test.many", "test.values"]).count() == 2


def test_copy_and_a_procedure_call_send_what_waits_first(table):
    import io

    with transaction.atomic():
        _append("test.copy")
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert("COPY backend_probe (v) FROM STDIN", io.StringIO("d\n"))
        assert not connection.connection.waiting
        _append("test.callproc")
        with connection.cursor() as cursor:
            cursor.callproc("pg_sleep", [0])
        assert not connection.connection.waiting

    assert _values() == ["d"]
    assert AuditEvent.objects.filter(action__in=["test.copy", "test.callproc"]).count() == 2


def test_watched_queries_and_autocommit_append_at_once():
    with transaction.atomic(), CaptureQueriesContext(connection) as watched:
        _append("test.watched")
        assert AuditEvent.objects.filter(action="test.watched").count() == 1
    assert watched.captured_queries[0]["sql"].startswith("INSERT INTO")  # alone, at once

    with CaptureQueriesContext(connection):
        _append("test.autocommit")  # no block: its own statement, committed
    assert not connection.connection.waiting
    assert AuditEvent.objects.filter(action="test.autocommit").exists()


def test_returning_id_appends_at_once_and_returns_the_stored_event():
    with transaction.atomic():
        event = _append("test.returned", returning_id=True)
        assert not connection.connection.waiting  # sent at once, with the BEGIN
    assert AuditEvent.objects.get(pk=event.pk).canonical() == event.canonical()


def test_the_query_log_still_shows_begin_and_commit(table):
    with CaptureQueriesContext(connection) as watched, transaction.atomic():
        _insert("logged")
    assert [q["sql"] for q in watched.captured_queries][0] == "BEGIN"
    assert [q["sql"] for q in watched.captured_queries][-1] == "COMMIT"


def test_a_transaction_opened_by_set_autocommit_is_psycopg2s_own(table):
    transaction.set_autocommit(False)
    try:
        _insert("manual")
        _append("test.manual")  # not an atomic block: executed at once
        assert not connection.connection.waiting
        assert AuditEvent.objects.filter(action="test.manual").exists()
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)
    assert _values() == []
    assert not AuditEvent.objects.filter(action="test.manual").exists()


def test_a_configured_isolation_level_is_the_one_begin_asks_for():
    connection.close()
    connection.settings_dict["OPTIONS"]["isolation_level"] = (
        psycopg2.extensions.ISOLATION_LEVEL_SERIALIZABLE
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone() == ("serializable",)
    finally:
        del connection.settings_dict["OPTIONS"]["isolation_level"]
        connection.close()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        assert cursor.fetchone() == ("read committed",)


def test_the_deferred_append_is_the_execute_of_its_prepared_insert_unless_pooled():
    with transaction.atomic():
        _append("test.prepared")
        assert connection.connection.waiting[-1].startswith("EXECUTE pdp_")

    connection.close()
    pooled = connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"]
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True  # DB_TRANSACTION_POOLING
    try:
        with transaction.atomic():
            _append("test.pooled")
            assert connection.connection.waiting[-1].startswith("INSERT INTO")
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = pooled
        connection.close()
    assert AuditEvent.objects.filter(action__in=["test.prepared", "test.pooled"]).count() == 2
