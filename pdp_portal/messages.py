"""Texts stored as a message key and parameters, rendered in the reader's language.

Whatever the portal writes for people to read later (audit summaries, deadline labels, timeline
entries, notifications) is stored as the Vietnamese source text (the msgid, marked with
``gettext_noop``) and its parameters, never as finished text in the writer's language. A
parameter is:

- a plain value, shown as it is (a reference, a name typed by a user, a number);
- ``{"message": msgid, "params": {...}}``: a message, rendered in the reader's language too
  (``{"__msg": msgid}`` is the same, the form of the audit events sealed before this module);
- ``{"vi": ..., "en": ...}``: a name kept in both languages (e.g. a holiday's);
- ``{"due": iso}``: an instant, shown as the portal shows due dates, in the reader's language;
- a list of any of these, shown joined by commas (e.g. the fields a change touched).
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LITERAL = "%(text)s"
# The key of a message parameter in audit events sealed before this module existed.
LEGACY_MSG = "__msg"


def literal(text: str) -> tuple[str, dict]:
    """Return the (message, params) pair that shows ``text`` verbatim in every language."""
    return (LITERAL, {"text": text}) if text else ("", {})


def msg(message, params: dict | None = None) -> dict:
    """Return a parameter that is itself a message (e.g. a status label), read in any language."""
    value = {"message": _msgid(message)}
    if params:
        value["params"] = storable_params(params)
    return value


def due(value: dt.datetime) -> dict:
    """Return a parameter that shows an instant as a due date ("Thursday, 12/03/2026 23:59 ...")."""
    return {"due": value.isoformat()}


def _msgid(message) -> str:
    if isinstance(message, Promise):
        with translation.override(None):  # no catalogue: the message key itself
            return str(message)
    return str(message)


def storable_params(params: dict | None) -> dict:
    """Return ``params`` as JSON that renders in any language: a lazy text becomes its key."""
    return {key: _storable(value) for key, value in (params or {}).items()}


def _storable(value):
    if isinstance(value, Promise):
        return {"message": _msgid(value)}
    if isinstance(value, list | tuple):
        return [_storable(item) for item in value]
    if isinstance(value, dict) or value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _param(value):
    if isinstance(value, list):
        return ", ".join(str(_param(item)) for item in value)
    if isinstance(value, dict):
        if "due" in value:
            from pdp_portal.clock.services import format_due  # the clock imports this module

            return format_due(dt.datetime.fromisoformat(value["due"]))
        if "message" in value:
            return render_message(value["message"], value.get("params") or {})
        if LEGACY_MSG in value:
            return _(value[LEGACY_MSG]) if value[LEGACY_MSG] else ""
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
    values = {key: _param(value) for key, value in params.items()}
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        # A translation that lost a placeholder must not hide the text: show the source.
        try:
            return message % values
        except (KeyError, TypeError, ValueError):
            return message


def render_reasons(reasons: list | None) -> list[str]:
    """Return each {"message", "params"} reason rendered in the active language."""
    return [render_message(item.get("message", ""), item.get("params")) for item in reasons or []]
