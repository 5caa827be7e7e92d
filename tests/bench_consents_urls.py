"""The portal's URLs plus the single-call baseline: a minimal DRF view that inserts one row,
behind the same key authentication as the consent API."""

import json

from django.db import connection
from django.urls import include, path
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from consents.api import HasPropertyKey, PropertyKeyAuthentication


@api_view(["POST"])
@authentication_classes([PropertyKeyAuthentication])
@permission_classes([HasPropertyKey])
def drf_insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_consent_row (created_at, body) VALUES (now(), %s)",
            [json.dumps(request.data)],
        )
    return Response({"ok": True}, status=201)


urlpatterns = [
    path("bench/drf-insert/", drf_insert),
    path("", include("pdp_portal.urls")),
]
