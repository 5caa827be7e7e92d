"""Who may see which deadline: the one gate the deadline pages, the feed and the API go through."""

from django.db.models import Q, QuerySet
from django.http import Http404

from pdp_portal.organizations.permissions import is_regulator, visible_organizations

from .models import Deadline


def visible_deadlines(user) -> QuerySet[Deadline]:
    """Return the deadlines of the user's organisations and, for regulators, the agency's clocks."""
    if not user.is_authenticated or not user.is_active:
        return Deadline.objects.none()
    scope = Q(organization__in=visible_organizations(user).values("pk"))
    if is_regulator(user):
        # The agency's own clocks (dossier review, certificate decisions) across organisations.
        scope |= Q(party=Deadline.Party.AGENCY)
    return Deadline.objects.filter(scope)


def get_deadline_for_user(user, pk) -> Deadline:
    """Return the deadline, or raise Http404 for missing and forbidden alike."""
    try:
        return visible_deadlines(user).select_related("organization", "responsible").get(pk=pk)
    except (Deadline.DoesNotExist, ValueError, TypeError):
        raise Http404("No such deadline") from None
