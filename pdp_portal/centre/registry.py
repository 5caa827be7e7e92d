"""The parts of an organisation's privacy centre, each added by the app that owns it.

An app's ``centre.py`` calls ``register_part`` when it is imported (``CentreConfig.ready``
imports every app's ``centre`` module): the core knows no app, and no app knows another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One section of the centre: its order on the page, how to build it, how to show it."""

    code: str
    order: int
    # builder(organization, language) -> a template context, or None when the part has nothing
    # to show for this organisation (e.g. no public breach notice).
    builder: Callable
    template: str
    # The part's name in the centre's table of contents (a lazy translation).
    title: str = ""


_PARTS: dict[str, Part] = {}


def register_part(
    code: str, order: int, builder: Callable, template: str, *, title: str = ""
) -> None:
    """Add (or replace, on a second import) the part ``code`` of every centre."""
    _PARTS[code] = Part(code=code, order=order, builder=builder, template=template, title=title)


def parts() -> list[Part]:
    """Return the registered parts, in page order."""
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.code))


def build_parts(organization, language: str) -> list[dict]:
    """Return ``{"code", "title", "template", "context"}`` for each part with something to show."""
    built = []
    for part in parts():
        context = part.builder(organization, language)
        if context is not None:
            built.append(
                {
                    "code": part.code,
                    "title": str(part.title or part.code),
                    "template": part.template,
                    "context": context,
                }
            )
    return built
