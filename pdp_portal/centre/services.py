"""Every write of the privacy centre: save the draft, publish a frozen version, unpublish."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.organizations.models import Organization
from pdp_portal.workflow import acting_user, assign_changed

from .models import TEXT_FIELDS, CentreDraft, CentreVersion, content_hash


def live_version(organization) -> CentreVersion | None:
    """Return the published version the public sees, or None."""
    return organization.centre_versions.filter(withdrawn_at__isnull=True).first()


def draft_for(organization) -> CentreDraft:
    """Return the organisation's draft (unsaved and empty when it has none yet)."""
    # A fresh read: the organisation object may hold a draft read before the last save.
    draft = CentreDraft.objects.filter(organization=organization).first()
    return draft or CentreDraft(organization=organization)


def _lock(organization) -> Organization:
    # One organisation's centre changes one write at a time (numbers, the live version).
    return Organization.objects.select_for_update().get(pk=organization.pk)


def centre_draft_save(*, actor, organization, texts: dict) -> CentreDraft:
    """Save the draft texts; the published version does not change."""
    with transaction.atomic():
        _lock(organization)
        draft, _created = CentreDraft.objects.get_or_create(organization=organization)
        changed = assign_changed(draft, {name: texts.get(name, "") for name in TEXT_FIELDS})
        draft.updated_by = acting_user(actor)
        draft.save()
        audit_record(
            actor=actor,
            action="centre.draft.save",
            message=gettext_noop("Lưu bản nháp trung tâm quyền riêng tư"),
            params={},
            obj=draft,
            organization=organization,
            data={"changed": changed},
        )
    return draft


def centre_publish(*, actor, organization) -> CentreVersion:
    """Freeze the draft as a new version (content and hash) and make it the live one.

    1. Lock the organisation, read the draft.
    2. Withdraw the version that was live, if any.
    3. Write the new version with the next number, its content and hash; audit.
    """
    with transaction.atomic():
        _lock(organization)
        draft = draft_for(organization)
        content = draft.content()
        if not content["introduction_vi"].strip():
            raise ValidationError(
                {
                    "introduction_vi": [
                        _("Hãy viết lời giới thiệu bằng tiếng Việt trước khi công bố.")
                    ]
                }
            )
        now = timezone.now()
        by = acting_user(actor)
        organization.centre_versions.filter(withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=by
        )
        last = organization.centre_versions.aggregate(last=Max("number"))["last"] or 0
        version = CentreVersion.objects.create(
            organization=organization,
            number=last + 1,
            content=content,
            content_hash=content_hash(content),
            published_at=now,
            published_by=by,
        )
        audit_record(
            actor=actor,
            action="centre.publish",
            message=gettext_noop("Công bố trung tâm quyền riêng tư phiên bản %(version)s"),
            params={"version": version.number, "hash": version.content_hash},
            obj=version,
            organization=organization,
            data={"content_hash": version.content_hash},
        )
    return version


def centre_unpublish(*, actor, organization) -> CentreVersion:
    """Withdraw the live version: the centre answers 404 until the next publication."""
    with transaction.atomic():
        _lock(organization)
        version = live_version(organization)
        if version is None:
            raise ValidationError(_("Trung tâm quyền riêng tư chưa được công bố."))
        version.withdrawn_at = timezone.now()
        version.withdrawn_by = acting_user(actor)
        version.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit_record(
            actor=actor,
            action="centre.unpublish",
            message=gettext_noop("Thôi công bố trung tâm quyền riêng tư phiên bản %(version)s"),
            params={"version": version.number},
            obj=version,
            organization=organization,
        )
    return version
