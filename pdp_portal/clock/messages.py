"""Texts stored as a message key and parameters, rendered in the reader's language.

A parameter is a plain value (shown as is), ``{"message": msgid, "params": {...}}`` (a message,
rendered in the reader's language too) or ``{"vi": ..., "en": ...}`` (a name kept in both
languages, e.g. a holiday's).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

LITERAL = "%(text)s"


def literal(text: str) -> tuple[str, dict]:
    """Return the (message, params) pair that shows ``text`` verbatim in every language."""
    return (LITERAL, {"text": text}) if text else ("", {})


def _param(value):
    if isinstance(value, dict):
        if "message" in value:
            return render_message(value["message"], value.get("params") or {})
        if "vi" in value:
            english = (get_language() or "vi").startswith("en")
            return (value.get("en") or value["vi"]) if english else value["vi"]
    return value


def render_message(message: str, params: dict | None = None) -> str:
    """Return ``message`` translated into the active language with ``params`` filled in."""
    if not message:
        return ""
    text = message if message == LITERAL else _(message)
    if not params:
        return text
    try:
        return text % {key: _param(value) for key, value in params.items()}
    except (KeyError, TypeError, ValueError):
        # A translation that lost a placeholder must not hide the deadline: show the source.
        try:
            return message % {key: _param(value) for key, value in params.items()}
        except (KeyError, TypeError, ValueError):
            return message


def render_reasons(reasons: list | None) -> list[str]:
    """Return each {"message", "params"} reason rendered in the active language."""
    return [render_message(item.get("message", ""), item.get("params")) for item in reasons or []]
