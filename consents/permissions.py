"""Who may reach which consent record: staff of its organisation only (404 otherwise)."""

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, visible_organizations

from .models import ConsentRecord, Notice


def visible_records(user, perm: str = VIEW):
    """Return the records of the organisations on which ``user`` holds ``perm``."""
    return ConsentRecord.objects.filter(organization__in=visible_organizations(user, perm))


def get_record_for_user(user, uid, perm: str = VIEW) -> ConsentRecord:
    """Return the record, or raise Http404 for missing and forbidden alike."""
    return one_or_404(
        visible_records(user, perm).select_related("organization", "notice"), "record", uid=uid
    )


def get_notice_for_user(user, pk, perm: str = VIEW) -> Notice:
    """Return the notice, or raise Http404 for missing and forbidden alike."""
    notices = Notice.objects.filter(organization__in=visible_organizations(user, perm))
    return one_or_404(notices, "notice", pk=pk)
