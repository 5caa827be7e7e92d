"""Telling the people affected (Decree 356/2025 Art. 29(2)-(3); Art. 8(3)).

The notice to data subjects with the six contents of Art. 29(2), its recipients read from a CSV
list and its sending (Art. 29(3)(a)), and the public notice on the privacy centre
(Art. 29(3)(b)) with its default text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write
from pdp_portal.notices.services import outbox_enqueue_email
from pdp_portal.workflow import required_text

from .form08 import _local, primary_contact
from .models import (
    NOTIFY_SUBJECTS,
    Breach,
    InvalidTransition,
    NoticeRecipient,
    SubjectNotice,
)
from .workflow import _lock, _meet, _refuse_closed, _user

# A notice list is read in one request; bigger lists go through several uploads.
MAX_CSV_ROWS = 50_000
MAX_CSV_BYTES = 5 * 1024 * 1024


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
        _refuse_closed(locked)
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
    text = required_text(text, field="text", message=_("Cần nội dung thông báo công khai."))
    with locked_for_write(breach, _lock) as locked:
        _refuse_closed(locked)
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
    return breach


def breach_withdraw_notice(*, actor, breach: Breach) -> Breach:
    """Take the public notice page down (the text stays in the record)."""
    with locked_for_write(breach, _lock) as locked:
        locked.public_notice_published_at = None
        locked.save(update_fields=["public_notice_published_at", "updated_at"])
        audit_record(
            actor=actor,
            action="breach.public_notice_withdraw",
            message=gettext_noop("Gỡ thông báo công khai về vi phạm %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
        )
    return breach


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
