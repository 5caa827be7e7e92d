"""Who may reach which obligation: the organisation's gate, then the row; 404 for both."""

from django.http import Http404

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, get_organization_for_user

from .catalogue import CATALOGUE
from .models import ObligationState


def get_obligation_for_user(user, org_pk, code: str, perm: str = VIEW) -> ObligationState:
    """Return the organisation's obligation, or raise Http404 for missing and forbidden alike."""
    organization = get_organization_for_user(user, org_pk, perm)
    if code not in CATALOGUE:
        raise Http404("No such obligation")
    try:
        return ObligationState.objects.select_related("organization", "owner", "deadline").get(
            organization=organization, code=code
        )
    except ObligationState.DoesNotExist:
        raise Http404("No such obligation") from None


def get_row_for_user(user, model, org_pk, pk, perm: str = VIEW):
    """Return one register row (AI system, contract, ...) of a visible organisation, or 404."""
    organization = get_organization_for_user(user, org_pk, perm)
    return one_or_404(model.objects, "row", organization=organization, pk=pk)
