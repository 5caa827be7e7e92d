"""Who reaches which inspection: the organisation once told, the agency through its own pages."""

from django.http import Http404

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, is_regulator, visible_organizations

from .models import VISIBLE_TO_ORGANIZATION, Bundle, Inspection, RemediationEvidence


def visible_inspections(user, perm: str = VIEW):
    """Return the inspections of the user's organisations that the organisation has been told of."""
    return Inspection.objects.filter(
        organization__in=visible_organizations(user, perm), status__in=VISIBLE_TO_ORGANIZATION
    ).select_related("organization")


def get_inspection_for_user(user, pk, perm: str = VIEW) -> Inspection:
    """Return the inspection, or raise Http404 for missing and forbidden alike."""
    return one_or_404(visible_inspections(user, perm), "inspection", pk=pk)


def get_inspection_for_regulator(user, pk) -> Inspection:
    if not is_regulator(user):
        raise Http404("Not a regulator")
    return one_or_404(Inspection.objects.select_related("organization"), "inspection", pk=pk)


def can_download_bundle(user, bundle: Bundle) -> bool:
    """The organisation, and the inspection team once the bundle is filed (Art. 31(5))."""
    inspection = bundle.inspection
    if (
        inspection.status in VISIBLE_TO_ORGANIZATION
        and visible_organizations(user).filter(pk=inspection.organization_id).exists()
    ):
        return True
    return (
        bundle.filed_at is not None
        and is_regulator(user)
        and inspection.team.filter(user=user).exists()
    )


def get_bundle_for_user(user, pk) -> Bundle:
    bundle = one_or_404(Bundle.objects.select_related("inspection__organization"), "bundle", pk=pk)
    if bundle.status != "ready" or not can_download_bundle(user, bundle):
        raise Http404("No such bundle")
    return bundle


def get_evidence_for_user(user, pk) -> RemediationEvidence:
    """Evidence: the organisation and the inspection team."""
    evidence = one_or_404(
        RemediationEvidence.objects.select_related("item__inspection"), "file", pk=pk
    )
    inspection = evidence.item.inspection
    if visible_inspections(user).filter(pk=inspection.pk).exists():
        return evidence
    if is_regulator(user) and inspection.team.filter(user=user).exists():
        return evidence
    raise Http404("No such file")
