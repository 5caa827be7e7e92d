"""Django's PostgreSQL backend (psycopg2), sending fewer messages per transaction.

With psycopg2 as Django drives it, every ``transaction.atomic`` block costs two messages of its
own: psycopg2 sends BEGIN by itself before the block's first statement, and COMMIT at its end;
and every audit event (``pdp_portal.audit.services.audit_record``) is one more INSERT. With many
writers on few cores each message is a wait and two context switches: the audit ledger's
benchmark (tests/bench_audit.py) measured that one extra statement per transaction, whatever it
does, costs sixteen writers a quarter of their throughput.

So psycopg2 stays in autocommit mode and this backend opens the atomic block's transaction itself:
- BEGIN waits and is sent in the same message as the block's first statement
  (``BEGIN; SELECT ...``); a block that runs no statement sends nothing at all.
- A statement may be *deferred* (``Session.defer``): it is sent, in order, in the same message
  as the transaction's next statement, or as its COMMIT. The audit append uses it, so an audited
  transaction sends no more messages than the same transaction without its event.

Nothing changes in what the server runs or in what order: the statements are only grouped into
fewer messages. A deferred statement runs before the next one, so later reads of the same
transaction see its row; inside a savepoint it rolls back with the savepoint; if it fails, the
statement it travelled with reports the error and the transaction rolls back as a whole, as it
would have. Server-side cursors (``QuerySet.iterator()``) send what waits before they are
declared. A transaction opened by ``set_autocommit(False)`` rather than by ``atomic`` is
psycopg2's own, as in Django's backend.
"""

import psycopg2
import psycopg2.extensions
from django.db.backends.postgresql import base as postgresql
from django.db.backends.postgresql.psycopg_any import IsolationLevel, is_psycopg3
from django.db.backends.utils import debug_transaction

from pdp_portal.prepared import execute_of

IDLE = psycopg2.extensions.TRANSACTION_STATUS_IDLE


class Cursor(psycopg2.extensions.cursor):
    """A cursor that sends what waits on its session in the same message as its statement."""

    def execute(self, query, vars=None):
        session = self.connection
        session.messages += 1
        if session.waiting:
            if self.name is not None:  # a server-side cursor's DECLARE takes one statement
                session.send_waiting()
            else:
                query = session.take_waiting(query, formatted=vars is not None)
        return super().execute(query, vars)

    def executemany(self, query, vars_list):
        self.connection.send_waiting()
        self.connection.messages += 1  # one count, however many rows
        return super().executemany(query, vars_list)

    def callproc(self, procname, parameters=None):
        self.connection.send_waiting()
        return super().callproc(procname, parameters)

    def copy_expert(self, sql, file, size=8192):
        self.connection.send_waiting()
        return super().copy_expert(sql, file, size)


class Session(psycopg2.extensions.connection):
    """A psycopg2 connection whose ``atomic`` transactions this backend opens and ends itself.

    ``waiting`` holds the statements not sent yet: the transaction's BEGIN until its first
    statement, then what ``defer`` was given. ``messages`` counts the messages sent through this
    backend's paths (BEGIN, statements, COMMIT, ROLLBACK), for the benchmarks and tests.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_transaction = False  # an atomic block's transaction, opened by begin()
        self.begin_sql = "BEGIN"
        self.waiting: list[str] = []
        self.messages = 0
        self._quoting = None  # a cursor that only quotes parameters (mogrify)

    # --- the transaction ----------------------------------------------------------------------

    def begin(self) -> None:
        """Open a transaction: BEGIN waits for the first statement."""
        self.in_transaction = True
        self.waiting = [self.begin_sql]

    def defer(self, sql: str, params) -> None:
        """Send ``sql`` with ``params`` (``%s`` placeholders) with the transaction's next
        statement, or as its COMMIT."""
        if not self.in_transaction:
            raise psycopg2.ProgrammingError("a statement can only be deferred in a transaction")
        quoting = self._quoting
        if quoting is None or quoting.closed:
            quoting = self._quoting = psycopg2.extensions.cursor(self)
        self.waiting.append(quoting.mogrify(sql, params).decode())

    def commit(self):
        if not self.in_transaction:
            return super().commit()
        waiting = self.waiting
        if waiting != [self.begin_sql]:  # else the block ran no statement: nothing to end
            # On failure the transaction stays open here: Django rolls it back.
            self.waiting = []
            self._send("; ".join([*waiting, "COMMIT"]))
        self._end()
        return None

    def rollback(self):
        if not self.in_transaction:
            return super().rollback()
        self.waiting = []
        # Nothing to end if BEGIN was never sent, or if the server ended it (a failed COMMIT).
        if self.info.transaction_status != IDLE:
            self._send("ROLLBACK")
        self._end()
        return None

    def _end(self) -> None:
        self.in_transaction = False
        self.waiting = []

    # --- sending --------------------------------------------------------------------------------

    def take_waiting(self, query, *, formatted: bool):
        """Return ``query`` preceded by what waits; nothing waits after."""
        prefix = "; ".join(self.waiting) + "; "
        self.waiting = []
        if formatted:  # psycopg2 will apply the parameters to the whole text
            prefix = prefix.replace("%", "%%")
        if isinstance(query, bytes):
            return prefix.encode(psycopg2.extensions.encodings[self.encoding]) + query
        if not isinstance(query, str):  # a psycopg2.sql.Composable
            query = query.as_string(self)
        return prefix + query

    def send_waiting(self) -> None:
        """Send what waits, alone."""
        if self.waiting:
            waiting, self.waiting = self.waiting, []
            self._send("; ".join(waiting))

    def _send(self, sql: str) -> None:
        self.messages += 1
        with psycopg2.extensions.cursor(self) as cursor:
            cursor.execute(sql)


class DatabaseWrapper(postgresql.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        if not is_psycopg3:
            params["connection_factory"] = Session
            if params.get("cursor_factory") is postgresql.Cursor:  # Django's default
                params["cursor_factory"] = Cursor
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if isinstance(connection, Session) and "isolation_level" in self.settings_dict["OPTIONS"]:
            level = IsolationLevel(self.isolation_level).name.replace("_", " ")
            connection.begin_sql = f"BEGIN ISOLATION LEVEL {level}"
        return connection

    def _start_transaction_under_autocommit(self):
        """Called by ``atomic`` on entering its outermost block (Django's hook for backends
        that keep the driver in autocommit mode): the transaction begins with its first
        statement."""
        with debug_transaction(self, "BEGIN"), self.wrap_database_errors:
            session = self.connection
            if isinstance(session, Session) and issubclass(session.cursor_factory, Cursor):
                session.begin()
            else:
                self.connection.autocommit = False

    def defer(self, sql: str, params, *, prepared: bool = False) -> bool:
        """Send ``sql`` with the transaction's next statement, or as its COMMIT, if it can be:
        inside an atomic block this backend opened, with nobody watching the queries (the query
        log, ``assertNumQueries`` and execute wrappers see each statement as it runs). With
        ``prepared``, what is sent is the EXECUTE of ``sql`` prepared once per session, where
        statements are prepared (``pdp_portal.prepared``). Return whether it will be sent so;
        if not, the caller executes it itself."""
        session = self.connection
        if not (
            isinstance(session, Session)
            and session.in_transaction
            and self.in_atomic_block
            and not self.execute_wrappers
            and not self.queries_logged
        ):
            return False
        self.validate_no_broken_transaction()
        with self.wrap_database_errors:
            if prepared:
                sql = execute_of(self, sql) or sql
            session.defer(sql, params)
        return True

    def make_debug_cursor(self, cursor):
        """Watched queries (the query log, ``assertNumQueries``) are sent one a message, so the
        log shows each statement as it ran, not with what travelled with it."""
        if isinstance(self.connection, Session):
            with self.wrap_database_errors:
                self.connection.send_waiting()
        return super().make_debug_cursor(cursor)

    def create_cursor(self, name=None):
        if name and isinstance(self.connection, Session) and self.connection.waiting:
            with self.wrap_database_errors:
                self.connection.send_waiting()
        return super().create_cursor(name)
