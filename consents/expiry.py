"""Consents that end as the law provides: the stated period of a purpose runs out.

Law 91/2025 Art. 9(4)(c): a consent is valid until the subject changes it "or as the law
provides". What ends a consent here is the period the notice stated for the purpose
(``Purpose.valid_months``, entered by the DPO and frozen with the notice): Law 91/2025 Art. 3(3)
keeps data only as long as the purpose needs, Art. 14(1)(b)-(c) ends them with the purpose or
the storage period, Art. 28(8)(b) and Decree 356/2025 Art. 8(2)(c) make the storage time part
of what the subject agreed to. The expiry is a new record (decision "expired"); the earlier
ones stay (Law 91/2025 Art. 10(4)).

Not expired here: a child's consent given by the legal representative when the child comes of
age. Law 91/2025 Art. 24(2) says who acts for a child, not that a consent so given ends; no
text ends it, and the record keeps the age at the time, not the date of birth.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial

from django.db import transaction
from django.utils import timezone

from pdp_portal.clock.counting import iso
from pdp_portal.sweeps import in_batches

from . import keys, services
from .models import CollectionPoint, ConsentExpiry, Decision, ExpiryOutcome

SWEEP_ACTOR = "consents.expire"
SWEEP_BATCH = 200
SWEEP_MAX_BATCHES = 50


def consent_expire(*, actor, organization, subject_key: str, codes, reason: str):
    """Record that the named consents ended as the law provides (Law 91/2025 Art. 9(4)(c))."""
    return services.consent_withdraw(
        actor=actor,
        organization=organization,
        subject_key=subject_key,
        codes=tuple(codes),
        source="expiry",
        evidence={"description": reason[:1000]},
        decision=Decision.EXPIRED,
        collection_point=CollectionPoint.OTHER,
    )


def expire_due(
    *,
    now: dt.datetime | None = None,
    batch: int = SWEEP_BATCH,
    max_batches: int = SWEEP_MAX_BATCHES,
) -> int:
    """Record the expiry of every consent whose stated period has ended; return how many.

    State-based (``due_at <= now`` and not done), bounded per run: a missed run, a restarted
    worker or two sweepers at once record nothing twice and lose nothing.
    """
    now = now or timezone.now()
    return in_batches(partial(_expire_batch, now=now), batch=batch, max_batches=max_batches)


def _expire_batch(*, now: dt.datetime, limit: int) -> tuple[int, int]:
    """Handle one batch of due rows in one transaction; return (claimed, expired).

    1. Claim due rows with ``select_for_update(skip_locked=True)``.
    2. Per subject, lock the organisation's consent changes (the keyring row, as a withdrawal
       does), read the subject's latest decisions, and expire only the purposes whose latest
       decision is the very one that ran out; a newer answer supersedes the row.
    3. Mark every claimed row done with its outcome.
    """
    with transaction.atomic():
        rows = list(
            ConsentExpiry.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(done_at=None, due_at__lte=now)
            .select_related("organization", "decision__record", "decision__purpose")
            .order_by("due_at")[:limit]
        )
        by_subject: dict[tuple[int, str], list[ConsentExpiry]] = defaultdict(list)
        for row in rows:
            by_subject[(row.organization_id, row.decision.record.subject_key)].append(row)
        expired = 0
        for (_org, subject_key), group in by_subject.items():
            organization = group[0].organization
            keys.lock_changes(organization)
            state = services.current_state(services.subject_decisions(organization, subject_key))
            ending = [
                row
                for row in group
                if state.get(row.decision.purpose.code) is not None
                and state[row.decision.purpose.code].pk == row.decision_id
            ]
            for row in group:
                row.outcome = ExpiryOutcome.EXPIRED if row in ending else ExpiryOutcome.SUPERSEDED
                row.done_at = now
            if ending:
                codes = tuple(row.decision.purpose.code for row in ending)
                services.consent_withdraw(
                    actor=SWEEP_ACTOR,
                    organization=organization,
                    subject_key=subject_key,
                    codes=codes,
                    source="expiry",
                    evidence={"description": _evidence(ending)},
                    decision=Decision.EXPIRED,
                    collection_point=CollectionPoint.OTHER,
                )
                expired += len(ending)
        ConsentExpiry.objects.bulk_update(rows, ["outcome", "done_at"])
    return len(rows), expired


def _evidence(rows: list[ConsentExpiry]) -> str:
    # Evidence kept with the record (not shown as a sentence): the rule, the period, the end.
    return "; ".join(
        f"Law 91/2025 Art. 9(4)(c): {row.decision.purpose.code} "
        f"valid_months={row.decision.purpose.valid_months}, ended {iso(row.due_at)}"
        for row in rows
    )[:1000]
