"""Who is told: the people of an organisation, and the agency's reviewers."""

from django.contrib.auth import get_user_model

from .models import Membership
from .permissions import REGULATOR_GROUP

# Those who act for an organisation on its filings and requests (a viewer only reads).
ACTING_ROLES = (Membership.Role.DPO, Membership.Role.STAFF)


def regulators():
    """The active users of the specialized agency, by user name."""
    return (
        get_user_model()
        .objects.filter(groups__name=REGULATOR_GROUP, is_active=True)
        .order_by("username")
    )


def organization_people(organization, roles=ACTING_ROLES) -> list:
    """The organisation's active members with one of ``roles``."""
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role__in=roles, user__is_active=True
        ).select_related("user")
    ]
