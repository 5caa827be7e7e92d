"""A fresh benchmark database on the PostgreSQL of DATABASE_URL, and Django set up on it."""

import os
import sys


def fresh_database(name: str, *, needs_redis: bool = True) -> str:
    """Point DATABASE_URL at a new, empty database ``name`` on the same server; return it."""
    import psycopg2

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or (needs_redis and not os.environ.get("REDIS_URL")):
        needs = "PostgreSQL and Redis" if needs_redis else "PostgreSQL"
        sys.exit(f"The benchmark needs {needs}: run it with `make bench`.")
    server, _, _name = url.partition("?")[0].rpartition("/")
    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    connection.close()
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    return os.environ["DATABASE_URL"]


def setup_django(settings_module: str) -> None:
    """Set Django up with ``settings_module`` and migrate the database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
