"""Named providers: how one app asks another for something without importing it.

An app that offers something registers a function under a name in its ``AppConfig.ready()``;
an app that needs it calls the name, and checks ``provided(name)`` when the answer matters.
The core imports no app, and an app never imports another (DESIGN: apps register themselves
with the core). One provider per name: the name says what is asked, the keyword arguments are
its whole interface.

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
``consents.refuse``
    consents provides; programme calls for the AI opt-out. Arguments ``organization``,
    ``email``, ``activity_ids``, ``evidence``, ``language``. Records a refusal of every
    published purpose tied to those activities; returns the records written (may be empty).
"""

from __future__ import annotations

from collections.abc import Callable

_providers: dict[str, Callable] = {}


def register(name: str, fn: Callable) -> None:
    """Make ``fn`` the provider of ``name``; a second, different provider is refused."""
    current = _providers.get(name)
    if current is not None and current is not fn and _qualname(current) != _qualname(fn):
        raise ValueError(f"hook {name!r} already provided by {_qualname(current)}")
    _providers[name] = fn


def provided(name: str) -> bool:
    """Return whether an installed app provides ``name``."""
    return name in _providers


def call(name: str, **kwargs):
    """Call the provider of ``name`` with ``kwargs``; return its answer, or None if none."""
    fn = _providers.get(name)
    return None if fn is None else fn(**kwargs)


def _qualname(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', repr(fn))}"
