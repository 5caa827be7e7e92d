"""The interface an app implements to put what it files with the agency into the filings core.

Each app declares its kinds in ``<app>/filing.py`` (found by ``FilingsConfig.ready``) with
``register(FilingKind(...))``. The core reads an object only through its kind: it never imports
an app. A kind says

- what the filed object is (``model``, ``submitted``: filed at least once, never a draft) and how
  to read its reference, title, organisation, submission times and statuses;
- which clock rules are the agency's and which the organisation's (``agency_rules``,
  ``organisation_rules``, from pdp_portal/clock/rules.py) and on which objects its clocks run
  (``deadline_subjects``: the object, and e.g. a dossier's latest version);
- which other models change it (``watch``: model label -> the filed object an instance belongs
  to) and the timeline its records give (``history``: written once per entry source);
- its pages (``regulator_url_name``, ``organisation_url``), its versions and enclosures
  (``versions``, ``enclosures``) and the regulator's actions allowed now (``actions``);
- optionally how an assignment is done by the app itself (``assign``: e.g. a dossier keeps its
  ``assigned_reviewer`` and its review clock's responsible person) and read back (``assignee_id``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import reverse

# The common statuses of every filing, whatever its kind (an app keeps its own status too).
SUBMITTED = "submitted"  # filed (or filed again), waiting for the agency
UNDER_REVIEW = "under_review"  # the agency is handling it
AWAITING_ORGANISATION = "awaiting_organisation"  # the agency asked for more
DECIDED = "decided"  # the agency decided (accepted, granted, refused)
CLOSED = "closed"  # the handling ended without a decision (closed, withdrawn)
STATUSES = (SUBMITTED, UNDER_REVIEW, AWAITING_ORGANISATION, DECIDED, CLOSED)
# The agency's turn: what the workspace counts as waiting for a reviewer.
AGENCY_TURN = (SUBMITTED, UNDER_REVIEW)


@dataclass(frozen=True)
class Event:
    """One timeline entry a kind derives from a saved object (see ``FilingKind.events``).

    ``source`` identifies what the entry comes from (e.g. "breaches.breachsubmission:12"): an
    entry is written once per (filing, source), whatever the number of saves or backfills.
    """

    source: str
    kind: str
    at: dt.datetime
    message: str  # message key (the Vietnamese msgid, gettext_noop)
    params: dict = field(default_factory=dict)
    actor_id: int | None = None
    version: int | None = None
    note: str = ""  # text a person typed (a request's reasons), shown as typed


@dataclass(frozen=True)
class Version:
    """One filed version as the filing page shows it: its documents and enclosures."""

    number: int
    label: str
    submitted_at: dt.datetime
    submitted_by: str = ""
    documents: tuple[tuple[str, str], ...] = ()  # (label, url)
    enclosures: tuple[tuple[str, str], ...] = ()  # (name, url)
    note: str = ""


@dataclass(frozen=True)
class Action:
    """One regulator action allowed now on the filing page: a POST to ``url``."""

    label: str
    url: str
    primary: bool = False
    # The name of the text field the action's view reads (a message, reasons).
    text_field: str = "message"


@dataclass(frozen=True)
class FilingKind:
    code: str
    label: object  # lazy Vietnamese text
    model: str  # "app_label.ModelName"
    submitted: Callable[[object], bool]
    reference: Callable[[object], str]
    title: Callable[[object], tuple[str, dict]]  # (message key, params)
    organization_id: Callable[[object], int]
    first_submitted_at: Callable[[object], dt.datetime]
    last_submitted_at: Callable[[object], dt.datetime]
    status: Callable[[object], str]  # one of STATUSES
    app_status: Callable[[object], str]  # the app's own status code
    app_status_label: Callable[[str], str]  # that code in the reader's language
    regulator_url_name: str  # reversed with the object's pk
    organisation_url: Callable[[object], str]  # the organisation's page of the object
    agency_rules: tuple[str, ...] = ()
    organisation_rules: tuple[str, ...] = ()
    deadline_subjects: Callable[[object], Iterable] = lambda obj: [obj]
    watch: dict[str, Callable[[object], object | None]] = field(default_factory=dict)
    # Every timeline entry the object's own records give (versions, review events...).
    history: Callable[[object], Iterable[Event]] = lambda obj: ()
    versions: Callable[[object], list[Version]] = lambda obj: []
    enclosures: Callable[[object], list[tuple[str, str]]] = lambda obj: []  # (name, url)
    actions: Callable[[object], list[Action]] = lambda obj: []
    assignee_id: Callable[[object], int | None] | None = None
    # assign(actor=, obj=, reviewer=); a refusal is raised as ValidationError.
    assign: Callable[..., None] | None = None
    # Related names for select_related when the kind reads its object (e.g. "organization").
    select_related: tuple[str, ...] = ()

    def get_model(self):
        return apps.get_model(self.model)

    @property
    def model_label(self) -> str:
        return self.model.lower()


def app_statuses(field_name: str, choices, common: Mapping[str, str]) -> dict:
    """Return the ``status``, ``app_status`` and ``app_status_label`` of a kind's declaration.

    The object keeps its own status in ``field_name`` (a code of the ``choices``); ``common`` maps
    each code the filing can have to one of STATUSES.
    """
    return {
        "status": lambda obj: common[getattr(obj, field_name)],
        "app_status": lambda obj: getattr(obj, field_name),
        "app_status_label": lambda code: str(choices(code).label),
    }


def watch_records(*models) -> dict[str, Callable]:
    """Return a kind's ``watch`` for models of records of its filed object (``FiledRecord``)."""
    return {model._meta.label: _filed_object for model in models}


def _filed_object(record):
    return record.filed


def enclosure_links(enclosures, url_name: str, *args, name: str = "original_name") -> list:
    """Return (name, url) of each enclosure, its url ``url_name`` reversed with ``args``, pk."""
    return [(getattr(e, name), reverse(url_name, args=[*args, e.pk])) for e in enclosures]


_kinds: dict[str, FilingKind] = {}
_sections: list[Callable] = []


def register(kind: FilingKind) -> FilingKind:
    """Add ``kind`` to the registry (an app's filing.py calls it once per kind)."""
    if kind.code in _kinds and _kinds[kind.code] is not kind:
        raise ValueError(f"Filing kind {kind.code!r} is registered twice")
    _kinds[kind.code] = kind
    from . import services  # the services import the models, which import this module

    services.connect(kind)
    return kind


def kinds() -> list[FilingKind]:
    """Return every registered kind, in registration order."""
    return list(_kinds.values())


def get_kind(code: str) -> FilingKind:
    return _kinds[code]


def kind_choices() -> list[tuple[str, object]]:
    return [(k.code, k.label) for k in _kinds.values()]


def kind_for_model(label: str) -> FilingKind | None:
    """Return the kind whose filed object is of model ``label`` ("app_label.modelname")."""
    label = label.lower()
    return next((k for k in _kinds.values() if k.model_label == label), None)


def watchers(label: str) -> list[tuple[FilingKind, Callable]]:
    """Return the (kind, mapping) pairs of the kinds a saved ``label`` instance may change."""
    label = label.lower()
    found = []
    for kind in _kinds.values():
        if kind.model_label == label:
            found.append((kind, lambda obj: obj))
        for watched, mapping in kind.watch.items():
            if watched.lower() == label:
                found.append((kind, mapping))
    return found


def register_organisation_section(section: Callable) -> Callable:
    """Add a section to the agency's page of an organisation (e.g. its certificates).

    ``section(organization)`` returns None or {"title", "template", ...context}.
    """
    if section not in _sections:
        _sections.append(section)
    return section


def organisation_sections() -> list[Callable]:
    return list(_sections)
