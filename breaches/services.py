"""Every write on a breach: record, complete, notify, contain, remediate, close, review, notices."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
    deadlines_for,
    format_due,
    overdue_at,
)
from pdp_portal.concurrency import locked_row
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.models import Membership, ProcessingRole
from pdp_portal.organizations.permissions import REGULATOR_GROUP
from pdp_portal.pdf import render_pdf
from pdp_portal.uploads import check_upload

from .models import (
    CLOCK_RULES,
    EDITABLE_STATUSES,
    KEEP_RECORD,
    NOTIFY_AGENCY,
    NOTIFY_SUBJECTS,
    REVIEW_TRANSITIONS,
    TRANSITIONS,
    UPDATABLE_FIELDS,
    BasicDataType,
    Breach,
    BreachAttachment,
    BreachReviewEvent,
    BreachSubmission,
    InvalidTransition,
    NoticeRecipient,
    SensitiveDataType,
    Severity,
    SubjectNotice,
    required_rules,
)

Status = Breach.Status
Review = Breach.Review

# Sanity bounds, not statutory numbers: more people than live on Earth is a typing error.
MAX_SUBJECTS = 10_000_000_000
MAX_RECORDS = 10**15
# A notice list is read in one request; bigger lists go through several uploads.
MAX_CSV_ROWS = 50_000
MAX_CSV_BYTES = 5 * 1024 * 1024


# --- helpers -----------------------------------------------------------------------------------


def _lock(breach: Breach) -> Breach:
    # Re-read under a row lock: two people completing or submitting one breach take turns.
    return locked_row(
        Breach.objects.select_for_update(of=("self",)).select_related("organization"),
        InvalidTransition,
        pk=breach.pk,
    )


def _refresh(target: Breach, source: Breach) -> Breach:
    for f in Breach._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def _check(breach: Breach, target: str) -> None:
    if target not in TRANSITIONS[breach.status]:
        raise InvalidTransition(
            _("Không thể chuyển vi phạm từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": Status(breach.status).label, "target": Status(target).label}
        )


def _check_review(breach: Breach, target: str) -> None:
    if target not in REVIEW_TRANSITIONS[breach.review_status]:
        raise InvalidTransition(
            _("Không thể chuyển hồ sơ từ “%(current)s” sang “%(target)s”.")
            % {"current": Review(breach.review_status).label, "target": Review(target).label}
        )


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _validate(breach: Breach) -> None:
    """Raise ValidationError (per field) for impossible values: the future, negative, absurd."""
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if breach.discovered_at is None:
        errors.setdefault("discovered_at", []).append(_("Cần nhập thời điểm phát hiện."))
    elif breach.discovered_at > now:
        errors.setdefault("discovered_at", []).append(
            _("Thời điểm phát hiện không thể ở tương lai.")
        )
    for name, ceiling in (("subject_count", MAX_SUBJECTS), ("record_count", MAX_RECORDS)):
        value = getattr(breach, name)
        if value is None:
            continue
        if value < 0:
            errors.setdefault(name, []).append(_("Số lượng không thể âm."))
        elif value > ceiling:
            errors.setdefault(name, []).append(
                _("Số lượng không hợp lý (lớn hơn %(max)s).") % {"max": f"{ceiling:,}"}
            )
    if breach.occurred_from and breach.occurred_from > now:
        errors.setdefault("occurred_from", []).append(_("Thời gian xảy ra không thể ở tương lai."))
    if (
        breach.occurred_from
        and breach.discovered_at
        and breach.occurred_from > breach.discovered_at
    ):
        errors.setdefault("occurred_from", []).append(
            _("Vi phạm không thể bắt đầu sau khi được phát hiện.")
        )
    if (
        breach.occurred_from
        and breach.occurred_until
        and breach.occurred_until < breach.occurred_from
    ):
        errors.setdefault("occurred_until", []).append(
            _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
        )
    bad_basic = set(breach.basic_data_types) - set(BasicDataType.values)
    bad_sensitive = set(breach.sensitive_data_types) - set(SensitiveDataType.values)
    if bad_basic:
        errors.setdefault("basic_data_types", []).append(_("Loại dữ liệu không hợp lệ."))
    if bad_sensitive:
        errors.setdefault("sensitive_data_types", []).append(_("Loại dữ liệu không hợp lệ."))
    if breach.severity not in Severity.values:
        errors.setdefault("severity", []).append(_("Mức độ không hợp lệ."))
    if breach.acting_role not in ProcessingRole.values:
        errors.setdefault("acting_role", []).append(_("Vai trò không hợp lệ."))
    if errors:
        raise ValidationError(errors)


def _next_reference(organization, year: int) -> str:
    last = (
        Breach.objects.select_for_update()
        .filter(organization=organization, reference__startswith=f"VP-{year}-")
        .aggregate(m=Max("reference"))["m"]
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"VP-{year}-{number:04d}"


def breach_deadlines(breach: Breach) -> dict[str, Deadline]:
    """Return the latest deadline of each rule for ``breach`` (cancelled ones left out)."""
    result: dict[str, Deadline] = {}
    for deadline in deadlines_for(breach).exclude(status=Deadline.Status.CANCELLED).order_by("pk"):
        result[deadline.rule] = deadline
    return result


def _sync_clocks(breach: Breach, actor) -> None:
    """Open the clocks the flags now require and cancel those they no longer require.

    1. A required rule without a clock (or whose clock started at another discovery time and is
       still running) gets a new one from the discovery instant (Law 23(1): "from discovery").
    2. A running clock whose rule is no longer required is cancelled with the reason.
    A met clock is history and stays as it is.
    """
    required = required_rules(breach)
    current = breach_deadlines(breach)
    for rule in CLOCK_RULES:
        deadline = current.get(rule)
        running = deadline is not None and deadline.status in (
            Deadline.Status.OPEN,
            Deadline.Status.OVERDUE,
        )
        if rule not in required:
            if running:
                deadline_cancel(
                    deadline=deadline,
                    actor=actor,
                    # The message key, not a text in the actor's language (pdp_portal.messages).
                    reason=gettext_noop(
                        "Thông tin vi phạm đã thay đổi: nghĩa vụ này không còn áp dụng."
                    ),
                )
            continue
        if running and deadline.started_at != breach.discovered_at:
            deadline_cancel(
                deadline=deadline,
                actor=actor,
                reason=gettext_noop("Thời điểm phát hiện đã được sửa: tính lại thời hạn."),
            )
            deadline = None
        if deadline is None or deadline.status == Deadline.Status.CANCELLED:
            try:
                deadline_open(
                    organization=breach.organization,
                    rule=rule,
                    subject=breach,
                    started_at=breach.discovered_at,
                    responsible=_user(actor),
                    label_params={"ref": breach.reference},
                    actor=actor,
                )
            except ClockError as exc:
                raise ValidationError({"discovered_at": [str(exc)]}) from exc


def _meet(breach: Breach, rule: str, at: dt.datetime, actor) -> Deadline | None:
    deadline = breach_deadlines(breach).get(rule)
    if deadline is not None and deadline.status in (Deadline.Status.OPEN, Deadline.Status.OVERDUE):
        return deadline_meet(deadline=deadline, at=at, actor=actor)
    return deadline


# --- record and complete -----------------------------------------------------------------------


def breach_record(
    *,
    actor,
    organization,
    summary: str,
    discovered_at: dt.datetime,
    basic_data_types: list[str] | None = None,
    sensitive_data_types: list[str] | None = None,
    subject_count: int | None = None,
    record_count: int | None = None,
    harms_public_interest: bool = False,
    harms_data_subjects: bool = False,
    acting_role: str | None = None,
    controller_name: str = "",
    **extra,
) -> Breach:
    """Record a violation from the short first form and open the clocks its flags require."""
    if acting_role is None:
        roles = organization.roles or [ProcessingRole.CONTROLLER]
        acting_role = roles[0]
    unknown = set(extra) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    breach = Breach(
        organization=organization,
        summary=(summary or "").strip(),
        discovered_at=discovered_at,
        basic_data_types=list(basic_data_types or []),
        sensitive_data_types=list(sensitive_data_types or []),
        subject_count=subject_count,
        record_count=record_count,
        harms_public_interest=harms_public_interest,
        harms_data_subjects=harms_data_subjects,
        acting_role=acting_role,
        controller_name=controller_name,
        created_by=_user(actor),
        **extra,
    )
    if not breach.summary:
        raise ValidationError({"summary": [_("Cần mô tả ngắn gọn vụ việc.")]})
    _validate(breach)
    with transaction.atomic():
        local_year = timezone.localtime(breach.discovered_at).year
        breach.reference = _next_reference(organization, local_year)
        breach.save(force_insert=True)
        audit_record(
            actor=actor,
            action="breach.record",
            message=gettext_noop("Ghi nhận vi phạm %(ref)s"),
            params={"ref": breach.reference},
            obj=breach,
            organization=organization,
            data={
                "discovered_at": breach.discovered_at.isoformat(),
                "subject_count": breach.subject_count,
                "sensitive": breach.sensitive_data_types,
                "acting_role": breach.acting_role,
            },
        )
        _sync_clocks(breach, actor)
    return breach


def breach_update(*, actor, breach: Breach, **fields) -> Breach:
    """Complete or correct the record (Decree 356 Art. 28(1)) and re-select its clocks."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock(breach)
        if locked.status not in EDITABLE_STATUSES:
            raise InvalidTransition(_("Vi phạm đã đóng: không thể sửa."))
        changed = {}
        for name, value in fields.items():
            if getattr(locked, name) != value:
                changed[name] = value
                setattr(locked, name, value)
        if "summary" in changed and not (locked.summary or "").strip():
            raise ValidationError({"summary": [_("Cần mô tả ngắn gọn vụ việc.")]})
        if locked.acting_role == ProcessingRole.PROCESSOR and not locked.controller_name.strip():
            raise ValidationError(
                {
                    "controller_name": [
                        _("Bên xử lý dữ liệu phải ghi rõ bên kiểm soát dữ liệu được thông báo.")
                    ]
                }
            )
        _validate(locked)
        if not changed:
            return _refresh(breach, locked)
        locked.save()
        audit_record(
            actor=actor,
            action="breach.update",
            message=gettext_noop("Cập nhật thông tin vi phạm %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            organization=locked.organization,
            data={"fields": sorted(changed)},
        )
        _sync_clocks(locked, actor)
    return _refresh(breach, locked)


def breach_controller_notified(*, actor, breach: Breach, at: dt.datetime | None = None) -> Breach:
    """Record when a processor told its controller (Law 91/2025 Art. 23(1), second sentence)."""
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": [_("Thời điểm không thể ở tương lai.")]})
    with transaction.atomic():
        locked = _lock(breach)
        if locked.acting_role != ProcessingRole.PROCESSOR:
            raise InvalidTransition(_("Chỉ bên xử lý dữ liệu phải thông báo bên kiểm soát."))
        if not locked.controller_name.strip():
            raise ValidationError(
                {"controller_name": [_("Cần ghi rõ bên kiểm soát dữ liệu được thông báo.")]}
            )
        if at < locked.discovered_at:
            raise ValidationError({"at": [_("Thời điểm không thể trước khi phát hiện vi phạm.")]})
        locked.controller_notified_at = at
        locked.save(update_fields=["controller_notified_at", "updated_at"])
        audit_record(
            actor=actor,
            action="breach.controller_notified",
            message=gettext_noop("Đã thông báo bên kiểm soát %(name)s về vi phạm %(ref)s"),
            params={"name": locked.controller_name, "ref": locked.reference},
            obj=locked,
            data={"at": at.isoformat()},
        )
    return _refresh(breach, locked)


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
            if locked.status == Status.CLOSED:
                raise InvalidTransition(_("Vi phạm đã đóng."))
            attachment = BreachAttachment(
                breach=locked,
                original_name=(upload.name or "file")[:255],
                content_type=mime,
                size=upload.size,
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
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("Vi phạm đã đóng."))
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
        data={"attachment": attachment.pk, "size": attachment.size},
    )


# --- Form 08 -----------------------------------------------------------------------------------


def missing_for_submission(breach: Breach) -> list[str]:
    """Return the Decree 356 Art. 28(1) contents still missing before Form 08 can be sent."""
    missing = []
    checks = [
        (breach.location.strip(), _("địa điểm")),
        (breach.acts.strip(), _("hành vi vi phạm")),
        (
            breach.basic_data_types
            or breach.sensitive_data_types
            or breach.data_description.strip(),
            _("các loại dữ liệu cá nhân"),
        ),
        (
            breach.subject_count is not None or breach.record_count is not None,
            _("số lượng dữ liệu"),
        ),
        (breach.consequences.strip(), _("hậu quả, thiệt hại có thể xảy ra")),
        (breach.measures_taken.strip(), _("biện pháp áp dụng")),
    ]
    for ok, label in checks:
        if not ok:
            missing.append(str(label))
    if primary_contact(breach.organization) is None:
        missing.append(
            str(_("đầu mối bảo vệ dữ liệu cá nhân của tổ chức (Điều 28 khoản 1 điểm b)"))
        )
    return missing


def primary_contact(organization):
    return organization.protection_contacts.order_by("-is_primary", "pk").first()


def default_place(organization) -> str:
    """Return the place name for the date line: the last part of the head office address."""
    parts = [p.strip() for p in (organization.head_office or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


def _local(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _time_text(occurred_from, occurred_until, discovered_at) -> str:
    parts = []
    if occurred_from and occurred_until:
        parts.append(
            _("từ %(start)s đến %(end)s")
            % {"start": _local(occurred_from), "end": _local(occurred_until)}
        )
    elif occurred_from:
        parts.append(_("từ %(start)s") % {"start": _local(occurred_from)})
    parts.append(_("phát hiện lúc %(at)s") % {"at": _local(discovered_at)})
    return "; ".join(str(p) for p in parts) + " " + str(_("(giờ Việt Nam)"))


def _volume_text(record_count: int | None, subject_count: int | None) -> str:
    parts = []
    if record_count is not None:
        parts.append(
            ngettext("%(n)s bản ghi", "%(n)s bản ghi", record_count)
            % {"n": f"{record_count:,}".replace(",", ".")}
        )
    if subject_count is not None:
        parts.append(
            ngettext("%(n)s chủ thể dữ liệu", "%(n)s chủ thể dữ liệu", subject_count)
            % {"n": f"{subject_count:,}".replace(",", ".")}
        )
    return ", ".join(str(p) for p in parts)


def _instant(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def submission_facts(snapshot: dict) -> dict:
    """Return the time, data types and volume of a filed Form 08, in the reader's language.

    The snapshot is the document as filed, frozen in Vietnamese like its PDF; a page reads its
    facts again from the plain values. Its data-type labels were written in Vietnamese, so they
    are the catalogue's message keys. A snapshot filed before the occurrence times were kept in
    it shows its frozen time text.
    """
    v = snapshot["violation"]
    if "occurred_from" in v:
        time = _time_text(
            _instant(v["occurred_from"]),
            _instant(v["occurred_until"]),
            _instant(v["discovered_at"]),
        )
    else:
        time = v["time"]
    return {
        "time": time,
        "data_types": [_(label) for label in v["data_types"]],
        "volume": _volume_text(v.get("record_count"), v.get("subject_count")),
    }


def form08_snapshot(
    breach: Breach,
    *,
    document_number: str = "",
    place: str = "",
    at: dt.datetime | None = None,
    version: int | None = None,
    kind: str = "",
    late_reason: str = "",
    note: str = "",
    signer_name: str = "",
    language: str = "vi",
) -> dict:
    """Return the Form 08 content of ``breach`` as plain data (what a submission freezes)."""
    # The labels (data types, severity, times) in the document's language, not the reader's.
    with translation.override(language):
        return _form08_data(
            breach,
            document_number=document_number,
            place=place,
            at=at,
            version=version,
            kind=kind,
            late_reason=late_reason,
            note=note,
            signer_name=signer_name,
        )


def _form08_data(breach: Breach, *, at, **fields) -> dict:
    org = breach.organization
    contact = primary_contact(org)
    data_types = breach.basic_data_labels() + breach.sensitive_data_labels()
    local = timezone.localtime(at) if at else None
    return {
        "form_code": _("Mẫu số 08"),
        "reference": breach.reference,
        "document_number": fields["document_number"],
        "place": fields["place"],
        "date": local.date().isoformat() if local else "",
        "version": fields["version"],
        "kind": fields["kind"],
        "organization": {
            "name": org.name,
            "name_foreign": org.name_foreign,
            "head_office": org.head_office,
            "registration_document": org.registration_document,
            "tax_code": org.tax_code,
            "phone": org.phone,
            "website": org.website,
            "email": org.email,
        },
        "contact": {
            "name": contact.name if contact else "",
            "position": contact.position if contact else "",
            "phone": contact.phone if contact else "",
            "email": contact.email if contact else "",
            "kind": contact.get_kind_display() if contact else "",
        },
        "violation": {
            "summary": breach.summary,
            "time": _time_text(breach.occurred_from, breach.occurred_until, breach.discovered_at),
            "discovered_at": breach.discovered_at.isoformat(),
            "occurred_from": breach.occurred_from.isoformat() if breach.occurred_from else None,
            "occurred_until": breach.occurred_until.isoformat() if breach.occurred_until else None,
            "discovery_method": breach.discovery_method,
            "location": breach.location,
            "acts": breach.acts,
            "parties": breach.parties_involved,
            "data_types": data_types,
            "data_description": breach.data_description,
            "volume": _volume_text(breach.record_count, breach.subject_count),
            "record_count": breach.record_count,
            "subject_count": breach.subject_count,
            "consequences": breach.consequences,
            "measures_taken": breach.measures_taken,
            "measures_proposed": breach.measures_proposed,
            "severity": breach.get_severity_display(),
            "acting_role": breach.get_acting_role_display(),
            "controller_name": breach.controller_name,
        },
        "attachments": [a.description or a.original_name for a in breach.attachments.all()],
        "late_reason": fields["late_reason"],
        "note": fields["note"],
        "signer_name": fields["signer_name"],
    }


# Points of a list in Vietnamese legal drafting: a), b), c), d), đ), e), g), ...
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def form08_context(snapshot: dict, *, draft: bool = False, language: str = "vi") -> dict:
    """Return the template context of Form 08 for a snapshot, its fixed wording in ``language``."""
    date = dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None
    with translation.override(language):
        if language != "vi":
            # A translation reads the time, data types and volume again from the plain values;
            # the Vietnamese document stays exactly as filed.
            violation = {**snapshot["violation"], **submission_facts(snapshot)}
            snapshot = {**snapshot, "violation": violation}
        return {
            "s": snapshot,
            "attachments": list(zip(_LETTERS, snapshot.get("attachments", []), strict=False)),
            "draft": draft,
            "form_code": _("Mẫu số 08"),
            "issuer_name": snapshot["organization"]["name"],
            "document_number": snapshot.get("document_number"),
            "place": snapshot.get("place"),
            "date_parts": (
                {"day": f"{date.day:02d}", "month": f"{date.month:02d}", "year": date.year}
                if date
                else None
            ),
            "title": _("THÔNG BÁO"),
            "subtitle": _("VI PHẠM QUY ĐỊNH BẢO VỆ DỮ LIỆU CÁ NHÂN"),
            "recipient": _("Cơ quan chuyên trách bảo vệ dữ liệu cá nhân, Bộ Công an."),
            "recipients_list": [_("Như trên;"), _("Lưu: VT.")],
            **_signature_block(),
            "signer_name": snapshot.get("signer_name", ""),
        }


def _signature_block() -> dict:
    """Return the signer's title and note of the appendix forms, in the active language."""
    return {
        "signer_title": _("TM. TỔ CHỨC, DOANH NGHIỆP"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
    }


def render_form08(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 08 (Decree 356/2025 appendix) as PDF bytes."""
    return render_pdf(
        "breaches/pdf/form08.html",
        form08_context(snapshot, draft=draft, language=language),
        language=language,
    )


def form08_draft_pdf(breach: Breach, *, language: str = "vi") -> bytes:
    """Return the draft Form 08 of ``breach`` as it stands now, marked as a draft."""
    snapshot = form08_snapshot(
        breach, place=default_place(breach.organization), at=timezone.now(), language=language
    )
    return render_form08(snapshot, draft=True, language=language)


def record_pdf(breach: Breach, *, language: str = "vi") -> bytes:
    """Return the written record of the violation (Law 91/2025 Art. 23(2)) as PDF bytes."""
    return render_pdf(
        "breaches/pdf/record.html", record_context(breach, language=language), language=language
    )


def _regulators():
    return get_user_model().objects.filter(groups__name=REGULATOR_GROUP, is_active=True)


def _org_people(organization, roles=(Membership.Role.DPO,)):
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization, role__in=roles, user__is_active=True
        ).select_related("user")
    ]


def breach_submit(
    *,
    actor,
    breach: Breach,
    document_number: str = "",
    place: str = "",
    late_reason: str = "",
    note: str = "",
    signer_name: str = "",
    answers_request: BreachReviewEvent | None = None,
) -> BreachSubmission:
    """Send Form 08 to the agency: the initial notification or a supplement, as a new version.

    1. Lock the breach; refuse a closed breach or a case the agency has closed.
    2. Check the Decree 356 Art. 28(1) content is complete and, past the 72 hours of the
       agency clock, that a reason for the delay is given.
    3. Freeze the content and its PDF as version N, meet the agency clock, move the statuses,
       write the audit event and tell the agency's reviewers.
    """
    late_reason = (late_reason or "").strip()
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock(breach)
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("Vi phạm đã đóng: không thể gửi thông báo."))
        if locked.review_status == Review.CLOSED:
            raise InvalidTransition(_("Cơ quan chuyên trách đã kết thúc xem xét vi phạm này."))
        missing = missing_for_submission(locked)
        if missing:
            raise ValidationError(
                _("Thông báo chưa đủ nội dung theo Nghị định 356/2025 Điều 28 khoản 1: %(list)s.")
                % {"list": ", ".join(missing)}
            )
        previous = locked.submissions.count()
        kind = BreachSubmission.Kind.INITIAL if previous == 0 else BreachSubmission.Kind.SUPPLEMENT
        if kind == BreachSubmission.Kind.SUPPLEMENT and not note:
            raise ValidationError({"note": [_("Cần nêu nội dung bổ sung so với lần trước.")]})
        if answers_request is None and kind == BreachSubmission.Kind.SUPPLEMENT:
            # A supplement sent while the agency waits for more information answers its request.
            answers_request = open_info_request(locked)
        if answers_request is not None and (
            answers_request.breach_id != locked.pk
            or answers_request.kind != BreachReviewEvent.Kind.REQUEST_INFO
        ):
            raise ValidationError(_("Yêu cầu bổ sung không thuộc vi phạm này."))
        now = timezone.now()
        agency_clock = breach_deadlines(locked).get(NOTIFY_AGENCY)
        within = None
        if kind == BreachSubmission.Kind.INITIAL and agency_clock is not None:
            within = now < overdue_at(agency_clock.effective_due_at)
            if not within and not late_reason:
                # Law 91/2025 Art. 23(1): the 72 hours have passed; the notice says why.
                raise ValidationError(
                    {
                        "late_reason": [
                            _(
                                "Đã quá thời hạn thông báo (hạn %(due)s): cần nêu lý do chậm "
                                "thông báo."
                            )
                            % {"due": format_due(agency_clock.effective_due_at)}
                        ]
                    }
                )
        version = previous + 1
        number = (document_number or "").strip() or f"{locked.reference}/TB-{version:02d}"
        place = (place or "").strip() or default_place(locked.organization)
        snapshot = form08_snapshot(
            locked,
            document_number=number,
            place=place,
            at=now,
            version=version,
            kind=kind,
            late_reason=late_reason,
            note=note,
            signer_name=(signer_name or "").strip(),
        )
        pdf = render_form08(snapshot)
        submission = BreachSubmission.objects.create(
            breach=locked,
            version=version,
            kind=kind,
            document_number=number,
            place=place,
            submitted_at=now,
            submitted_by=_user(actor),
            within_deadline=within,
            late_reason=late_reason,
            note=note,
            answers_request=answers_request,
            snapshot=snapshot,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        fields = ["updated_at"]
        if kind == BreachSubmission.Kind.INITIAL:
            _meet(locked, NOTIFY_AGENCY, now, actor)
            locked.submitted_at = now
            _check_review(locked, Review.RECEIVED)
            locked.review_status = Review.RECEIVED
            fields += ["submitted_at", "review_status"]
            if locked.status == Status.OPEN:
                _check(locked, Status.NOTIFIED)
                locked.status = Status.NOTIFIED
                fields.append("status")
        elif Review.SUPPLEMENTED in REVIEW_TRANSITIONS[locked.review_status]:
            locked.review_status = Review.SUPPLEMENTED
            fields.append("review_status")
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="breach.submit",
            message=gettext_noop("Gửi thông báo vi phạm %(ref)s (Mẫu số 08), lần %(v)s"),
            params={"ref": locked.reference, "v": version},
            obj=locked,
            data={
                "version": version,
                "kind": kind,
                "within_deadline": within,
                "pdf_sha256": submission.pdf_sha256,
            },
        )
        url = reverse("breaches_regulator:detail", args=[locked.pk])
        for reviewer in _regulators():
            notification_create(
                user=reviewer,
                key=f"breach.submitted:{submission.pk}",
                message=gettext_noop("%(org)s gửi thông báo vi phạm %(ref)s (lần %(v)s)"),
                params={"org": locked.organization.name, "ref": locked.reference, "v": version},
                url=url,
            )
    _refresh(breach, locked)
    return submission


# --- lifecycle ---------------------------------------------------------------------------------


def breach_contain(*, actor, breach: Breach, at: dt.datetime | None = None) -> Breach:
    """Record that the violation has been stopped (Law 91/2025 Art. 23(4))."""
    return _move(actor=actor, breach=breach, target=Status.CONTAINED, at=at, stamp="contained_at")


def breach_remediate(*, actor, breach: Breach, at: dt.datetime | None = None) -> Breach:
    """Record full remediation and start the record-keeping clock (Decree 356 Art. 29(1)(c))."""
    return _move(actor=actor, breach=breach, target=Status.REMEDIATED, at=at, stamp="remediated_at")


def breach_close(*, actor, breach: Breach) -> Breach:
    """Close a remediated breach; its record is still kept for the retention period."""
    return _move(actor=actor, breach=breach, target=Status.CLOSED, at=None, stamp="closed_at")


def _move(*, actor, breach: Breach, target: str, at: dt.datetime | None, stamp: str) -> Breach:
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": [_("Thời điểm không thể ở tương lai.")]})
    with transaction.atomic():
        locked = _lock(breach)
        _check(locked, target)
        if at < locked.discovered_at:
            raise ValidationError({"at": [_("Thời điểm không thể trước khi phát hiện vi phạm.")]})
        if target == Status.CLOSED:
            # A breach is closed only once every notice the law required has gone out.
            open_clocks = [
                d.rule
                for d in breach_deadlines(locked).values()
                if d.rule in CLOCK_RULES
                and d.status in (Deadline.Status.OPEN, Deadline.Status.OVERDUE)
            ]
            if open_clocks:
                raise InvalidTransition(
                    _("Chưa thực hiện xong nghĩa vụ thông báo (%(rules)s): chưa thể đóng.")
                    % {"rules": ", ".join(open_clocks)}
                )
        locked.status = target
        setattr(locked, stamp, at)
        locked.save(update_fields=["status", stamp, "updated_at"])
        audit_record(
            actor=actor,
            action=f"breach.{target}",
            message=gettext_noop("Vi phạm %(ref)s: %(status)s"),
            # The lazy label is stored as its key: each reader sees the status in their language.
            params={"ref": locked.reference, "status": Status(target).label},
            obj=locked,
            data={"at": at.isoformat()},
        )
        if target == Status.REMEDIATED:
            _open_retention(locked, actor)
    return _refresh(breach, locked)


def _open_retention(breach: Breach, actor) -> None:
    """Open breach.keep_record from remediation and copy its due instant to the breach."""
    if breach.remediated_at is None or breach_deadlines(breach).get(KEEP_RECORD) is not None:
        return
    try:
        # A savepoint: a calendar year the clock does not know yet must not undo remediation.
        # In Vietnamese: the clock's refusal, a finished text, is kept in the event's data.
        with transaction.atomic(), translation.override("vi"):
            deadline = deadline_open(
                organization=breach.organization,
                rule=KEEP_RECORD,
                subject=breach,
                started_at=breach.remediated_at,
                label_params={"ref": breach.reference},
                actor=actor,
            )
    except ClockError as exc:
        # Deletion stays refused while the retention end is unknown (Decree 356 Art. 29(1)(c)).
        audit_record(
            actor=actor,
            action="breach.retention_pending",
            message=gettext_noop("Chưa tính được thời hạn lưu hồ sơ vi phạm %(ref)s"),
            params={"ref": breach.reference},
            obj=breach,
            data={"error": str(exc)},
        )
        return
    breach.retain_until = deadline.effective_due_at
    breach.save(update_fields=["retain_until"])


def breach_delete(*, actor, breach: Breach) -> None:
    """Delete a breach record whose retention period has ended; refuse it before, for anyone."""
    with transaction.atomic():
        locked = _lock(breach)
        if locked.status not in (Status.REMEDIATED, Status.CLOSED):
            raise InvalidTransition(
                _(
                    "Hồ sơ vi phạm phải được lưu ít nhất %(years)s năm kể từ khi khắc phục xong "
                    "(%(basis)s): chưa khắc phục xong, không thể xóa."
                )
                % {"years": _retention_years(), "basis": _retention_basis()}
            )
        _open_retention(locked, actor)
        if locked.retain_until is None or timezone.now() < overdue_at(locked.retain_until):
            raise InvalidTransition(
                _("Hồ sơ vi phạm phải được lưu đến hết %(until)s (%(basis)s): không thể xóa.")
                % {
                    "until": format_due(locked.retain_until) if locked.retain_until else "?",
                    "basis": _retention_basis(),
                }
            )
        audit_record(
            actor=actor,
            action="breach.delete",
            message=gettext_noop("Xóa hồ sơ vi phạm %(ref)s sau thời hạn lưu"),
            params={"ref": locked.reference},
            obj=locked,
            data={"retain_until": locked.retain_until.isoformat()},
        )
        locked.submissions.all().delete()
        deadlines_for(locked).delete()
        locked.delete()


def _retention_years() -> int:
    from pdp_portal.clock.rules import get_rule

    return get_rule(KEEP_RECORD).period


def _retention_basis() -> str:
    from pdp_portal.clock.rules import get_rule

    return get_rule(KEEP_RECORD).basis


# --- the agency's review -----------------------------------------------------------------------


# Where each of the agency's actions takes the review.
_REVIEW_TARGETS = {
    BreachReviewEvent.Kind.ACKNOWLEDGE: Review.ACKNOWLEDGED,
    BreachReviewEvent.Kind.REQUEST_INFO: Review.INFO_REQUESTED,
    BreachReviewEvent.Kind.CLOSE: Review.CLOSED,
}


def _review(*, actor, breach: Breach, kind: str, message: str) -> BreachReviewEvent:
    """Record one action of the agency on a submitted notification and tell the organisation."""
    message = (message or "").strip()
    if kind == BreachReviewEvent.Kind.REQUEST_INFO and not message:
        raise ValidationError({"message": [_("Cần nêu thông tin cần bổ sung.")]})
    target = _REVIEW_TARGETS[kind]
    with transaction.atomic():
        locked = _lock(breach)
        if locked.submitted_at is None:
            raise InvalidTransition(_("Vi phạm chưa được thông báo cho cơ quan chuyên trách."))
        _check_review(locked, target)
        locked.review_status = target
        locked.save(update_fields=["review_status", "updated_at"])
        event = BreachReviewEvent.objects.create(
            breach=locked, kind=kind, message=message, actor=_user(actor)
        )
        audit_record(
            actor=actor,
            action=f"breach.review.{kind}",
            message=gettext_noop("Cơ quan chuyên trách: %(what)s vi phạm %(ref)s"),
            params={"what": BreachReviewEvent.Kind(kind).label, "ref": locked.reference},
            obj=locked,
            data={"message": message[:500]},
        )
        url = reverse("breaches:detail", args=[locked.pk])
        for person in _org_people(
            locked.organization, (Membership.Role.DPO, Membership.Role.STAFF)
        ):
            notification_create(
                user=person,
                key=f"breach.review:{event.pk}",
                message=gettext_noop("Cơ quan chuyên trách: %(what)s (vi phạm %(ref)s)"),
                params={"what": BreachReviewEvent.Kind(kind).label, "ref": locked.reference},
                url=url,
                organization=locked.organization,
            )
            if kind == BreachReviewEvent.Kind.REQUEST_INFO and person.email:
                outbox_enqueue_email(
                    key=f"breach.request_info:{event.pk}:{person.pk}",
                    recipient=person.email,
                    template="breach_info_requested",
                    context={
                        "breach_reference": locked.reference,
                        "organization_name": locked.organization.name,
                        "message": message,
                        "url": url,
                    },
                    organization=locked.organization,
                    recipient_user=person,
                )
    _refresh(breach, locked)
    return event


def breach_acknowledge(*, actor, breach: Breach, message: str = "") -> BreachReviewEvent:
    """Acknowledge receipt of the notification (the agency's side)."""
    return _review(
        actor=actor, breach=breach, kind=BreachReviewEvent.Kind.ACKNOWLEDGE, message=message
    )


def breach_request_info(*, actor, breach: Breach, message: str) -> BreachReviewEvent:
    """Ask the organisation for more information; it answers with a supplement."""
    return _review(
        actor=actor, breach=breach, kind=BreachReviewEvent.Kind.REQUEST_INFO, message=message
    )


def breach_review_close(*, actor, breach: Breach, message: str = "") -> BreachReviewEvent:
    """End the agency's handling of the notification."""
    return _review(actor=actor, breach=breach, kind=BreachReviewEvent.Kind.CLOSE, message=message)


def open_info_request(breach: Breach) -> BreachReviewEvent | None:
    """Return the agency's latest request for information if no supplement answered it yet."""
    if breach.review_status != Review.INFO_REQUESTED:
        return None
    return (
        breach.review_events.filter(kind=BreachReviewEvent.Kind.REQUEST_INFO)
        .order_by("-pk")
        .first()
    )


# --- data-subject notices (Decree 356 Art. 29(2)-(3); Art. 8(3)) --------------------------------


def notice_defaults(breach: Breach) -> dict:
    """Return Decree 356 Art. 29(2) contents pre-filled from the breach record."""
    contact = primary_contact(breach.organization)
    contact_text = ""
    if contact:
        contact_text = f"{contact.name}"
        if contact.position:
            contact_text += f", {contact.position}"
        contact_text += f" · {contact.email} · {contact.phone}"
    method = f" ({breach.discovery_method})" if breach.discovery_method else ""
    kind = (
        breach.affected_kind_label()
        or ", ".join(breach.sensitive_data_labels())
        or ", ".join(breach.basic_data_labels())
    )
    return {
        "detected": _("Phát hiện lúc %(at)s (giờ Việt Nam)%(method)s.")
        % {"at": _local(breach.discovered_at), "method": method},
        "data_affected": kind,
        "severity_and_risks": f"{breach.get_severity_display()}. {breach.consequences}".strip(),
        "measures": "\n".join(p for p in (breach.measures_taken, breach.measures_proposed) if p),
        "guidance": breach.subject_guidance,
        "contact": contact_text,
    }


NOTICE_FIELDS = (
    "detected",
    "data_affected",
    "severity_and_risks",
    "measures",
    "guidance",
    "contact",
)


def notice_create(*, actor, breach: Breach, **contents) -> SubjectNotice:
    """Write a draft notice with the six contents of Decree 356 Art. 29(2)."""
    errors = {
        name: [_("Nội dung bắt buộc theo Nghị định 356/2025 Điều 29 khoản 2.")]
        for name in NOTICE_FIELDS
        if not (contents.get(name) or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(breach)
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("Vi phạm đã đóng."))
        notice = SubjectNotice.objects.create(
            breach=locked,
            created_by=_user(actor),
            **{name: contents[name].strip() for name in NOTICE_FIELDS},
        )
        audit_record(
            actor=actor,
            action="breach.notice_create",
            message=gettext_noop("Soạn thông báo cho chủ thể dữ liệu về vi phạm %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"notice": notice.pk},
        )
    return notice


@dataclass
class CsvResult:
    rows: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def parse_recipients_csv(data: bytes) -> CsvResult:
    """Read ``email,name`` rows; report every bad row by its line number, keep nothing if any."""
    result = CsvResult()
    if len(data) > MAX_CSV_BYTES:
        result.errors.append(
            (0, _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": MAX_CSV_BYTES // 2**20})
        )
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append((0, _("Tệp không phải văn bản UTF-8 (CSV).")))
        return result
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() in ("email", "e-mail", "thư điện tử", "địa chỉ email"):
            continue
        if len(result.rows) + len(result.errors) >= MAX_CSV_ROWS:
            result.errors.append(
                (
                    line,
                    ngettext("Quá %(n)s dòng.", "Quá %(n)s dòng.", MAX_CSV_ROWS)
                    % {"n": MAX_CSV_ROWS},
                )
            )
            break
        email = cells[0].lower()
        name = cells[1] if len(cells) > 1 else ""
        if len(cells) > 2 and any(cells[2:]):
            result.errors.append((line, _("Thừa cột: chỉ gồm email và họ tên.")))
            continue
        try:
            validate_email(email)
        except ValidationError:
            result.errors.append(
                (line, _("Địa chỉ thư điện tử không hợp lệ: “%(v)s”.") % {"v": cells[0][:100]})
            )
            continue
        if len(name) > 200:
            result.errors.append((line, _("Họ tên quá dài.")))
            continue
        if email in seen:
            result.errors.append((line, _("Trùng địa chỉ với dòng %(n)s.") % {"n": seen[email]}))
            continue
        seen[email] = line
        result.rows.append((email, name))
    if not result.rows and not result.errors:
        result.errors.append((0, _("Tệp không có dòng nào.")))
    return result


def notice_set_recipients(*, actor, notice: SubjectNotice, data: bytes) -> CsvResult:
    """Replace a draft notice's list from a CSV; with any bad row, keep nothing and report all."""
    result = parse_recipients_csv(data)
    if not result.ok:
        return result
    with transaction.atomic():
        locked = SubjectNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.status != SubjectNotice.Status.DRAFT:
            raise InvalidTransition(_("Thông báo đã gửi: không thể thay danh sách."))
        locked.recipients.all().delete()
        NoticeRecipient.objects.bulk_create(
            [NoticeRecipient(notice=locked, email=e, name=n) for e, n in result.rows]
        )
        audit_record(
            actor=actor,
            action="breach.notice_recipients",
            message=gettext_noop("Tải danh sách %(n)s chủ thể dữ liệu cần thông báo"),
            params={"n": len(result.rows)},
            obj=locked.breach,
            data={"notice": locked.pk, "count": len(result.rows)},
        )
    return result


def notice_send(*, actor, notice: SubjectNotice) -> int:
    """Queue one e-mail per recipient through the outbox (once each) and meet the subjects clock."""
    with transaction.atomic():
        locked = (
            SubjectNotice.objects.select_for_update().select_related("breach").get(pk=notice.pk)
        )
        breach = _lock(locked.breach)
        if locked.status != SubjectNotice.Status.DRAFT:
            raise InvalidTransition(_("Thông báo này đã được gửi."))
        recipients = list(locked.recipients.all())
        if not recipients:
            raise ValidationError(_("Chưa có danh sách chủ thể dữ liệu cần thông báo."))
        now = timezone.now()
        context = {
            "breach_reference": breach.reference,
            "organization_name": breach.organization.name,
            "notice": {name: getattr(locked, name) for name in NOTICE_FIELDS},
        }
        for recipient in recipients:
            # The key makes each person's e-mail a single outbox row, however often this runs.
            outbox_enqueue_email(
                key=f"breach.notice:{locked.pk}:{recipient.pk}",
                recipient=recipient.email,
                template="breach_subject_notice",
                context={**context, "recipient_name": recipient.name},
                organization=breach.organization,
            )
        locked.recipients.update(queued_at=now)
        locked.status = SubjectNotice.Status.SENT
        locked.sent_at = now
        locked.save(update_fields=["status", "sent_at"])
        _meet(breach, NOTIFY_SUBJECTS, now, actor)
        audit_record(
            actor=actor,
            action="breach.notice_send",
            message=gettext_noop("Gửi thông báo vi phạm %(ref)s cho %(n)s chủ thể dữ liệu"),
            params={"ref": breach.reference, "n": len(recipients)},
            obj=breach,
            data={"notice": locked.pk, "count": len(recipients)},
        )
    notice.status, notice.sent_at = locked.status, locked.sent_at
    return len(recipients)


def breach_publish_notice(*, actor, breach: Breach, text: str) -> Breach:
    """Publish the public notice (Decree 356 Art. 29(3)(a)) when not every subject can be reached."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Cần nội dung thông báo công khai.")]})
    with transaction.atomic():
        locked = _lock(breach)
        if locked.status == Status.CLOSED:
            raise InvalidTransition(_("Vi phạm đã đóng."))
        now = timezone.now()
        first = locked.public_notice_published_at is None
        locked.public_notice_text = text
        locked.public_notice_published_at = locked.public_notice_published_at or now
        locked.save(
            update_fields=["public_notice_text", "public_notice_published_at", "updated_at"]
        )
        if first:
            # Art. 29(3): the public notice stands in for the individual notices that could not
            # be sent in time; those follow as soon as technically possible (Art. 29(3)(b)).
            _meet(locked, NOTIFY_SUBJECTS, now, actor)
        audit_record(
            actor=actor,
            action="breach.public_notice",
            message=gettext_noop("Công bố thông báo công khai về vi phạm %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
        )
    return _refresh(breach, locked)


def breach_withdraw_notice(*, actor, breach: Breach) -> Breach:
    """Take the public notice page down (the text stays in the record)."""
    with transaction.atomic():
        locked = _lock(breach)
        locked.public_notice_published_at = None
        locked.save(update_fields=["public_notice_published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="breach.public_notice_withdraw",
            message=gettext_noop("Gỡ thông báo công khai về vi phạm %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
        )
    return _refresh(breach, locked)


def public_notice_default(breach: Breach) -> str:
    """Return a first draft of the public notice with the Decree 356 Art. 29(2) contents."""
    d = notice_defaults(breach)
    return "\n\n".join(
        [
            _("%(org)s thông báo về sự cố vi phạm dữ liệu cá nhân %(ref)s.")
            % {"org": breach.organization.name, "ref": breach.reference},
            _("Thời điểm và hình thức phát hiện: %(v)s") % {"v": d["detected"]},
            _("Loại dữ liệu bị ảnh hưởng: %(v)s") % {"v": d["data_affected"]},
            _("Mức độ nghiêm trọng và rủi ro: %(v)s") % {"v": d["severity_and_risks"]},
            _("Biện pháp khắc phục: %(v)s") % {"v": d["measures"]},
            _("Khuyến nghị cho người bị ảnh hưởng: %(v)s") % {"v": d["guidance"]},
            _("Liên hệ: %(v)s") % {"v": d["contact"]},
        ]
    )


def record_context(breach: Breach, *, language: str = "vi") -> dict:
    """Return the context of the written record of the violation (Law 91/2025 Art. 23(2))."""
    snapshot = form08_snapshot(breach, place=default_place(breach.organization), language=language)
    now = timezone.localtime()
    with translation.override(language):
        return {
            "s": snapshot,
            "breach": breach,
            "form_code": "",
            "issuer_name": breach.organization.name,
            "document_number": f"{breach.reference}/BB",
            "place": snapshot["place"],
            "date_parts": {"day": f"{now.day:02d}", "month": f"{now.month:02d}", "year": now.year},
            "printed_at": now,
            "title": _("BIÊN BẢN"),
            "subtitle": _(
                "XÁC NHẬN VIỆC XẢY RA HÀNH VI VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN"
            ),
            "recipient": "",
            "recipients_list": [
                _("Cơ quan chuyên trách bảo vệ dữ liệu cá nhân (để phối hợp);"),
                _("Lưu: VT."),
            ],
            **_signature_block(),
            "signer_name": "",
            "submissions": list(breach.submissions.defer("pdf").order_by("version")),
            "clocks": list(breach_deadlines(breach).values()),
        }
