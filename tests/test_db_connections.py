"""Kept database connections survive the server dropping them (restart, failover, idle timeout).

A real gunicorn keeps its connection between requests (DB_CONN_MAX_AGE); PostgreSQL then ends
every session of the database, as a restart would. The next request must still be answered.
"""

import pytest
from django.db import connection

from tests.factories import make_organization
from tests.subjects_rights.servers import Gunicorn, database_url, request, server_env

pytestmark = pytest.mark.django_db(transaction=True)


def _end_other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        return cursor.fetchone()[0]


def test_a_request_after_the_database_dropped_the_kept_connection_is_answered(tmp_path):
    organization = make_organization(slug="ket-noi")
    env = server_env(
        database_url=database_url(connection.settings_dict),
        redis_url="",
        var_dir=tmp_path / "var",
        DB_CONN_MAX_AGE="60",
    )
    web = Gunicorn(tmp_path, env, workers=1).start()
    try:
        path = f"/r/{organization.slug}/"
        assert request(web.port, "GET", path)[0] == 200
        # The worker kept its connection: it is there to be ended.
        assert _end_other_sessions() >= 1
        for _ in range(3):
            status, _headers, body = request(web.port, "GET", path)
            assert status == 200, body[:500]
    finally:
        web.stop()
