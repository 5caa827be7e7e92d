"""Enclosures of a dossier (Decree 356/2025 Art. 25(1)) or of a Form 06 request (Art. 26(2)(a)).

Storing an uploaded document (type check, SHA-256), adding and removing it while the dossier is
editable, and the audit trail of who opened it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_row
from pdp_portal.uploads import check_upload, sha256_of

from .models import (
    Application,
    Enclosure,
    InvalidTransition,
    QualifiedStaff,
)
from .workflow import _editable, _lock, _user


def _store_enclosure(*, actor, upload, kind: str, description: str = "", **owner) -> Enclosure:
    ext, mime = check_upload(upload)
    enclosure = Enclosure(
        kind=kind,
        original_name=(upload.name or f"tai-lieu.{ext}")[:255],
        content_type=mime,
        size=upload.size,
        sha256=sha256_of(upload),
        description=(description or "").strip()[:300],
        uploaded_by=_user(actor),
        **owner,
    )
    enclosure.file.save(f"x.{ext}", upload, save=False)
    enclosure.save()
    return enclosure


def enclosure_add(
    *,
    actor,
    application: Application,
    upload,
    kind: str,
    staff: QualifiedStaff | None = None,
    description: str = "",
) -> Enclosure:
    """Enclose a document of Decree 356 Art. 25(1), checked by content and stored under a random name."""
    if kind not in Enclosure.Kind.values or kind == Enclosure.Kind.EVIDENCE:
        raise ValidationError({"kind": [_("Loại tài liệu không hợp lệ.")]})
    if kind == Enclosure.Kind.DIPLOMA and staff is None:
        raise ValidationError({"staff": [_("Bằng cấp phải gắn với một nhân sự.")]})
    with transaction.atomic():
        locked = _lock(application)
        _editable(locked)
        if staff is not None and staff.application_id != locked.pk:
            raise ValidationError({"staff": [_("Nhân sự không thuộc hồ sơ này.")]})
        if staff is not None:
            # Removed by another request since the page was read: refused with a message, never
            # a diploma pointing at nobody (a server error when the transaction commits).
            staff = locked_row(
                QualifiedStaff.objects, InvalidTransition, pk=staff.pk, application=locked
            )
        enclosure = _store_enclosure(
            actor=actor,
            upload=upload,
            kind=kind,
            description=description,
            application=locked,
            staff=staff,
        )
        audit_record(
            actor=actor,
            action="certification.enclosure_add",
            message=gettext_noop("Đính kèm “%(name)s” vào hồ sơ %(ref)s"),
            params={"name": enclosure.original_name, "ref": locked.reference},
            obj=locked,
            data={"enclosure": enclosure.pk, "kind": kind, "sha256": enclosure.sha256},
        )
    return enclosure


def _remove_from_application(part, *, actor, name: str, files, action: str, message: str) -> None:
    """Remove ``part`` (a document or a staff member) of an editable application with its stored
    ``files``, and audit it under its ``name`` (a field of ``part``) and the application's number.

    The part is re-read under the application's lock: one deleted by another request since the
    page was read is refused, never deleted twice.
    """
    with transaction.atomic():
        locked = _lock(part.application)
        _editable(locked)
        part = locked_row(type(part).objects, InvalidTransition, pk=part.pk, application=locked)
        params = {"name": getattr(part, name), "ref": locked.reference}
        for stored in files(part):
            stored.delete(save=False)
        part.delete()
        audit_record(actor=actor, action=action, message=message, params=params, obj=locked)


def enclosure_delete(*, actor, enclosure: Enclosure) -> None:
    """Remove a document from an editable application."""
    _remove_from_application(
        enclosure,
        actor=actor,
        name="original_name",
        files=lambda enclosure: [enclosure.file],
        action="certification.enclosure_delete",
        message=gettext_noop("Bỏ tài liệu “%(name)s” khỏi hồ sơ %(ref)s"),
    )


def enclosure_record_view(*, actor, enclosure: Enclosure) -> None:
    """Audit that ``actor`` opened an enclosure (diplomas carry personal data)."""
    owner = enclosure.application or enclosure.change_request.certificate
    audit_record(
        actor=actor,
        action="certification.enclosure_view",
        message=gettext_noop("Xem tài liệu “%(name)s”"),
        params={"name": enclosure.original_name},
        obj=owner,
        organization=owner.organization,
        data={"enclosure": enclosure.pk},
    )
