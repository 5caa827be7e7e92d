"""What every write on the register and the dossiers shares.

Constants of the dossier clocks, row locks, the transition check, the people told, and opening and
meeting the dossier clocks (Decree 356 Art. 18-20).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import deadline_open
from pdp_portal.concurrency import locked_row, refresh
from pdp_portal.filings.review import (
    RUNNING,  # noqa: F401 - the register's services read it here
    Moves,
    lock_row,
    meet_running,
)
from pdp_portal.organizations.people import organization_people, regulators
from pdp_portal.workflow import acting_user, assign_changed

from .models import TRANSITIONS, Dossier, InvalidTransition

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Dossier.Status

FILE = "dossier.file"
REVIEW = "dossier.review"
COMPLETE = "dossier.complete"
PERIODIC = "dossier.update.periodic"
IMMEDIATE = "dossier.update.immediate"


# --- helpers -----------------------------------------------------------------------------------


_user = acting_user


def _locked(qs, **lookup):
    """Return the row under its lock; one another request deleted since the caller read it is
    refused as a conflict (409 in the API, a message on the page), never a server error."""
    return locked_row(qs, InvalidTransition, **lookup)


def _row_for_write(model, organization, row, fields: dict, allowed) -> tuple:
    """Return (the row under its lock or a new one, created, changed field names), ``fields`` set.

    Call inside the write's transaction; a field the register does not know is a caller's bug.
    """
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    created = row is None
    item = (
        model(organization=organization)
        if created
        else _locked(model.objects.select_for_update(), pk=row.pk, organization=organization)
    )
    return item, created, assign_changed(item, fields)


# Locking and refreshing a dossier: the steps every filing shares.
_lock = lock_row
_refresh = refresh


_check = Moves(TRANSITIONS, Status).check


def _start_of(day: dt.date) -> dt.datetime:
    # DESIGN section 2: a date alone means 00:00 Vietnam time.
    return dt.datetime.combine(day, dt.time.min, VN)


_org_people = organization_people
_regulators = regulators


# --- clocks ------------------------------------------------------------------------------------


def _open(rule: str, dossier: Dossier, subject, started_at: dt.datetime, actor, responsible=None):
    try:
        # A savepoint: a calendar year the clock does not know yet must not undo the write.
        with transaction.atomic():
            return deadline_open(
                organization=dossier.organization,
                rule=rule,
                subject=subject,
                started_at=started_at,
                responsible=responsible,
                label_params={
                    "ref": dossier.reference,
                    "v": subject.number if subject is not dossier else "",
                },
                actor=actor,
            )
    except ClockError as exc:
        audit_record(
            actor=actor,
            action="dossier.clock_pending",
            message=gettext_noop("Chưa tính được thời hạn %(rule)s của hồ sơ %(ref)s"),
            params={"rule": rule, "ref": dossier.reference},
            obj=dossier,
            # The clock's refusal is a finished text in the actor's language: data, not summary.
            data={"error": str(exc)},
        )
        return None


_meet_running = meet_running
