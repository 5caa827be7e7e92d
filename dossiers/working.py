"""The working dossier: the draft, the answers the DPO writes, the enclosed documents.

One dossier of each kind per organisation (Law 91/2025 Art. 20(3), 21(2)); a dossier waiting for
the agency cannot be changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import creation_lock
from pdp_portal.uploads import check_upload, store_upload

from .catalogue import FIELDS, PROCESSING, EnclosureCategory, ProcessingService
from .models import Dossier, DossierEnclosure, InvalidTransition, VersionEnclosure
from .service_base import Status, _lock, _locked, _refresh, _user

# --- the working dossier -----------------------------------------------------------------------


@contextmanager
def _editing(dossier: Dossier) -> Iterator[Dossier]:
    """Run a change of the working dossier in one transaction on its locked row.

    A dossier waiting for the agency cannot be changed: what it reviews is what was filed.
    """
    with transaction.atomic():
        locked = _lock(dossier)
        if locked.status in (Status.SUBMITTED, Status.UNDER_REVIEW):
            raise InvalidTransition(_("Hồ sơ đang chờ cơ quan chuyên trách xem xét: chưa thể sửa."))
        yield locked


def _next_reference(organization, kind: str) -> str:
    prefix = "HS-XL" if kind == PROCESSING else "HS-CB"
    return f"{prefix}-{organization.tax_code}"


def dossier_open(*, actor, organization, kind: str) -> Dossier:
    """Return the organisation's dossier of ``kind``, creating the draft (one per kind, Law 20(3), 21(2))."""
    if kind not in Dossier.Kind.values:
        raise ValidationError({"kind": [_("Loại hồ sơ không hợp lệ.")]})
    with transaction.atomic():
        # A double click or two tabs open one draft: the second waits here and finds it (a row
        # lock cannot do it: the row does not exist yet), never a unique-constraint error.
        creation_lock(f"dossiers.dossier:{organization.pk}:{kind}")
        dossier = Dossier.objects.filter(organization=organization, kind=kind).first()
        if dossier is not None:
            return dossier
        dossier = Dossier.objects.create(
            organization=organization,
            kind=kind,
            reference=_next_reference(organization, kind),
            created_by=_user(actor),
        )
        audit_record(
            actor=actor,
            action="dossier.open",
            message=gettext_noop("Lập %(kind)s %(ref)s"),
            params={"kind": Dossier.Kind(kind).label, "ref": dossier.reference},
            obj=dossier,
            organization=organization,
        )
    return dossier


def _clean_answers(kind: str, answers: dict) -> dict:
    clean = {}
    for key, value in answers.items():
        f = FIELDS.get(key)
        if f is None or kind not in f.kinds:
            continue
        if f.kind == "yesno":
            clean[key] = None if value in (None, "") else bool(value)
        elif f.kind == "number":
            clean[key] = None if value in (None, "") else max(0, int(value))
        elif f.kind == "services":
            clean[key] = [v for v in (value or []) if v in ProcessingService.values]
        elif f.kind == "filer":
            clean[key] = "individual" if value == "individual" else "organization"
        else:
            clean[key] = (value or "").strip()[:20000]
    return clean


def dossier_save_answers(*, actor, dossier: Dossier, answers: dict) -> Dossier:
    """Save the parts the DPO writes (assessment A.III and the rest of the catalogue)."""
    with _editing(dossier) as locked:
        locked.answers = {**(locked.answers or {}), **_clean_answers(locked.kind, answers)}
        locked.save(update_fields=["answers", "updated_at"])
        audit_record(
            actor=actor,
            action="dossier.answers",
            message=gettext_noop("Cập nhật nội dung hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"fields": sorted(answers)},
        )
    return _refresh(dossier, locked)


def enclosure_add(
    *, actor, dossier: Dossier, upload, category: str, description: str = ""
) -> DossierEnclosure:
    """Attach a document checked by size and content (PDF, PNG, JPEG, DOCX, ODT, XLSX)."""
    if category not in EnclosureCategory.values:
        raise ValidationError({"category": [_("Loại tài liệu không hợp lệ.")]})
    check_upload(upload)  # refused before the dossier is locked
    with _editing(dossier) as locked:
        enclosure = DossierEnclosure(
            dossier=locked,
            category=category,
            description=(description or "").strip()[:300] or upload.name[:300],
        )
        store_upload(enclosure, upload, uploaded_by=_user(actor))
        enclosure.save()
        audit_record(
            actor=actor,
            action="dossier.enclosure_add",
            message=gettext_noop("Đính kèm “%(name)s” vào hồ sơ đánh giá tác động %(ref)s"),
            params={"name": enclosure.description, "ref": locked.reference},
            obj=locked,
            data={"sha256": enclosure.sha256, "size": enclosure.size},
        )
    return enclosure


def enclosure_remove(*, actor, dossier: Dossier, enclosure: DossierEnclosure) -> None:
    """Remove a document from the working dossier; a submitted version keeps its own copy."""
    with _editing(dossier) as locked:
        item = _locked(
            DossierEnclosure.objects.select_for_update(), pk=enclosure.pk, dossier=locked
        )
        name = item.file.name
        frozen = VersionEnclosure.objects.filter(file=name).exists()
        item.delete()
        if not frozen:
            transaction.on_commit(lambda: item.file.storage.delete(name))
        audit_record(
            actor=actor,
            action="dossier.enclosure_remove",
            message=gettext_noop("Bỏ tài liệu “%(name)s” khỏi hồ sơ đánh giá tác động %(ref)s"),
            params={"name": item.description, "ref": locked.reference},
            obj=locked,
        )
