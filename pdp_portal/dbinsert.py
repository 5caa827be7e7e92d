"""One INSERT that leaves an existing row alone: ``INSERT ... ON CONFLICT DO NOTHING RETURNING``."""

import functools
import json
from datetime import datetime

from django.db import transaction
from django.db.models import Field, JSONField

from pdp_portal.prepared import fetch_one


def db_value(field, value, connection):
    """Return ``value`` as one INSERT sends it, skipping the field's preparation where it is
    only cost: text, whole numbers and empty values as they are, JSON as its text, and (on
    PostgreSQL) an aware datetime as ISO 8601 text, read as the same timestamptz."""
    if value is None or type(value) is str or type(value) is int:
        return value
    if isinstance(field, JSONField):
        # The text JSONField.get_db_prep_save would send (PostgreSQL reads the literal as jsonb).
        return json.dumps(value, cls=field.encoder)
    if connection.vendor == "postgresql" and isinstance(value, datetime):
        # psycopg2's datetime adapter costs an insert more CPU than the rest of its values.
        return value.isoformat()
    return field.get_db_prep_save(value, connection)


class NewKey:
    """A value of a row inserted along with another (``insert_unless_conflict(..., along=)``):
    that row's new primary key, as text after ``prefix``."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    def __repr__(self):
        return f"NewKey({self.prefix!r})"


def insert_unless_conflict(
    instance, conflict: tuple[str, ...], where: str = "", *, along=()
) -> bool:
    """Insert ``instance`` unless a row with the same ``conflict`` fields exists; say which.

    PostgreSQL, and SQLite since 3.35: a conflicting row (written before, or by a concurrent
    writer: the unique constraint) is left as it is and, unlike a failed insert, neither aborts
    the caller's transaction nor needs a savepoint. ``where`` is the condition of a partial
    unique constraint, in SQL. One statement, without the ORM's ``save()`` bookkeeping.

    ``along``: (row, conflict fields or ()) pairs inserted with ``instance`` and only if it is
    (a confirmation e-mail, an audit event); a ``NewKey`` among their values becomes
    ``instance``'s new key. On PostgreSQL all of them are one statement (data-modifying CTEs):
    one round trip, atomic by itself, so that a write outside a transaction needs no COMMIT.
    Elsewhere they are inserted one by one in a transaction.
    """
    connection = transaction.get_connection()
    if along and connection.vendor != "postgresql":
        with transaction.atomic(using=connection.alias):
            if not insert_unless_conflict(instance, conflict, where):
                return False
            for row, row_conflict in along:
                _resolve_new_keys(row, instance.pk)
                _insert_row(row, row_conflict, connection)
            return True
    values = _values(instance, connection)
    shape = []
    for row, row_conflict in along:
        row_values = _values(row, connection)
        shape.append((type(row), tuple(row_conflict), tuple(type(v) is NewKey for v in row_values)))
        values += [v.prefix if type(v) is NewKey else v for v in row_values]
    key = (connection.vendor, type(instance), tuple(conflict), where, tuple(shape))
    sql = _statements.get(key)
    if sql is None:
        sql = _statements[key] = _statement(connection, *key[1:])
    row = fetch_one(connection, sql, values)
    if row is None:
        return False
    _inserted(instance, row[0], connection)
    for other, _conflict in along:
        # Their own ids stay in the database (no one needs them): read the rows there if needed.
        _resolve_new_keys(other, instance.pk)
    return True


# The text of a statement depends only on the models, the conflict targets and which values are
# a NewKey: composed once, as the audit ledger's append is (pdp_portal.audit.services).
_statements: dict[tuple, str] = {}


def _statement(connection, model, conflict, where, along) -> str:
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    sql = _insert_sql(model, conflict, where, connection) + f" RETURNING {pk}"
    if not along:
        return sql
    parts = [f"WITH new AS ({sql})"]
    for n, (row_model, row_conflict, new_keys) in enumerate(along):
        # INSERT ... SELECT gives an untyped literal the column's type, as VALUES does (a text
        # too long for its column fails, it is never cut).
        select = [f"(%s || new.{pk})" if new else "%s" for new in new_keys]
        columns = [quote(field.column) for field in _stored_fields(row_model)]
        on_conflict = (
            f" ON CONFLICT ({', '.join(_columns(row_model, row_conflict, quote))}) DO NOTHING"
            if row_conflict
            else ""
        )
        parts.append(
            f"along{n} AS (INSERT INTO {quote(row_model._meta.db_table)} "
            f"({', '.join(columns)}) SELECT {', '.join(select)} FROM new{on_conflict})"
        )
    return ", ".join(parts) + f" SELECT new.{pk} FROM new"


@functools.cache
def _stored_fields(model) -> tuple:
    return tuple(field for field in model._meta.concrete_fields if not field.primary_key)


@functools.cache
def _own_pre_save(model) -> tuple[bool, ...]:
    """Whether each stored field of ``model`` computes its value on save (auto_now, a file):
    the others save the attribute as it is."""
    return tuple(type(field).pre_save is not Field.pre_save for field in _stored_fields(model))


def _values(instance, connection) -> list:
    """The values of an INSERT of ``instance``, a NewKey left as it is."""
    values = []
    model = type(instance)
    for field, own in zip(_stored_fields(model), _own_pre_save(model), strict=True):
        value = field.pre_save(instance, add=True) if own else getattr(instance, field.attname)
        values.append(value if type(value) is NewKey else db_value(field, value, connection))
    return values


def _columns(model, names, quote) -> list[str]:
    return [quote(model._meta.get_field(name).column) for name in names]


def _insert_sql(model, conflict, where, connection) -> str:
    quote = connection.ops.quote_name
    fields = _stored_fields(model)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if conflict:
        sql += (
            f" ON CONFLICT ({', '.join(_columns(model, conflict, quote))}) "
            f"{f'WHERE {where} ' if where else ''}DO NOTHING"
        )
    return sql


def _insert_row(instance, conflict, connection) -> None:
    if conflict:
        insert_unless_conflict(instance, conflict)
        return
    model = type(instance)
    sql = (
        _insert_sql(model, (), "", connection)
        + f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, _values(instance, connection))
        _inserted(instance, cursor.fetchone()[0], connection)


def _resolve_new_keys(instance, pk) -> None:
    for field in _stored_fields(type(instance)):
        value = getattr(instance, field.attname)
        if isinstance(value, NewKey):
            setattr(instance, field.attname, f"{value.prefix}{pk}")


def _inserted(instance, pk, connection) -> None:
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = connection.alias
