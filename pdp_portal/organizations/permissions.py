"""Who may reach which organisation: the one gate every view and API endpoint goes through."""

from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from .models import Organization

VIEW = "organizations.view_organization_data"
CHANGE = "organizations.change_organization_data"
MANAGE = "organizations.manage_organization"

REGULATOR_GROUP = "Regulator"


def is_regulator(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=REGULATOR_GROUP).exists()


def visible_organizations(user, perm: str = VIEW):
    """Return the organisations on which ``user`` holds ``perm`` (object permission only)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return get_objects_for_user(
        user, perm, klass=Organization, accept_global_perms=False, with_superuser=False
    )


def get_organization_for_user(user, pk, perm: str = VIEW) -> Organization:
    """Return the organisation, or raise Http404 for missing and forbidden alike."""
    try:
        return visible_organizations(user, perm).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("No such organisation") from None


def has_org_perm(user, organization, perm: str) -> bool:
    return visible_organizations(user, perm).filter(pk=organization.pk).exists()
