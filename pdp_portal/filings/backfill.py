"""Help the apps' data migrations carry what was filed before the filings core into it.

Migrations work on historical models (``apps`` of RunPython), so they cannot use the registry's
kinds; each app's migration reads its own rows and hands plain values to ``write``. Safe to run
twice: one filing per object, one timeline entry per source.
"""

from django.db.models import Q

RUNNING = ("open", "overdue")


def content_type(apps, app_label: str, model: str):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model.lower())
    return ct


def due_dates(apps, subjects, agency_rules, organisation_rules) -> tuple:
    """Return the earliest running (agency, organisation) due dates of ``subjects``.

    ``subjects`` is a list of (content type, pk) pairs.
    """
    Deadline = apps.get_model("clock", "Deadline")
    match = Q(pk__in=[])
    for ct, pk in subjects:
        match |= Q(content_type_id=ct.pk, object_id=str(pk))
    agency = organisation = None
    rows = Deadline.objects.filter(
        match, status__in=RUNNING, rule__in=[*agency_rules, *organisation_rules]
    ).values_list("rule", "due_at", "extended_due_at")
    for rule, due_at, extended in rows:
        due = extended or due_at
        if rule in agency_rules and (agency is None or due < agency):
            agency = due
        if rule in organisation_rules and (organisation is None or due < organisation):
            organisation = due
    return agency, organisation


def write(apps, *, ct, object_id, values: dict, events: list[dict]) -> None:
    """Upsert the filing of (``ct``, ``object_id``) with ``values`` and add its ``events``."""
    Filing = apps.get_model("filings", "Filing")
    FilingEvent = apps.get_model("filings", "FilingEvent")
    latest = max([values["last_submitted_at"], *(e["at"] for e in events)])
    filing, _ = Filing.objects.update_or_create(
        content_type_id=ct.pk,
        object_id=object_id,
        defaults={**values, "last_activity_at": latest},
    )
    FilingEvent.objects.bulk_create(
        [FilingEvent(filing=filing, organization_id=filing.organization_id, **e) for e in events],
        ignore_conflicts=True,
    )
