"""What the staff and agency pages of every app share: a button that runs a service, a clock row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import overdue_at
from pdp_portal.workflow import InvalidTransition, error_text

RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)


def run_for_page(request, fn, success=None, *, refusals=(ValidationError, InvalidTransition)):
    """Call ``fn`` (a service) for a button; return ``(True, result)``, or ``(False, None)``.

    A refusal (bad input, a move the workflow does not allow) becomes the page's error message,
    so the page the button sits on comes back with the reason; otherwise ``success`` (a text, or
    a function of the service's result) confirms what was done. An app whose services refuse
    with another exception names it in ``refusals``.
    """
    return _attempt(request, fn, success, refusals, lambda text: messages.error(request, text))


def run_for_form(request, form, fn, success=None):
    """Call ``fn`` (a service) with a valid ``form``; as ``run_for_page``, but a refusal is shown
    on the form, above its fields, so that nothing the user typed is lost."""
    refusals = (ValidationError, InvalidTransition)
    return _attempt(request, fn, success, refusals, lambda text: form.add_error(None, text))


def _attempt(request, fn, success, refusals, refuse):
    try:
        result = fn()
    except refusals as exc:
        refuse(error_text(exc))
        return False, None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True, result


def clock_row(deadline: Deadline, now=None) -> dict:
    """Return a clock as the pages show it: its rule (with its legal basis), due, running, late."""
    now = now or timezone.now()
    due = deadline.effective_due_at
    return {
        "deadline": deadline,
        "rule": get_rule(deadline.rule),
        "due": due,
        "running": deadline.status in RUNNING,
        # Late: missed already (the sweeper recorded it), or open past the end of its last day.
        "late": deadline.breached_at is not None
        or (deadline.status == Deadline.Status.OPEN and now >= overdue_at(due)),
    }
