"""The portal's URLs plus the two baselines of the throughput benchmark.

- ``/bench/insert/``: a minimal view that inserts one row.
- ``/bench/same-writes/<slug>/``: the public form's work without the product's code around it:
  the same read of the organisation and the same rows (the request, its confirmation e-mail in
  the outbox, the audit event) in one transaction, through raw SQL, and the same Redis calls
  (the rate-limit counters, the relay kick after commit). The audit event goes through
  ``audit_record``: its table belongs to the audit ledger, whose shape is the ledger's to decide,
  and the form pays exactly the same for it. The form writes these same rows (the request, the
  outbox row, the audit event) in one statement instead of a transaction of three: the rows,
  not the way of writing them, are what this baseline keeps equal.
"""

import json
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from pdp_portal import ratelimit
from pdp_portal.audit.services import audit_record
from pdp_portal.notices.services import kick_relay
from pdp_portal.organizations.models import Organization
from pdp_portal.tokens import token_hash
from subjects_rights.models import RightsRequest

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


_REQUEST_SQL = """
INSERT INTO subjects_rights_rightsrequest (
    organization_id, reference, request_type, status, channel, full_name, email, phone,
    relationship, description, language, idempotency_key, confirm_token_hash, created_at,
    expires_at, extension_reason, outcome_note, refusal_ground, refusal_detail
) VALUES (%s, %s, %s, 'unverified', 'web', %s, %s, %s, %s, %s, 'vi', %s, %s, %s,
          %s + interval '7 days', '', '', '', '')
RETURNING id
"""

_OUTBOX_SQL = """
INSERT INTO notices_outboxmessage (
    key, organization_id, recipient, language, template, context, subject, body_text, body_html,
    status, attempts, last_error, created_at
) VALUES (%s, %s, %s, 'vi', 'rights_confirm', %s::jsonb, '', '', '', 'pending', 0, '', %s)
"""


@require_POST
def same_writes(request, slug):
    """Write what a public-form submission writes, with raw SQL, and redirect as the form does."""
    post = request.POST
    ratelimit.hits(
        [
            ("rights-ip", request.META.get("REMOTE_ADDR", ""), settings.RIGHTS_RATE_LIMIT_PER_IP),
            ("rights-email", post["email"], settings.RIGHTS_RATE_LIMIT_PER_IP),
        ],
        window=3600,
    )
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM organizations_organization WHERE slug = %s", [slug])
        organization = Organization(pk=cursor.fetchone()[0])
        cursor.execute(
            _REQUEST_SQL,
            [
                organization.pk,
                "YC-" + secrets.token_hex(6).upper(),
                post["request_type"],
                post["full_name"],
                post["email"],
                post["phone"],
                post["relationship"],
                post["description"],
                post["idempotency_key"],
                token_hash(token),
                now,
                now,
            ],
        )
        pk = cursor.fetchone()[0]
        context = {"reference": str(pk), "confirm_url": f"/r/confirm/{token}/"}
        cursor.execute(
            _OUTBOX_SQL,
            [f"rights.confirm:{pk}", organization.pk, post["email"], json.dumps(context), now],
        )
        audit_record(
            actor="subject",
            action="rights.submit",
            summary=f"{pk}: yêu cầu qua biểu mẫu công khai",
            obj=RightsRequest(pk=pk),
            organization=organization,
            data={"type": post["request_type"], "channel": "web"},
        )
        transaction.on_commit(kick_relay)
    return HttpResponseRedirect(f"/r/{slug}/sent/")


urlpatterns = [
    path("bench/insert/", insert_one),
    path("bench/same-writes/<slug:slug>/", same_writes),
    path("", include("pdp_portal.urls")),
]
