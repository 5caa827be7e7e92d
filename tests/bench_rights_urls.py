"""The portal's URLs plus the baseline of the throughput benchmark: a view that inserts one row."""

from django.db import connection
from django.http import HttpResponseRedirect
from django.urls import include, path
from django.views.decorators.http import require_POST

BASELINE_TABLE = "bench_rights_row"


@require_POST
def insert_one(request):
    """Insert one row and redirect, as the form does on success (same middleware, CSRF included)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BASELINE_TABLE} (created_at, body) VALUES (now(), %s)",
            [request.POST.get("description", "")],
        )
    return HttpResponseRedirect("/bench/done/")


urlpatterns = [
    path("bench/insert/", insert_one),
    path("", include("pdp_portal.urls")),
]
