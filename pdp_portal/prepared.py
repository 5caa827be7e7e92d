"""Statements prepared once per database session, for the writes on every request's path.

A statement composed once (the audit append, the public form's one INSERT) is prepared on the
PostgreSQL session the first time it runs there and executed by name after: the server neither
parses nor plans it again, and the client skips Django's cursor wrapper. Both cost as much as the
insert itself (tests/bench_audit.py, tests/bench_rights_profile.py).

Django's cursor is used instead, with the statement's text, where:
- someone watches the queries (DEBUG's query log, assertNumQueries, an execute wrapper): they see
  the statement as it is;
- the database is not PostgreSQL;
- a pooler in transaction mode sits in between (``DB_TRANSACTION_POOLING``, which sets Django's
  ``DISABLE_SERVER_SIDE_CURSORS``): a session's prepared statements would not follow it from one
  transaction to the next.

A prepared statement belongs to the session, not to a transaction: a rollback keeps it, and a new
session (a reconnection) prepares it again.
"""

import hashlib

from django.db import transaction

_PARAM = "%s"
_EXISTS = "SELECT 1 FROM pg_prepared_statements WHERE name = %s"


def fetch_one(connection, sql: str, params: list):
    """Execute ``sql`` (``%s`` placeholders) with ``params``; return its first row, or None."""
    if not _prepared_allowed(connection):
        with (
            transaction.mark_for_rollback_on_error(connection.alias),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
            return cursor.fetchone()
    try:
        with connection.wrap_database_errors:
            cursor, execute = _execute_of(connection, sql)
            cursor.execute(execute, params)
            return cursor.fetchone()
    except Exception:
        # What transaction.mark_for_rollback_on_error does, without its generator's cost.
        if connection.in_atomic_block:
            connection.needs_rollback = True
        raise


def execute_of(connection, sql: str) -> str | None:
    """Return the EXECUTE (``%s`` placeholders) of ``sql`` prepared on the connection's session,
    for a caller that sends it its own way; None where statements are not prepared."""
    if not _prepared_allowed(connection):
        return None
    held = getattr(connection, "_pdp_prepared", None)
    if held is not None and held[0] is connection.connection and sql in held[2]:
        return held[2][sql]  # prepared on this very session: nothing to check
    try:
        with connection.wrap_database_errors:
            return _execute_of(connection, sql)[1]
    except Exception:
        if connection.in_atomic_block:
            connection.needs_rollback = True
        raise


def _execute_of(connection, sql: str):
    """Return the session's cursor for prepared statements and the EXECUTE of ``sql``,
    preparing it the first time on this session."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    session = connection.connection
    held = getattr(connection, "_pdp_prepared", None)
    if held is None or held[0] is not session:
        connection.validate_thread_sharing()
        held = connection._pdp_prepared = (session, session.cursor(), {})
    _session, cursor, executes = held
    execute = executes.get(sql)
    if execute is None:
        prepare, execute = _prepared(sql)
        # Once per session and statement, so the check costs nothing after: should this
        # wrapper's record of the session be lost while the session lives, a second
        # PREPARE would fail the caller's transaction.
        cursor.execute(_EXISTS, [execute.split()[1]])
        if cursor.fetchone() is None:
            cursor.execute(prepare)
        executes[sql] = execute
    return cursor, execute


def _prepared_allowed(connection) -> bool:
    return (
        connection.vendor == "postgresql"
        and not connection.queries_logged
        and not connection.execute_wrappers
        and not connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS")
    )


def _prepared(sql: str) -> tuple[str, str]:
    """Return the PREPARE of ``sql`` (named after its text) and the EXECUTE of it."""
    pieces = sql.split(_PARAM)
    if any("%" in piece for piece in pieces):
        raise ValueError("a prepared statement takes %s placeholders and no other %")
    numbered = "".join(
        piece + (f"${n}" if n < len(pieces) else "") for n, piece in enumerate(pieces, start=1)
    )
    name = "pdp_" + hashlib.sha256(sql.encode()).hexdigest()[:20]
    count = len(pieces) - 1
    execute = f"EXECUTE {name}" + (f" ({', '.join([_PARAM] * count)})" if count else "")
    return f"PREPARE {name} AS {numbered}", execute
