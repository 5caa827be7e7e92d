"""Writes of the filings core: keep each Filing in step with its app's object, assign reviewers.

``refresh`` runs from post_save of the kinds' models, of the models they watch (versions,
review events) and of clock deadlines, inside the app's own transaction: the workspace never
shows a state the app rolled back, and the apps' services need not know this package exists.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.messages import storable_params
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.permissions import is_regulator
from pdp_portal.workflow import assign_changed

from . import registry
from .models import Filing, FilingEvent

RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)


def _object(kind: registry.FilingKind, pk):
    model = kind.get_model()
    qs = (
        model.objects.select_related(*kind.select_related) if kind.select_related else model.objects
    )
    return qs.filter(pk=pk).first()


def _due_dates(kind: registry.FilingKind, obj) -> tuple:
    """Return the earliest running (agency, organisation) clocks of ``obj``'s deadline subjects."""
    rules = set(kind.agency_rules) | set(kind.organisation_rules)
    subjects = [s for s in kind.deadline_subjects(obj) if s is not None]
    if not rules or not subjects:
        return None, None
    cts = ContentType.objects.get_for_models(*{type(s) for s in subjects})
    agency = organisation = None
    pairs = {(cts[type(s)].pk, str(s.pk)) for s in subjects}
    qs = Deadline.objects.filter(
        content_type__in=[ct.pk for ct in cts.values()],
        object_id__in=[pk for _ct, pk in pairs],
        status__in=RUNNING,
        rule__in=rules,
    ).values_list("content_type_id", "object_id", "rule", "due_at", "extended_due_at")
    for ct_id, object_id, rule, due_at, extended in qs:
        if (ct_id, object_id) not in pairs:
            continue
        due = extended or due_at
        if rule in kind.agency_rules and (agency is None or due < agency):
            agency = due
        if rule in kind.organisation_rules and (organisation is None or due < organisation):
            organisation = due
    return agency, organisation


def refresh(obj, kind: registry.FilingKind | None = None) -> Filing | None:
    """Upsert the Filing of ``obj`` from its kind, and its timeline; None while it is a draft.

    1. Read the object again (the caller's instance may be older than the row).
    2. Copy reference, title, statuses, times, assignee and the clocks' due dates.
    3. Add the timeline entries its history has that the filing lacks (once per source).
    """
    kind = kind or registry.kind_for_model(obj._meta.label)
    if kind is None:
        return None
    fresh = _object(kind, obj.pk)
    ct = ContentType.objects.get_for_model(kind.get_model())
    if fresh is None or not kind.submitted(fresh):
        return None
    agency_due, organisation_due = _due_dates(kind, fresh)
    title_message, title_params = kind.title(fresh)
    values = {
        "organization_id": kind.organization_id(fresh),
        "kind": kind.code,
        "reference": kind.reference(fresh)[:60],
        "title_message": str(title_message)[:500],
        "title_params": storable_params(title_params),
        "status": kind.status(fresh),
        "app_status": kind.app_status(fresh) or "",
        "first_submitted_at": kind.first_submitted_at(fresh),
        "last_submitted_at": kind.last_submitted_at(fresh),
        "agency_due_at": agency_due,
        "organisation_due_at": organisation_due,
    }
    if kind.assignee_id is not None:
        values["assignee_id"] = kind.assignee_id(fresh)
    filing = Filing.objects.filter(content_type=ct, object_id=fresh.pk).first()
    if filing is None:
        filing = Filing(
            content_type=ct, object_id=fresh.pk, last_activity_at=values["last_submitted_at"]
        )
    changed = assign_changed(filing, values)
    if filing.pk is None or changed:
        filing.save()
    _sync_events(filing, kind.history(fresh))
    return filing


def _sync_events(filing: Filing, events) -> None:
    """Write the entries of ``events`` the filing lacks and move its last activity forward."""
    rows = [
        FilingEvent(
            filing=filing,
            organization_id=filing.organization_id,
            at=e.at,
            actor_id=e.actor_id,
            kind=e.kind,
            message=str(e.message)[:500],
            params=storable_params(e.params),
            note=e.note,
            version=e.version,
            source=e.source[:120],
        )
        for e in events
    ]
    if not rows:
        return
    FilingEvent.objects.bulk_create(rows, ignore_conflicts=True)
    latest = max(row.at for row in rows)
    if latest > filing.last_activity_at:
        Filing.objects.filter(pk=filing.pk, last_activity_at__lt=latest).update(
            last_activity_at=latest
        )
        filing.last_activity_at = latest


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures: loaddata writes rows as they are
        return
    for kind, mapping in registry.watchers(sender._meta.label):
        obj = mapping(instance)
        if obj is not None:
            refresh(obj, kind)


def _on_deadline_save(sender, instance: Deadline, raw=False, **kwargs):
    if raw:
        return
    ct = ContentType.objects.get_for_id(instance.content_type_id)
    label = f"{ct.app_label}.{ct.model}"
    pairs = [
        (kind, mapping)
        for kind, mapping in registry.watchers(label)
        if instance.rule in kind.agency_rules or instance.rule in kind.organisation_rules
    ]
    if not pairs:
        return
    try:
        subject = ct.get_object_for_this_type(pk=instance.object_id)
    except ObjectDoesNotExist:  # a clock outliving its subject changes no filing
        return
    for kind, mapping in pairs:
        obj = mapping(subject)
        if obj is not None:
            refresh(obj, kind)


def _on_delete(sender, instance, **kwargs):
    # A filed object is kept by its app (e.g. Decree 356 Art. 29(1)(c) for a breach); whatever
    # the app lets go (a draft, a test row) leaves no filing behind.
    ct = ContentType.objects.get_for_model(sender)
    Filing.objects.filter(content_type=ct, object_id=instance.pk).delete()


_connected: set[str] = set()


def connect(kind: registry.FilingKind) -> None:
    """Keep ``kind``'s filings in step: connect post_save of its models (once per model)."""
    if not _connected:
        post_save.connect(_on_deadline_save, sender=Deadline, dispatch_uid="filings.deadline")
        _connected.add("clock.deadline")
    post_delete.connect(_on_delete, sender=kind.model, dispatch_uid=f"filings.delete.{kind.code}")
    for label in (kind.model, *kind.watch):
        if label.lower() in _connected:
            continue
        post_save.connect(_on_save, sender=label, dispatch_uid=f"filings.{label.lower()}")
        _connected.add(label.lower())


# --- assignment ----------------------------------------------------------------------------


class AssignError(ValidationError):
    pass


def filings_assign(*, actor, filings, reviewer) -> list[Filing]:
    """Make ``reviewer`` responsible for each filing of ``filings`` (one transaction).

    1. Lock the filings; refuse a reviewer who is not of the agency.
    2. A kind that assigns itself (a dossier: its reviewer and review clock) does it; the others
       are assigned here, with a timeline entry and an audit event each.
    3. Tell the reviewer once, in the portal and by e-mail, in the reviewer's language.
    """
    if not is_regulator(actor):
        raise AssignError(_("Chỉ cán bộ cơ quan chuyên trách được thực hiện."))
    if reviewer is None or not is_regulator(reviewer) or not reviewer.is_active:
        raise AssignError(
            {"reviewer": [_("Người được phân công phải là cán bộ cơ quan chuyên trách.")]}
        )
    ids = sorted({f.pk if isinstance(f, Filing) else int(f) for f in filings})
    if not ids:
        raise AssignError(_("Chưa chọn hồ sơ nào."))
    done = []
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Filing.objects.select_for_update().filter(pk__in=ids).select_related("organization")
        )
        for filing in locked:
            kind = filing.kind_info
            if kind is not None and kind.assign is not None:
                kind.assign(actor=actor, obj=_object(kind, filing.object_id), reviewer=reviewer)
                filing.refresh_from_db()
            else:
                filing.assignee = reviewer
                filing.last_activity_at = now
                filing.save(update_fields=["assignee", "last_activity_at"])
                FilingEvent.objects.create(
                    filing=filing,
                    organization_id=filing.organization_id,
                    at=now,
                    actor=actor,
                    kind=FilingEvent.Kind.ASSIGNED,
                    message=gettext_noop("Phân công %(user)s xem xét"),
                    params={"user": reviewer.get_username()},
                    source=f"filings.assign:{now.isoformat()}:{reviewer.pk}",
                )
                audit_record(
                    actor=actor,
                    action="filing.assign",
                    message=gettext_noop("Phân công %(user)s xem xét hồ sơ %(ref)s"),
                    params={"user": reviewer.get_username(), "ref": filing.reference},
                    obj=filing,
                    organization=filing.organization,
                    data={"reviewer": reviewer.pk, "kind": filing.kind},
                )
            done.append(filing)
        if reviewer != actor and done:
            _notify_assigned(reviewer, done, now)
    return done


def _notify_assigned(reviewer, filings: list[Filing], now) -> None:
    refs = ", ".join(f.reference for f in filings)
    stamp = now.strftime("%Y%m%d%H%M%S%f")
    url = reverse("regulator:inbox") + "?assignee=me"
    notification_create(
        user=reviewer,
        key=f"filing.assign:{stamp}:{reviewer.pk}",
        message=gettext_noop("Được phân công xem xét: %(refs)s"),
        params={"refs": refs},
        url=url,
    )
    if reviewer.email:
        outbox_enqueue_email(
            key=f"filing.assign:{stamp}:{reviewer.pk}",
            recipient=reviewer.email,
            template="filing_assigned",
            context={
                "reviewer_name": reviewer.get_full_name() or reviewer.get_username(),
                # Lazy labels: the e-mail renders them in the reviewer's language.
                "rows": [
                    {
                        "kind": f.kind_info.label if f.kind_info else f.kind,
                        "ref": f.reference,
                        "org": f.organization.name,
                        "url": f.regulator_url,
                    }
                    for f in filings
                ],
                "url": url,
            },
            recipient_user=reviewer,
        )
