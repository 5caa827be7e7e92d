"""What the register tells other apps through the core (pdp_portal.hooks), as plain values."""

from __future__ import annotations

from .catalogue import sensitive_label
from .models import DomesticTransfer, ProcessingActivity, Recipient, Transfer

# Law 91/2025 Art. 17(1)(a), (c), (d); Decree 356 Art. 7(1): the parties that receive the data as
# controllers or third parties (a processor works on the organisation's behalf under its contract).
RECEIVING_ROLES = (Recipient.Role.CONTROLLER, Recipient.Role.THIRD_PARTY)


def register_rows(*, organization) -> dict:
    """Return the running rows of the register that decide obligations (four queries)."""
    activities = [
        {"id": a.pk, "name": a.name, "sensitive_data_types": list(a.sensitive_data_types or [])}
        for a in ProcessingActivity.objects.filter(
            organization=organization, ended_on__isnull=True
        ).only("name", "sensitive_data_types")
    ]
    linked = [
        r.name
        for r in Recipient.objects.filter(
            organization=organization,
            role__in=RECEIVING_ROLES,
            activities__ended_on__isnull=True,
            activities__isnull=False,
        )
        .distinct()
        .only("name", "country")
        if not r.abroad
    ]
    domestic = list(
        DomesticTransfer.objects.filter(
            organization=organization,
            ended_on__isnull=True,
            activity__ended_on__isnull=True,
        ).select_related("recipient")
    )
    return {
        "activities": activities,
        # Recipients named on an activity, and every transfer inside Vietnam whose basis needs
        # the Art. 7(1) agreement.
        "domestic_recipients": sorted(
            set(linked) | {t.recipient.name for t in domestic if t.needs_agreement}
        ),
        "domestic_sensitive": sorted(
            {t.recipient.name for t in domestic if t.sensitive_data_types}
        ),
        "cloud_abroad": [
            t.country
            for t in Transfer.objects.filter(
                organization=organization, kind="cloud_abroad", ended_on__isnull=True
            ).only("country")
        ],
    }


def data_label(*, code: str) -> str:
    """Return the label of a sensitive data type code (Decree 356 Art. 4)."""
    return sensitive_label(code)
