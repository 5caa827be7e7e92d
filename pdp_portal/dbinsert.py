"""One INSERT that leaves an existing row alone: ``INSERT ... ON CONFLICT DO NOTHING RETURNING``."""

import json
from datetime import datetime

from django.db import transaction
from django.db.models import JSONField


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


def insert_unless_conflict(instance, conflict: tuple[str, ...], where: str = "") -> bool:
    """Insert ``instance`` unless a row with the same ``conflict`` fields exists; say which.

    PostgreSQL, and SQLite since 3.35: a conflicting row (written before, or by a concurrent
    writer: the unique constraint) is left as it is and, unlike a failed insert, neither aborts
    the caller's transaction nor needs a savepoint. ``where`` is the condition of a partial
    unique constraint, in SQL. One statement, without the ORM's ``save()`` bookkeeping.
    """
    opts = instance._meta
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    values = [db_value(field, field.pre_save(instance, add=True), connection) for field in fields]
    target = ", ".join(quote(opts.get_field(name).column) for name in conflict)
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) "
        f"ON CONFLICT ({target}) {f'WHERE {where} ' if where else ''}DO NOTHING "
        f"RETURNING {quote(opts.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
