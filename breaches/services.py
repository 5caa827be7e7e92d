"""Every write on a breach: record, complete, notify, contain, remediate, close, review, notices.

The breach's own steps live here: record and complete it (Decree 356/2025 Art. 28(1)), tell the
controller (Law 91/2025 Art. 23(1)), submit Form 08 to the agency, contain, remediate, close and
delete it once its record may go (Decree 356/2025 Art. 29(1)(c)). The rest is split by subject and
re-exported here, so callers keep importing from this module: ``workflow`` (shared helpers),
``attachments``, ``form08`` (Form 08 and the written record), ``review`` (the agency's actions)
and ``notices`` (data-subject notices, CSV recipients, the public notice).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import (
    deadline_cancel,
    deadline_open,
    deadlines_for,
    format_due,
    overdue_at,
)
from pdp_portal.concurrency import locked_for_write, numbering_lock
from pdp_portal.filings.review import tell_agency
from pdp_portal.organizations.models import ProcessingRole
from pdp_portal.workflow import assign_changed, save_fields

from .attachments import attachment_add, attachment_open, attachment_remove, attachments_sent  # noqa: F401
from .form08 import (  # noqa: F401
    default_place,
    form08_context,
    form08_draft_pdf,
    form08_snapshot,
    missing_for_submission,
    primary_contact,
    record_context,
    record_pdf,
    render_form08,
    submission_facts,
)
from .models import (
    CLOCK_RULES,
    EDITABLE_STATUSES,
    KEEP_RECORD,
    NOTIFY_AGENCY,
    REVIEW_TRANSITIONS,
    UPDATABLE_FIELDS,
    BasicDataType,
    Breach,
    BreachReviewEvent,
    BreachSubmission,
    InvalidTransition,
    SensitiveDataType,
    Severity,
    required_rules,
)
from .notices import (  # noqa: F401
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    NOTICE_FIELDS,
    CsvResult,
    breach_publish_notice,
    breach_withdraw_notice,
    notice_create,
    notice_defaults,
    notice_send,
    notice_set_recipients,
    parse_recipients_csv,
    public_notice_default,
)
from .review import breach_acknowledge, breach_request_info, breach_review_close, open_info_request  # noqa: F401
from .workflow import (
    Review,
    Status,
    _check,
    _check_review,
    _lock,
    _meet,
    _user,
    breach_deadlines,
)

# Sanity bounds, not statutory numbers: more people than live on Earth is a typing error.
MAX_SUBJECTS = 10_000_000_000
MAX_RECORDS = 10**15


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
    numbering_lock(f"breaches.reference:{organization.pk}:{year}")
    last = Breach.objects.filter(
        organization=organization, reference__startswith=f"VP-{year}-"
    ).aggregate(m=Max("reference"))["m"]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"VP-{year}-{number:04d}"


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
    with locked_for_write(breach, _lock) as locked:
        if locked.status not in EDITABLE_STATUSES:
            raise InvalidTransition(_("Vi phạm đã đóng: không thể sửa."))
        changed = assign_changed(locked, fields)
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
            return breach
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
    return breach


def _moment(at: dt.datetime | None) -> dt.datetime:
    """Return when a step of the handling happened: ``at``, or now; never in the future."""
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": [_("Thời điểm không thể ở tương lai.")]})
    return at


def _after_discovery(breach: Breach, at: dt.datetime) -> None:
    if at < breach.discovered_at:
        raise ValidationError({"at": [_("Thời điểm không thể trước khi phát hiện vi phạm.")]})


def breach_controller_notified(*, actor, breach: Breach, at: dt.datetime | None = None) -> Breach:
    """Record when a processor told its controller (Law 91/2025 Art. 23(1), second sentence)."""
    at = _moment(at)
    with locked_for_write(breach, _lock) as locked:
        if locked.acting_role != ProcessingRole.PROCESSOR:
            raise InvalidTransition(_("Chỉ bên xử lý dữ liệu phải thông báo bên kiểm soát."))
        if not locked.controller_name.strip():
            raise ValidationError(
                {"controller_name": [_("Cần ghi rõ bên kiểm soát dữ liệu được thông báo.")]}
            )
        _after_discovery(locked, at)
        save_fields(locked, controller_notified_at=at)
        audit_record(
            actor=actor,
            action="breach.controller_notified",
            message=gettext_noop("Đã thông báo bên kiểm soát %(name)s về vi phạm %(ref)s"),
            params={"name": locked.controller_name, "ref": locked.reference},
            obj=locked,
            data={"at": at.isoformat()},
        )
    return breach


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
    with locked_for_write(breach, _lock) as locked:
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
        changes = {}
        if kind == BreachSubmission.Kind.INITIAL:
            _meet(locked, NOTIFY_AGENCY, now, actor)
            _check_review(locked, Review.RECEIVED)
            changes.update(submitted_at=now, review_status=Review.RECEIVED)
            if locked.status == Status.OPEN:
                _check(locked, Status.NOTIFIED)
                changes["status"] = Status.NOTIFIED
        elif Review.SUPPLEMENTED in REVIEW_TRANSITIONS[locked.review_status]:
            changes["review_status"] = Review.SUPPLEMENTED
        save_fields(locked, **changes)
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
        tell_agency(
            key=f"breach.submitted:{submission.pk}",
            message=gettext_noop("%(org)s gửi thông báo vi phạm %(ref)s (lần %(v)s)"),
            params={"org": locked.organization.name, "ref": locked.reference, "v": version},
            url=reverse("breaches_regulator:detail", args=[locked.pk]),
        )
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
    at = _moment(at)
    with locked_for_write(breach, _lock) as locked:
        _check(locked, target)
        _after_discovery(locked, at)
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
        save_fields(locked, status=target, **{stamp: at})
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
    return breach


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
