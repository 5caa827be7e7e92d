"""Who may see which dossier: one gate for staff, one for the agency; 404 for missing and forbidden."""

from django.db.models import QuerySet

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, is_regulator, visible_organizations

from .models import Dossier


def visible_dossiers(user, perm: str = VIEW) -> QuerySet[Dossier]:
    """Return the dossiers of the organisations on which ``user`` holds ``perm``."""
    return Dossier.objects.filter(organization__in=visible_organizations(user, perm).values("pk"))


def get_dossier_for_user(user, pk, perm: str = VIEW) -> Dossier:
    """Return the dossier, or raise Http404 for missing and forbidden alike."""
    return one_or_404(visible_dossiers(user, perm).select_related("organization"), "dossier", pk=pk)


def submitted_dossiers(user) -> QuerySet[Dossier]:
    """Return what the agency may see: dossiers filed at least once, never drafts."""
    if not is_regulator(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(first_submitted_at__isnull=False)


def get_submitted_dossier_for_regulator(user, pk) -> Dossier:
    """Return a filed dossier for a reviewer of the agency, or raise Http404."""
    return one_or_404(submitted_dossiers(user).select_related("organization"), "dossier", pk=pk)
