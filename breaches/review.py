"""The agency's review of a breach notification (Law 91/2025 Art. 23(4)).

Acknowledge, request more information, close; each action is recorded, moves the review and is
told to the organisation.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write
from pdp_portal.filings.review import tell_organisation

from .models import (
    Breach,
    BreachReviewEvent,
    InvalidTransition,
)
from .workflow import Review, _check_review, _lock, _user

# --- the agency's review -----------------------------------------------------------------------


# Where each of the agency's actions takes the review.
_REVIEW_TARGETS = {
    BreachReviewEvent.Kind.ACKNOWLEDGE: Review.ACKNOWLEDGED,
    BreachReviewEvent.Kind.REQUEST_INFO: Review.INFO_REQUESTED,
    BreachReviewEvent.Kind.CLOSE: Review.CLOSED,
}


def _review(*, actor, breach: Breach, kind: str, message: str) -> BreachReviewEvent:
    """Record one action of the agency on a submitted notification and tell the organisation."""
    message = (message or "").strip()
    if kind == BreachReviewEvent.Kind.REQUEST_INFO and not message:
        raise ValidationError({"message": [_("Cần nêu thông tin cần bổ sung.")]})
    target = _REVIEW_TARGETS[kind]
    with locked_for_write(breach, _lock) as locked:
        if locked.submitted_at is None:
            raise InvalidTransition(_("Vi phạm chưa được thông báo cho cơ quan chuyên trách."))
        _check_review(locked, target)
        locked.review_status = target
        locked.save(update_fields=["review_status", "updated_at"])
        event = BreachReviewEvent.objects.create(
            breach=locked, kind=kind, message=message, actor=_user(actor)
        )
        params = {"what": BreachReviewEvent.Kind(kind).label, "ref": locked.reference}
        audit_record(
            actor=actor,
            action=f"breach.review.{kind}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s vi phạm %(ref)s"),
            params=params,
            obj=locked,
            data={"message": message[:500]},
        )
        url = reverse("breaches:detail", args=[locked.pk])

        def info_request(person) -> dict:
            # A request for information also goes by e-mail: the organisation has to answer it.
            context = {
                "breach_reference": locked.reference,
                "organization_name": locked.organization.name,
                "message": message,
                "url": url,
            }
            return {"template": "breach_info_requested", "context": context}

        tell_organisation(
            locked.organization,
            key=f"breach.review:{event.pk}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s (vi phạm %(ref)s)"),
            params=params,
            url=url,
            email=info_request if kind == BreachReviewEvent.Kind.REQUEST_INFO else None,
            email_key=f"breach.request_info:{event.pk}",
        )
    return event


def breach_acknowledge(*, actor, breach: Breach, message: str = "") -> BreachReviewEvent:
    """Acknowledge receipt of the notification (the agency's side)."""
    return _review(
        actor=actor, breach=breach, kind=BreachReviewEvent.Kind.ACKNOWLEDGE, message=message
    )


def breach_request_info(*, actor, breach: Breach, message: str) -> BreachReviewEvent:
    """Ask the organisation for more information; it answers with a supplement."""
    return _review(
        actor=actor, breach=breach, kind=BreachReviewEvent.Kind.REQUEST_INFO, message=message
    )


def breach_review_close(*, actor, breach: Breach, message: str = "") -> BreachReviewEvent:
    """End the agency's handling of the notification."""
    return _review(actor=actor, breach=breach, kind=BreachReviewEvent.Kind.CLOSE, message=message)


def open_info_request(breach: Breach) -> BreachReviewEvent | None:
    """Return the agency's latest request for information if no supplement answered it yet."""
    if breach.review_status != Review.INFO_REQUESTED:
        return None
    return (
        breach.review_events.filter(kind=BreachReviewEvent.Kind.REQUEST_INFO)
        .order_by("-pk")
        .first()
    )
