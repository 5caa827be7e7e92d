import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from pdp_portal.downloads import document_response
from pdp_portal.organizations.permissions import MANAGE, get_organization_for_user
from pdp_portal.pagination import typed

from . import keys
from .models import AuditCheckpoint, AuditEvent
from .services import audit_record, inclusion_proof, latest_checkpoint, sealer_lag
from .verify import audit_verify_organization

PUBLIC_CHECKPOINTS = 50


def _org_context(request, organization) -> dict:
    events = AuditEvent.objects.filter(organization=organization).order_by("-id")
    action, actor, q = typed(request, "action"), typed(request, "actor"), typed(request)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if q:
        # The text is a message key and its parameters: a reference or a name is a parameter.
        events = events.filter(Q(message__icontains=q) | Q(params__icontains=q))
    actions = (
        AuditEvent.objects.filter(organization=organization)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    return {
        "organization": organization,
        "page": Paginator(events, 50).get_page(request.GET.get("page")),
        "actions": actions,
        "filters": {"action": action, "actor": actor, "q": q},
        "checkpoint": latest_checkpoint(),
        "lag": sealer_lag(),
    }


@login_required
def organization_audit(request, org_pk):
    """The organisation's audit trail, for its DPO: filter by action, actor and text."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    return render(request, "audit/organization.html", _org_context(request, organization))


@login_required
@require_POST
def organization_verify(request, org_pk):
    """Check every sealed event of the organisation against the latest signed checkpoint."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    result = audit_verify_organization(organization)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="audit.verify_organization",
            message=gettext_noop(
                "Kiểm tra nhật ký kiểm toán của tổ chức: %(events)s sự kiện, %(outcome)s"
            ),
            params={"events": result.events, "outcome": "OK" if result.ok else str(result.broken)},
            organization=organization,
        )
    context = _org_context(request, organization)
    context["verification"] = result
    return render(request, "audit/organization.html", context)


@login_required
@require_GET
def event_proof(request, org_pk, event_pk):
    """Download the inclusion proof of one of the organisation's events (JSON)."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    event = AuditEvent.objects.filter(organization=organization, pk=event_pk).first()
    if event is None:
        raise Http404
    proof = inclusion_proof(event)
    if proof is None:
        raise Http404("not sealed yet")
    body = json.dumps(proof, ensure_ascii=False, indent=2).encode("utf-8")
    return document_response(
        body, filename=f"audit-proof-{event.pk}.json", content_type="application/json"
    )


@require_GET
def transparency(request):
    """Public: the signed checkpoints of the audit log and the keys that check them."""
    checkpoints = AuditCheckpoint.objects.order_by("-tree_size")[:PUBLIC_CHECKPOINTS]
    return render(
        request,
        "audit/transparency.html",
        {"checkpoints": checkpoints, "latest": checkpoints[0] if checkpoints else None},
    )


@require_GET
def checkpoints_json(request):
    """Public: the latest signed checkpoints as JSON (newest first)."""
    rows = AuditCheckpoint.objects.order_by("-tree_size")[:PUBLIC_CHECKPOINTS]
    data = {
        "log": request.build_absolute_uri("/transparency/"),
        "checkpoints": [
            {
                "size": c.tree_size,
                "root": c.root_hash,
                "time": c.created_at.isoformat(),
                "jws": c.signature,
            }
            for c in rows
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def jwks(request):
    """Public: every key the portal signed with (JWK Set, RFC 7517)."""
    response = JsonResponse(keys.jwks())
    response["Cache-Control"] = "public, max-age=300"
    return response
