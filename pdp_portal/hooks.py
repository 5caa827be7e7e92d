"""Named hooks between apps: an app calls a name, the app that provides it answers.

Apps never import each other (CONTRIBUTING.md); where one needs another's step, the provider
registers a function under a name in its ``AppConfig.ready()`` and the caller looks the name up
here. The names in use:

``rights.request_enter``
    Provided by subjects_rights (``services.request_enter``): file a data-subject request;
    called by consents when a subject withdraws a consent from its page (Law 91/2025 Art. 10).
``rights.withdraw_consent_received``
    Listened to by consents (``services.rights_request_received``): a withdraw-consent request
    was received; called by subjects_rights with the request, so that the consent records get
    their withdrawal (Law 91/2025 Art. 10(3)). Nobody listening (consents not installed) is fine.
"""

from __future__ import annotations

from collections.abc import Callable

REQUEST_ENTER = "rights.request_enter"
WITHDRAW_CONSENT_RECEIVED = "rights.withdraw_consent_received"

_registry: dict[str, list[Callable]] = {}


def register(name: str, func: Callable) -> None:
    """Register ``func`` under ``name`` (once, however often ready() runs)."""
    funcs = _registry.setdefault(name, [])
    if func not in funcs:
        funcs.append(func)


def notify(name: str, *args, **kwargs) -> None:
    """Call every function registered under ``name``; none is fine."""
    for func in list(_registry.get(name, ())):
        func(*args, **kwargs)


def provider(name: str) -> Callable:
    """Return the one function registered under ``name``; LookupError if none or several."""
    funcs = _registry.get(name, [])
    if len(funcs) != 1:
        raise LookupError(f"{len(funcs)} providers of hook {name!r}, need exactly one")
    return funcs[0]
