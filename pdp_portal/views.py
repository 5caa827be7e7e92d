"""What the staff and agency pages of every app share: a button that runs a service, the page of a
form that a service saves, a clock row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
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

    def refuse(exc):
        messages.error(request, error_text(exc))

    return _attempt(request, fn, success, refusals, refuse)


def run_form_for_page(
    request, form, fn, success=None, *, invalid=None, refusals=(ValidationError, InvalidTransition)
):
    """As ``run_for_page``, for a button that sends a small form with it (a file to attach): the
    service runs only if ``form`` is valid; if not, the page's error message is ``invalid``, or
    else every error of the form, and ``(False, None)`` is returned.
    """
    if not form.is_valid():
        messages.error(request, invalid or form_errors_text(form))
        return False, None
    return run_for_page(request, fn, success, refusals=refusals)


def run_for_form(request, form, fn, success=None, *, by_field=False):
    """Call ``fn`` (a service) with a valid ``form``; as ``run_for_page``, but a refusal is shown
    on the form so that nothing the user typed is lost: one line above the fields, or with
    ``by_field`` each message by the field the service named (above them if the form has none).
    """

    def refuse(exc):
        if by_field and isinstance(exc, ValidationError):
            add_service_errors(form, exc)
        else:
            form.add_error(None, error_text(exc))

    return _attempt(request, fn, success, (ValidationError, InvalidTransition), refuse)


def form_page(request, form, save, success=None, *, to, template, context=None, by_field=False):
    """Answer the page of a ``form`` that the service call ``save`` records.

    A POST with a valid form runs ``save`` as ``run_for_form`` does; once it is done the user goes
    to ``to`` (a URL, an object with its own page, or a function of the service's result). Any
    other time ``template`` shows the form (with its errors and what was typed) and ``context``:
    a dict, or a function returning one when the page is shown (after the form was checked).
    """
    if request.method == "POST" and form.is_valid():
        done, result = run_for_form(request, form, save, success, by_field=by_field)
        if done:
            return redirect(to(result) if callable(to) else to)
    if callable(context):
        context = context()
    return render(request, template, {"form": form, **(context or {})})


def row_or_new(model, pk, **owner):
    """Return the row ``pk`` of ``owner`` for its edit page (404 if it is not theirs), or, without
    ``pk``, a new unsaved row of ``owner`` for the page that adds one."""
    return get_object_or_404(model, pk=pk, **owner) if pk else model(**owner)


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal on ``form``: each message by the field it names, above the fields
    when it names none or a field the form does not have."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_errors_text(form) -> str:
    """Return every error of an invalid form as one line, for a page's message."""
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _attempt(request, fn, success, refusals, refuse):
    try:
        result = fn()
    except refusals as exc:
        refuse(exc)
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
