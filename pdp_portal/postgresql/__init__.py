"""Django's PostgreSQL backend, with a transaction's BEGIN and its audit appends sent along with
other statements (see ``base``)."""
