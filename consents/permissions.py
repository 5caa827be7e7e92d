"""Who may reach which consent record: staff of its organisation only (404 otherwise)."""

from django.core.exceptions import ValidationError
from django.http import Http404

from pdp_portal.organizations.permissions import VIEW, visible_organizations

from .models import ConsentRecord, Notice


def visible_records(user, perm: str = VIEW):
    """Return the records of the organisations on which ``user`` holds ``perm``."""
    return ConsentRecord.objects.filter(organization__in=visible_organizations(user, perm))


def get_record_for_user(user, uid, perm: str = VIEW) -> ConsentRecord:
    """Return the record, or raise Http404 for missing and forbidden alike."""
    try:
        return visible_records(user, perm).select_related("organization", "notice").get(uid=uid)
    except (ConsentRecord.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such record") from None


def get_notice_for_user(user, pk, perm: str = VIEW) -> Notice:
    """Return the notice, or raise Http404 for missing and forbidden alike."""
    try:
        return Notice.objects.get(pk=pk, organization__in=visible_organizations(user, perm))
    except (Notice.DoesNotExist, ValueError, TypeError):
        raise Http404("No such notice") from None
