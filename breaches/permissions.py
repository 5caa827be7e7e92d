"""Who may see which breach: one gate for staff, one for the agency; 404 for missing and forbidden."""

from django.db.models import QuerySet

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, is_regulator, visible_organizations

from .models import Breach


def visible_breaches(user, perm: str = VIEW) -> QuerySet[Breach]:
    """Return the breaches of the organisations on which ``user`` holds ``perm``."""
    return Breach.objects.filter(organization__in=visible_organizations(user, perm).values("pk"))


def get_breach_for_user(user, pk, perm: str = VIEW) -> Breach:
    """Return the breach, or raise Http404 for missing and forbidden alike."""
    return one_or_404(visible_breaches(user, perm).select_related("organization"), "breach", pk=pk)


def submitted_breaches(user) -> QuerySet[Breach]:
    """Return what the agency may see: notifications actually submitted, never drafts."""
    if not is_regulator(user):
        return Breach.objects.none()
    return Breach.objects.filter(submitted_at__isnull=False)


def get_submitted_breach_for_regulator(user, pk) -> Breach:
    """Return a submitted breach for a reviewer of the agency, or raise Http404."""
    return one_or_404(submitted_breaches(user).select_related("organization"), "breach", pk=pk)
