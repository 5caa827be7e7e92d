from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from pdp_portal.organizations.permissions import MANAGE, get_organization_for_user

from .models import AuditEvent


@login_required
def organization_audit(request, org_pk):
    """The organisation's audit trail, for its DPO: filter by action, actor and text."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    events = AuditEvent.objects.filter(organization=organization).order_by("-id")
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    q = request.GET.get("q", "").strip()
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if q:
        events = events.filter(summary__icontains=q)
    actions = (
        AuditEvent.objects.filter(organization=organization)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/organization.html",
        {
            "organization": organization,
            "page": page,
            "actions": actions,
            "filters": {"action": action, "actor": actor, "q": q},
        },
    )
