"""The actions a processor or third party must carry out for a request, each with its own clock.

Decree 356/2025 Art. 5(2)-(4): the longer period of a processor or third party.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import deadline_meet, deadline_open
from pdp_portal.workflow import acting_user

from .models import RequestEvent, RightsRequest, ThirdPartyAction
from .service_base import RUNNING, RightsError, _audit, _check, _event, _lock, _refresh_due


def request_third_party_add(
    *, actor, request: RightsRequest, party_kind: str, party_name: str, description: str
) -> ThirdPartyAction:
    """Record that a processor or third party must act, and open its clock (Decree 5(2)-(4))."""
    if party_kind not in ThirdPartyAction.PartyKind.values:
        raise RightsError(_("Chọn bên xử lý hoặc bên thứ ba."), field="party_kind")
    if not (party_name or "").strip():
        raise RightsError(_("Cần tên bên xử lý / bên thứ ba."), field="party_name")
    if not (description or "").strip():
        raise RightsError(_("Cần mô tả việc phải làm."), field="description")
    with transaction.atomic():
        locked = _lock(request)
        _check(locked, "third_party")
        rule = locked.third_party_rule
        if rule is None:
            # Decree 356/2025 Art. 5(5) sets no separate period for protection measures.
            raise RightsError(
                _("Loại yêu cầu này không có thời hạn riêng cho bên xử lý, bên thứ ba.")
            )
        action = ThirdPartyAction.objects.create(
            request=locked,
            party_kind=party_kind,
            party_name=party_name.strip(),
            description=description.strip(),
            created_by=acting_user(actor),
        )
        # Decree 356/2025 Art. 5(2)-(4): the longer period of a processor or third party runs,
        # like the others, from the receipt of the request.
        try:
            deadline = deadline_open(
                organization=locked.organization,
                rule=rule,
                subject=locked,
                started_at=locked.received_at,
                responsible=locked.assignee,
                label_message="%(ref)s: %(party)s",
                label_params={"ref": locked.reference, "party": party_name.strip()[:200]},
                actor=actor,
            )
        except ClockError as exc:
            raise RightsError(exc.message) from exc
        action.deadline = deadline
        action.save(update_fields=["deadline"])
        _event(locked, RequestEvent.Kind.THIRD_PARTY_ADDED, actor=actor, note=action.party_name)
        _refresh_due(locked)
        _audit(
            locked,
            "rights.third_party.add",
            actor,
            gettext_noop("%(ref)s: yêu cầu %(party)s thực hiện"),
            {"party": ThirdPartyAction.PartyKind(party_kind).label},
            {"action": action.pk, "rule": rule},
        )
    return action


def request_third_party_done(
    *, actor, action: ThirdPartyAction, note: str = ""
) -> ThirdPartyAction:
    """Mark a processor's or third party's action done and meet its clock."""
    with transaction.atomic():
        request = _lock(action.request)
        action = ThirdPartyAction.objects.select_for_update().get(pk=action.pk)
        if action.status != ThirdPartyAction.ActionStatus.OPEN:
            raise RightsError(_("Việc này không còn chờ thực hiện."))
        _check(request, "third_party")
        action.status = ThirdPartyAction.ActionStatus.DONE
        action.done_at = timezone.now()
        action.done_note = (note or "").strip()
        action.save(update_fields=["status", "done_at", "done_note"])
        if action.deadline_id:
            deadline = Deadline.objects.get(pk=action.deadline_id)
            if deadline.status in RUNNING:
                deadline_meet(deadline=deadline, actor=actor)
        _event(request, RequestEvent.Kind.THIRD_PARTY_DONE, actor=actor, note=action.party_name)
        _refresh_due(request)
        _audit(
            request,
            "rights.third_party.done",
            actor,
            gettext_noop("%(ref)s: bên xử lý / bên thứ ba đã thực hiện"),
            data={"action": action.pk},
        )
    return action
