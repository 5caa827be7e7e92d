"""Who may reach which request: staff of its organisation only (regulators never)."""

from django.http import Http404

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import CHANGE, VIEW, visible_organizations
from pdp_portal.tokens import token_hash

from .models import RightsRequest

__all__ = ["CHANGE", "VIEW", "get_request_for_user", "get_request_for_token", "visible_requests"]


def visible_requests(user, perm: str = VIEW):
    """Return the requests of the organisations on which ``user`` holds ``perm``."""
    return RightsRequest.objects.filter(organization__in=visible_organizations(user, perm))


def get_request_for_user(user, pk, perm: str = VIEW) -> RightsRequest:
    """Return the request, or raise Http404 for missing and forbidden alike."""
    return one_or_404(
        visible_requests(user, perm).select_related("organization", "assignee"), "request", pk=pk
    )


def get_request_for_token(token: str) -> RightsRequest:
    """Return the confirmed request a tracking token opens, or raise Http404 (no hint why)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import TRACKING_DAYS_AFTER_CLOSE

    if not token or len(token) > 100:
        raise Http404
    request = (
        RightsRequest.objects.select_related("organization")
        .filter(tracking_token_hash=token_hash(token))
        .first()
    )
    if request is None:
        raise Http404
    # Portal policy: a closed request's link stops working some time after it was closed.
    if (
        request.closed_at
        and request.closed_at + timedelta(days=TRACKING_DAYS_AFTER_CLOSE) < timezone.now()
    ):
        raise Http404
    return request
