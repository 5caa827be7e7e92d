"""What every app's services, pages and API share about refusals: one error for a move the
workflow does not allow, the check of a text the user must give, its text for a page, and its
answer (409) or a bad input's (400) for the API. Apps subclass nothing: they raise ``InvalidTransition`` and call ``run_service``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from rest_framework import exceptions, status


class InvalidTransition(Exception):
    """A move the TRANSITIONS table (or a guard of the service) does not allow."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)

    def __str__(self) -> str:
        return self.message


class FieldError(ValueError):
    """A refusal about one input: its translated message, shown as is, and the field it is about,
    so that a form or the API can put it next to that input."""

    def __init__(self, message: str, field: str = "non_field_errors") -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message


def move_allowed(current: str, target: str, *, transitions: dict, actions: dict) -> bool:
    """Return whether ``target`` may follow the status ``current``: a status ``transitions``
    lists after it, or an action (such as "extend") that ``actions`` allows from it."""
    if target in actions:
        return current in actions[target]
    return target in transitions[current]


def acting_user(actor):
    """Return the user who acts, or None for a system job (which acts under a name)."""
    return actor if getattr(actor, "pk", None) else None


def assign_changed(obj, values: dict) -> list[str]:
    """Set ``values`` on ``obj``; return the names of those that differ from what it held.

    A relation a new row does not have yet counts as None.
    """
    changed = [name for name, value in values.items() if getattr(obj, name, None) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def save_fields(obj, **values) -> None:
    """Set ``values`` on ``obj`` and save only those fields.

    ``updated_at`` is saved with them where the model keeps one: an ``auto_now`` field is written
    only when ``update_fields`` names it.
    """
    for name, value in values.items():
        setattr(obj, name, value)
    fields = list(values)
    if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=fields)


def required_text(value, *, field: str, message) -> str:
    """Return what the user typed, stripped; refuse it empty with ``message`` under ``field``."""
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def error_text(exc) -> str:
    """Return a refusal as one line for a page's message (every field's errors joined)."""
    return "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


class ServiceConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"


def run_service(fn, *, field: str | None = None):
    """Call a service; a move it refuses is a 409, bad input a 400 (under ``field`` if unnamed)."""
    from pdp_portal.organizations.api import as_drf_validation_error

    try:
        return fn()
    except InvalidTransition as exc:
        raise ServiceConflict({"detail": exc.message}) from exc
    except ValidationError as exc:
        if field and not hasattr(exc, "error_dict"):
            raise exceptions.ValidationError({field: exc.messages}) from exc
        raise as_drf_validation_error(exc) from exc


def valid_data(serializer_class, request, **kwargs) -> dict:
    """Return the request body checked by ``serializer_class``, or answer 400 with its errors."""
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
