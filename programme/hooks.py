"""What the programme offers other apps through the core (pdp_portal.hooks)."""

from __future__ import annotations

from . import services


def facts_changed(*, organization, actor=None) -> None:
    """Bring the organisation's obligations in line after its profile or register changed.

    Called in the caller's transaction: the obligations change with the write that caused them,
    and the DPOs are told of each obligation that starts to apply, with its due date.
    """
    services.programme_sync(organization=organization, actor=actor or services.SYSTEM_ACTOR)
