"""Documents enclosed with a breach notification (Form 08 section 3; Decree 356/2025 Art. 28(1)).

Adding one (checked by its content, stored by a random name), removing it while it has not been
sent, opening it, and the audit trail of each.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_row
from pdp_portal.uploads import check_upload, sha256_of

from .models import (
    Breach,
    BreachAttachment,
    InvalidTransition,
)
from .workflow import _lock, _refuse_closed, _user

# --- attachments (Form 08 section 3) ------------------------------------------------------------


def attachment_add(*, actor, breach: Breach, upload, description: str = "") -> BreachAttachment:
    """Enclose a document with the notification, checked by its content and stored by a random name.

    1. Check the size and the type by content (pdp_portal.uploads), before any lock.
    2. Lock the breach, refuse a closed one, write the file and the row and the audit event;
       if anything fails after the file is written, delete the file again.
    """
    try:
        ext, mime = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    description = (description or "").strip()
    if len(description) > 300:
        raise ValidationError({"description": [_("Mô tả quá dài (tối đa 300 ký tự).")]})
    written = ""
    try:
        with transaction.atomic():
            locked = _lock(breach)
            _refuse_closed(locked)
            attachment = BreachAttachment(
                breach=locked,
                original_name=(upload.name or "file")[:255],
                content_type=mime,
                size=upload.size,
                sha256=sha256_of(upload),
                description=description,
                uploaded_by=_user(actor),
            )
            attachment.file.save(f"upload.{ext}", upload, save=False)
            written = attachment.file.name
            attachment.save()
            _audit_attachment(actor, locked, attachment, "breach.attachment_add")
    except BaseException:
        # A file whose row was rolled back would be found by nobody.
        if written:
            default_storage.delete(written)
        raise
    return attachment


def attachments_sent(breach: Breach):
    """The attachments enclosed with a Form 08 already sent: none added after the latest version.

    The agency sees these (and only these); they are part of what was notified, so they stay.
    """
    latest = breach.submissions.aggregate(at=Max("submitted_at"))["at"]
    if latest is None:
        return breach.attachments.none()
    return breach.attachments.filter(uploaded_at__lte=latest)


def attachment_remove(*, actor, attachment: BreachAttachment) -> None:
    """Remove an attachment not yet sent to the agency; the file goes once the removal commits."""
    with transaction.atomic():
        locked = _lock(attachment.breach)
        attachment = locked_row(
            BreachAttachment.objects, InvalidTransition, pk=attachment.pk, breach=locked
        )
        _refuse_closed(locked)
        if attachments_sent(locked).filter(pk=attachment.pk).exists():
            raise InvalidTransition(
                _(
                    "Tài liệu này đã được gửi kèm thông báo (Mẫu số 08) nên không thể gỡ; "
                    "hãy gửi thông báo bổ sung nếu cần đính chính."
                )
            )
        path = attachment.file.name
        _audit_attachment(actor, locked, attachment, "breach.attachment_remove")
        attachment.delete()
        transaction.on_commit(lambda: default_storage.delete(path))


def attachment_open(*, actor, attachment: BreachAttachment):
    """Return the stored file of ``attachment`` open for reading, and audit that it was seen."""
    _audit_attachment(actor, attachment.breach, attachment, "breach.attachment_view")
    return attachment.file.open("rb")


def _audit_attachment(actor, breach: Breach, attachment: BreachAttachment, action: str) -> None:
    summaries = {
        "breach.attachment_add": gettext_noop("Đính kèm tài liệu “%(name)s” vào vi phạm %(ref)s"),
        "breach.attachment_view": gettext_noop("Xem tài liệu “%(name)s” của vi phạm %(ref)s"),
        "breach.attachment_remove": gettext_noop("Gỡ tài liệu “%(name)s” khỏi vi phạm %(ref)s"),
    }
    audit_record(
        actor=actor,
        action=action,
        message=summaries[action],
        params={"name": attachment.original_name, "ref": breach.reference},
        obj=breach,
        data={"attachment": attachment.pk, "size": attachment.size, "sha256": attachment.sha256},
    )
