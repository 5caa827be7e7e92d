"""Shared groundwork of the breach services (Law 91/2025 Art. 23; Decree 356/2025 Art. 28, 29).

The private helpers every step uses: locking a breach and checking its moves (the organisation's
own handling and the agency's review, Law 91/2025 Art. 23(4)), the latest deadline of each rule
(notice to the agency within 72 hours, Art. 23(1); keeping the record, Decree 356 Art. 29(1)(c))
and meeting it, and who is told: the agency's staff and the organisation's people.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdp_portal.concurrency import refresh
from pdp_portal.filings.review import Moves, latest_deadlines, lock_row, meet
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.people import organization_people, regulators
from pdp_portal.workflow import InvalidTransition, acting_user

from .models import REVIEW_TRANSITIONS, TRANSITIONS, Breach

Status = Breach.Status
Review = Breach.Review


# --- helpers -----------------------------------------------------------------------------------

# Locking, refreshing, the latest clocks and meeting one: the steps every filing shares.
_lock = lock_row
_refresh = refresh
_user = acting_user
_meet = meet
breach_deadlines = latest_deadlines


# The organisation's handling and the agency's review (Law 91/2025 Art. 23(4)).
_check = Moves(
    TRANSITIONS,
    Status,
    gettext_lazy("Không thể chuyển vi phạm từ trạng thái “%(current)s” sang “%(target)s”."),
).check
_check_review = Moves(
    REVIEW_TRANSITIONS,
    Review,
    gettext_lazy("Không thể chuyển hồ sơ từ “%(current)s” sang “%(target)s”."),
    field="review_status",
).check

_regulators = regulators


def _refuse_closed(locked: Breach) -> None:
    """A closed breach takes no more notices, attachments or public notice."""
    if locked.status == Status.CLOSED:
        raise InvalidTransition(_("Vi phạm đã đóng."))


def _org_people(organization, roles=(Membership.Role.DPO,)):
    return organization_people(organization, roles)
