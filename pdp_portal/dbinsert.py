"""One INSERT that leaves an existing row alone: ``INSERT ... ON CONFLICT DO NOTHING RETURNING``."""

from django.db import transaction


def _db_value(field, value, connection):
    # Text and empty values go to the database as they are; preparing each through its field
    # cost more than the insert.
    if value is None or type(value) is str:
        return value
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
    values = [_db_value(field, field.pre_save(instance, add=True), connection) for field in fields]
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
