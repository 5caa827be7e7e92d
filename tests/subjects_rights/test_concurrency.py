"""Concurrent submissions: one stored request per idempotency key, never a 5xx."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from subjects_rights.models import RightsRequest

from .test_public import form_data


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submits_make_one_request_per_key(org):
    keys = [f"key-{n}" for n in range(8)]
    # Each key sent three times at once, as a double click plus a browser retry would.
    jobs = [key for key in keys for _ in range(3)]
    statuses: list[int] = []
    barrier = threading.Barrier(len(jobs))
    lock = threading.Lock()

    def submit(key):
        try:
            client = Client()
            barrier.wait(timeout=30)
            response = client.post(f"/r/{org.slug}/", form_data(key=key, email=f"{key}@example.vn"))
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    with (
        mock.patch("subjects_rights.public_views.RATE_LIMIT_PER_IP", 10_000),
        mock.patch("subjects_rights.public_views.RATE_LIMIT_PER_EMAIL", 10_000),
    ):
        threads = [threading.Thread(target=submit, args=(key,)) for key in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert len(statuses) == len(jobs)
    assert set(statuses) == {302}
    assert RightsRequest.objects.count() == len(keys)
    assert sorted(RightsRequest.objects.values_list("idempotency_key", flat=True)) == sorted(
        f"k-{key}" for key in keys
    )
