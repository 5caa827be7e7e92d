"""The portal's URLs plus the single-call baseline: a minimal DRF view that inserts one row,
behind the same key authentication as the consent API."""

import json

from django.db import connection
from django.urls import path
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response

from consents.api import HasPropertyKey, PropertyKeyAuthentication
from pdp_portal import urls as portal_urls


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


# At the depth of the API's own routes (just before api/v1/): Django tries every earlier pattern
# first, and a baseline resolved first would be spared that.
urlpatterns = list(portal_urls.urlpatterns)
urlpatterns.insert(
    next(i for i, p in enumerate(urlpatterns) if str(p.pattern) == "api/v1/"),
    path("bench/drf-insert/", drf_insert),
)
