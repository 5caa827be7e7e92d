"""Named hooks: how one app asks another for something, or tells it, without importing it.

Apps never import each other (CONTRIBUTING.md). An app that offers something registers a function
under a name in its ``AppConfig.ready()``; an app that needs it calls the name: ``call`` asks the
one provider and returns its answer (None when no installed app provides it; check ``provided``
when the answer matters), ``notify`` tells every listener (none is fine). The name says what is
asked; the keyword arguments are its whole interface.

    from pdp_portal import hooks
    hooks.register("consents.refuse", refuse_for_activities)   # consents/apps.py ready()
    hooks.call("consents.refuse", organization=org, email=..., activity_ids=[...])


Names in use (who provides, who calls, what is passed and returned):

``facts.changed``
    programme provides; organizations and dossiers call after a write that may change which
    obligations apply (profile, protection contacts, the processing register). Arguments:
    ``organization``, ``actor``. Runs in the caller's transaction.
``register.rows``
    dossiers provides; programme's facts engine reads. Argument ``organization``. Returns plain
    values of the running rows: ``activities`` [{"id", "name", "sensitive_data_types"}],
    ``domestic_recipients`` [names of the parties in Vietnam that receive data under Decree 356
    Art. 7(1)], ``domestic_sensitive`` [those receiving sensitive data], ``cloud_abroad``
    [countries of cloud transfers abroad].
``register.data_label``
    dossiers provides; programme's AI register export reads. Argument ``code`` (a sensitive data
    type of Decree 356 Art. 4). Returns its label in the active language.
``rights.submit``
    subjects_rights provides; programme calls for the AI opt-out (Decree 356 Art. 10(3)).
    Arguments ``request`` (the HTTP request, for rate limits), ``organization``, ``kind``
    ("object"), ``full_name``, ``email``, ``description``, ``language``. Returns None when
    the request is filed, or an error text and HTTP status (``(text, status)``).
``rights.year_counts``
    subjects_rights provides; programme's yearly report reads. Arguments ``organization``,
    ``start``, ``end``. Returns [(label, count)] per request type.
``breaches.year_count``
    breaches provides; programme's yearly report reads. Arguments ``organization``, ``start``,
    ``end``. Returns the number of violations discovered in the period.
``rights.open_counts`` / ``breaches.open_counts``
    subjects_rights / breaches provide; the dashboard (pdp_portal.organizations) reads. Argument
    ``user``. Returns {organization id: number of open requests / violations not closed} over
    what the user may see.
``consents.refuse``
    consents provides; programme calls for the AI opt-out. Arguments ``organization``,
    ``email``, ``activity_ids``, ``evidence``, ``language``. Records a refusal of every
    published purpose tied to those activities; returns the records written (may be empty).
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


def _qualname(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', repr(fn))}"


def register(name: str, fn: Callable) -> None:
    """Make ``fn`` the provider of ``name``, once however often ready() runs.

    A second, different function under the same name is refused: one name, one answer.
    """
    funcs = _registry.setdefault(name, [])
    if any(_qualname(f) == _qualname(fn) for f in funcs):
        return
    if funcs:
        raise ValueError(f"hook {name!r} already provided by {_qualname(funcs[0])}")
    funcs.append(fn)


def provided(name: str) -> bool:
    """Return whether an installed app provides ``name``."""
    return bool(_registry.get(name))


def provider(name: str) -> Callable:
    """Return the one function registered under ``name``; LookupError if none or several."""
    funcs = _registry.get(name, [])
    if len(funcs) != 1:
        raise LookupError(f"{len(funcs)} providers of hook {name!r}, need exactly one")
    return funcs[0]


def call(name: str, **kwargs):
    """Call the provider of ``name`` with ``kwargs``; return its answer, or None if none."""
    if not provided(name):
        return None
    return provider(name)(**kwargs)


def notify(name: str, *args, **kwargs) -> None:
    """Call every function registered under ``name``; none is fine."""
    for fn in list(_registry.get(name, ())):
        fn(*args, **kwargs)
