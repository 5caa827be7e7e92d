"""Every write on certification: apply, submit, check, supplement, decide, reissue, replace, revoke.

The application's own steps live here (create, fill in Form 04 and its staff, submit, withdraw;
the agency's supplement request, completeness, refusal and grant: Decree 356/2025 Art. 25). The
rest is split by subject and re-exported here, so callers keep importing from this module:
``workflow`` (shared helpers and constants), ``checks`` (staff and conditions checklists),
``enclosures``, ``documents`` (Forms 04-07, QR code, verification address) and ``certificates``
(issue, Form 06 reissue/replacement, Form 07 revocation, return).
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.services import deadline_open, deadlines_for  # noqa: F401 (views read it here)
from pdp_portal.concurrency import locked_for_write, locked_row, numbering_lock
from pdp_portal.messages import literal
from pdp_portal.organizations.letterhead import default_place
from pdp_portal.workflow import assign_changed, required_text, save_fields

from .certificates import (  # noqa: F401
    _issue,
    certificate_change_grant,
    certificate_change_refuse,
    certificate_record_return,
    certificate_request_change,
    certificate_revoke,
)
from .checks import (  # noqa: F401
    application_missing,
    conditions_checklist,
    enclosure_checklist,
    staff_findings,
    staff_rows,
)
from .documents import (  # noqa: F401
    REVOCATION_NOTICE,
    _applicant_form_context,
    _lookup,
    default_revocation_notice,
    form04_snapshot,
    form05_context,
    form05_snapshot,
    form06_snapshot,
    form07_context,
    qr_data_uri,
    render_form04,
    render_form05,
    render_form06,
    render_form07,
    verification_url,
)
from .enclosures import (  # noqa: F401
    _remove_from_application,
    enclosure_add,
    enclosure_delete,
    enclosure_record_view,
)
from .models import (
    SCHEME_POINTS,
    SERVICE_CLAUSES,
    Application,
    ApplicationEvent,
    ApplicationService,
    ApplicationVersion,
    Certificate,
    DegreeLevel,
    ExperienceField,
    InvalidTransition,
    QualifiedStaff,
    Service,
)
from .workflow import (  # noqa: F401
    AGENCY_NAME,
    AGENCY_PLACE,
    AGENCY_UNIT,
    CHANGE_MESSAGES,
    CHECK,
    DECIDE,
    FORM_LANGUAGE,
    LETTERS,
    REISSUE,
    REPLACE,
    RETURN,
    RUNNING,
    SIGNER_TITLES,
    STAFF_FIELDS,
    SUPPLEMENT,
    UPDATABLE_FIELDS,
    Status,
    _cancel_running,
    _check,
    _editable,
    _lock,
    _meet,
    _tell_agency,
    _tell_organization,
    _user,
    latest_deadlines,
)

# --- the organisation: create and fill in -------------------------------------------------------


def _next_reference(organization, year: int) -> str:
    numbering_lock(f"certification.application:{organization.pk}")
    prefix = f"HS-GCN-{year}-"
    refs = Application.objects.filter(
        organization=organization, reference__startswith=prefix
    ).values_list("reference", flat=True)
    number = max((int(r.rsplit("-", 1)[1]) for r in refs), default=0) + 1
    return f"{prefix}{number:03d}"


def application_create(*, actor, organization, **fields) -> Application:
    """Start a draft application (Form 04) for ``organization``."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        application = Application(
            organization=organization,
            reference=_next_reference(organization, timezone.localdate().year),
            created_by=_user(actor),
            place=default_place(organization),
            **fields,
        )
        application.save(force_insert=True)
        audit_record(
            actor=actor,
            action="certification.application_create",
            message=gettext_noop("Lập hồ sơ đề nghị cấp giấy chứng nhận %(ref)s"),
            params={"ref": application.reference},
            obj=application,
            organization=organization,
        )
    return application


def application_update(*, actor, application: Application, **fields) -> Application:
    """Change the Form 04 details and Art. 22 declarations of a draft (or a dossier to supplement)."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "scheme_points" in fields:
        letters = {letter for letter, _label in SCHEME_POINTS}
        fields["scheme_points"] = {
            k: str(v).strip() for k, v in (fields["scheme_points"] or {}).items() if k in letters
        }
    with locked_for_write(application, _lock) as locked:
        _editable(locked)
        changed = assign_changed(locked, fields)
        if changed:
            locked.save()
            audit_record(
                actor=actor,
                action="certification.application_update",
                message=gettext_noop("Cập nhật hồ sơ %(ref)s"),
                params={"ref": locked.reference},
                obj=locked,
                data={"fields": sorted(changed)},
            )
    return application


def application_set_services(*, actor, application: Application, services: dict[str, str]) -> None:
    """Replace the services applied for (Decree 356 Art. 21) with ``{code: scope}``."""
    bad = set(services) - set(Service.values)
    if bad:
        raise ValidationError(
            {"services": [_("Dịch vụ không thuộc Điều 21: %(s)s") % {"s": ", ".join(sorted(bad))}]}
        )
    empty = [code for code, scope in services.items() if not (scope or "").strip()]
    if empty:
        raise ValidationError(
            {
                "services": [
                    _("Cần ghi phạm vi, lĩnh vực cung cấp của dịch vụ tại khoản %(c)s Điều 21.")
                    % {"c": ", ".join(SERVICE_CLAUSES[c] for c in empty)}
                ]
            }
        )
    with transaction.atomic():
        locked = _lock(application)
        _editable(locked)
        locked.services.all().delete()
        ApplicationService.objects.bulk_create(
            [
                ApplicationService(application=locked, service=code, scope=scope.strip()[:500])
                for code, scope in sorted(
                    services.items(), key=lambda i: Service.values.index(i[0])
                )
            ]
        )
        audit_record(
            actor=actor,
            action="certification.services",
            message=gettext_noop("Chọn dịch vụ đề nghị cấp phép cho hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"services": sorted(services)},
        )


def staff_save(*, actor, application: Application, staff: QualifiedStaff) -> QualifiedStaff:
    """Add or correct one staff member put forward under Decree 356 Art. 22(2)(c)."""
    errors = {}
    if not staff.full_name.strip():
        errors["full_name"] = [_("Cần nhập họ và tên.")]
    today = timezone.localdate()
    for name in ("graduated_on", "experience_since"):
        value = getattr(staff, name)
        if value and value > today:
            errors[name] = [_("Ngày không thể ở tương lai.")]
    if staff.degree_level not in DegreeLevel.values:
        errors["degree_level"] = [_("Trình độ không hợp lệ.")]
    if staff.experience_field not in ExperienceField.values:
        errors["experience_field"] = [_("Lĩnh vực không hợp lệ.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(application)
        _editable(locked)
        if staff.pk and staff.application_id != locked.pk:
            raise ValidationError(_("Nhân sự không thuộc hồ sơ này."))
        if staff.pk:
            # Deleted by another request since the form was read: refuse, never re-insert it.
            locked_row(QualifiedStaff.objects, InvalidTransition, pk=staff.pk, application=locked)
        staff.application = locked
        created = staff.pk is None
        staff.save()
        audit_record(
            actor=actor,
            action="certification.staff_save",
            message=(
                gettext_noop("Thêm nhân sự %(name)s vào hồ sơ %(ref)s")
                if created
                else gettext_noop("Sửa nhân sự %(name)s của hồ sơ %(ref)s")
            ),
            params={"name": staff.full_name, "ref": locked.reference},
            obj=locked,
            data={"staff": staff.pk},
        )
    return staff


def staff_delete(*, actor, staff: QualifiedStaff) -> None:
    """Remove a staff member (and the diplomas uploaded for them) from an editable application."""
    _remove_from_application(
        staff,
        actor=actor,
        name="full_name",
        files=lambda staff: [enclosure.file for enclosure in staff.enclosures.all()],
        action="certification.staff_delete",
        message=gettext_noop("Bỏ nhân sự %(name)s khỏi hồ sơ %(ref)s"),
    )


# --- the organisation: submit and supplement ----------------------------------------------------


def application_submit(*, actor, application: Application, note: str = "") -> ApplicationVersion:
    """Send Form 04 with its enclosures to the agency: the first time, or after a supplement request.

    1. Lock the application; only a draft or a dossier the agency asked to supplement is sent.
    2. Refuse it while any required part is missing, naming every one of them.
    3. Freeze Form 04 as version N, meet the supplement clock, open the agency's 10-day
       completeness check (Decree 356 Art. 25(3)), tell the agency.
    """
    note = (note or "").strip()
    with locked_for_write(application, _lock) as locked:
        _check(locked, Status.SUBMITTED)
        missing = application_missing(locked)
        if missing:
            raise ValidationError(
                _("Hồ sơ chưa đủ (Nghị định 356/2025 Điều 22, 25): %(list)s.")
                % {"list": "; ".join(missing)}
            )
        supplement = locked.status == Status.SUPPLEMENT_REQUESTED
        if supplement and not note:
            raise ValidationError({"note": [_("Cần nêu nội dung đã bổ sung, hoàn thiện.")]})
        now = timezone.now()
        version = locked.versions.count() + 1
        with translation.override(FORM_LANGUAGE):
            snapshot = form04_snapshot(locked, at=now, version=version, note=note)
        pdf = render_form04(snapshot)
        submission = ApplicationVersion.objects.create(
            application=locked,
            version=version,
            submitted_at=now,
            submitted_by=_user(actor),
            note=note,
            snapshot=snapshot,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        if supplement:
            _meet(locked, SUPPLEMENT, now, actor)
        save_fields(
            locked,
            status=Status.SUBMITTED,
            submitted_at=locked.submitted_at or now,
            last_submitted_at=now,
        )
        kind = ApplicationEvent.Kind.SUPPLEMENT if supplement else ApplicationEvent.Kind.SUBMIT
        ApplicationEvent.objects.create(
            application=locked, kind=kind, message=note, actor=_user(actor)
        )
        # Decree 356 Art. 25(3): the agency assesses the dossier within 10 days of receiving it.
        deadline_open(
            organization=locked.organization,
            rule=CHECK,
            subject=locked,
            started_at=now,
            label_params={"ref": locked.reference},
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=f"certification.{kind}",
            message=gettext_noop(
                "Nộp hồ sơ đề nghị cấp giấy chứng nhận %(ref)s (Mẫu số 04), lần %(v)s"
            ),
            params={"ref": locked.reference, "v": version},
            obj=locked,
            data={"version": version, "pdf_sha256": submission.pdf_sha256},
        )
        _tell_agency(
            key=f"certificate.application:{submission.pk}",
            message=gettext_noop(
                "%(org)s nộp hồ sơ đề nghị cấp giấy chứng nhận %(ref)s (lần %(v)s)"
            ),
            params={"org": locked.organization.name, "ref": locked.reference, "v": version},
            url=reverse("certification_regulator:application", args=[locked.pk]),
        )
    return submission


def application_withdraw(*, actor, application: Application) -> Application:
    """Withdraw the application; every running clock of it stops."""
    with locked_for_write(application, _lock) as locked:
        _check(locked, Status.WITHDRAWN)
        save_fields(locked, status=Status.WITHDRAWN)
        _cancel_running(locked, actor, gettext_noop("Tổ chức đã rút hồ sơ."))
        ApplicationEvent.objects.create(
            application=locked, kind=ApplicationEvent.Kind.WITHDRAW, actor=_user(actor)
        )
        audit_record(
            actor=actor,
            action="certification.withdraw",
            message=gettext_noop("Rút hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
        )
    return application


# --- the agency: check, supplement, decide ------------------------------------------------------


def _org_url(application: Application) -> str:
    return reverse("certification:application", args=[application.pk])


@contextmanager
def _agency_step(application: Application, target: str, actor):
    """Run the agency's answer to a dossier it received: one transaction on the locked application
    moving to ``target``; the completeness check clock (Decree 356 Art. 25(3)) is met now.

    Yields the locked application and the time of the answer.
    """
    with locked_for_write(application, _lock) as locked:
        _check(locked, target)
        now = timezone.now()
        _meet(locked, CHECK, now, actor)
        yield locked, now


def _record_agency_step(
    locked: Application,
    *,
    actor,
    kind: str,
    text: str,
    action: str,
    message: str,
    key: str,
    title: str,
    data: dict | None = None,
) -> ApplicationEvent:
    """Write the agency's step on the application, audit it, tell the organisation its ``text``."""
    event = ApplicationEvent.objects.create(
        application=locked, kind=kind, message=text, actor=_user(actor)
    )
    params = {"ref": locked.reference}
    audit_record(
        actor=actor,
        action=f"certification.{action}",
        message=message,
        params=params,
        obj=locked,
        data=data,
    )
    _tell_organization(
        organization=locked.organization,
        key=f"certificate.{key}:{event.pk}",
        title=title,
        params=params,
        body=literal(event.message),
        url=_org_url(locked),
    )
    return event


def application_request_supplement(
    *, actor, application: Application, message: str
) -> ApplicationEvent:
    """Ask in writing, with reasons, for the dossier to be supplemented (Decree 356 Art. 25(3)).

    Meets the agency's check clock and opens the organisation's 15-day supplement clock.
    """
    message = required_text(
        message, field="message", message=_("Cần nêu rõ lý do và nội dung cần bổ sung.")
    )
    with _agency_step(application, Status.SUPPLEMENT_REQUESTED, actor) as (locked, now):
        save_fields(locked, status=Status.SUPPLEMENT_REQUESTED)
        deadline_open(
            organization=locked.organization,
            rule=SUPPLEMENT,
            subject=locked,
            started_at=now,
            responsible=locked.created_by,
            label_params={"ref": locked.reference},
            actor=actor,
        )
        event = _record_agency_step(
            locked,
            actor=actor,
            kind=ApplicationEvent.Kind.REQUEST_SUPPLEMENT,
            text=message,
            action="request_supplement",
            message=gettext_noop("Cơ quan chuyên trách yêu cầu bổ sung hồ sơ %(ref)s"),
            key="supplement",
            title=gettext_noop("Yêu cầu bổ sung hồ sơ %(ref)s"),
            data={"message": message[:500]},
        )
    return event


def application_complete(*, actor, application: Application, message: str = "") -> ApplicationEvent:
    """Find the dossier complete and valid; the 30-day decision clock runs (Decree 356 Art. 25(4))."""
    with _agency_step(application, Status.UNDER_REVIEW, actor) as (locked, now):
        save_fields(locked, status=Status.UNDER_REVIEW, completed_at=now)
        # Art. 25(4): "from receiving the complete, valid dossier": the submission found complete.
        deadline_open(
            organization=locked.organization,
            rule=DECIDE,
            subject=locked,
            started_at=locked.last_submitted_at,
            label_params={"ref": locked.reference},
            actor=actor,
        )
        event = _record_agency_step(
            locked,
            actor=actor,
            kind=ApplicationEvent.Kind.COMPLETE,
            text=(message or "").strip(),
            action="complete",
            message=gettext_noop("Hồ sơ %(ref)s đầy đủ, hợp lệ"),
            key="complete",
            title=gettext_noop("Hồ sơ %(ref)s đã đầy đủ, hợp lệ và đang được thẩm định"),
        )
    return event


def application_refuse(*, actor, application: Application, reason: str) -> ApplicationEvent:
    """Refuse the certificate in writing with reasons (Decree 356 Art. 25(4), last sentence)."""
    reason = required_text(reason, field="reason", message=_("Cần nêu rõ lý do không cấp."))
    with _agency_step(application, Status.REFUSED, actor) as (locked, now):
        _meet(locked, DECIDE, now, actor)
        _cancel_running(
            locked, actor, gettext_noop("Cơ quan chuyên trách đã quyết định không cấp.")
        )
        save_fields(locked, status=Status.REFUSED, decided_at=now, decision_reason=reason)
        event = _record_agency_step(
            locked,
            actor=actor,
            kind=ApplicationEvent.Kind.REFUSE,
            text=reason,
            action="refuse",
            message=gettext_noop("Không cấp giấy chứng nhận cho hồ sơ %(ref)s"),
            key="refuse",
            title=gettext_noop("Không cấp giấy chứng nhận (hồ sơ %(ref)s)"),
            data={"reason": reason[:500]},
        )
    return event


def application_grant(
    *,
    actor,
    application: Application,
    signer_name: str = "",
    signer_title: str = "",
    proposed_by: str = "",
) -> Certificate:
    """Grant the certificate (Form 05) to a complete application under review (Decree 356 Art. 25(4)).

    1. Lock the application; only a dossier found complete is decided.
    2. Number the certificate, freeze its Form 05 content and PDF (with the QR code of the
       public verification page), meet the decision clock, record, tell the organisation.
    """
    with locked_for_write(application, _lock) as locked:
        _check(locked, Status.GRANTED)
        services = [
            {"service": s.service, "clause": s.clause, "scope": s.scope}
            for s in locked.services.all()
        ]
        certificate = _issue(
            actor=actor,
            application=locked,
            services=services,
            signer_name=signer_name,
            signer_title=signer_title,
            proposed_by=proposed_by,
        )
        _meet(locked, DECIDE, certificate.issued_at, actor)
        save_fields(locked, status=Status.GRANTED, decided_at=certificate.issued_at)
        event = ApplicationEvent.objects.create(
            application=locked,
            kind=ApplicationEvent.Kind.GRANT,
            system_message=gettext_noop("Giấy chứng nhận số %(n)s"),
            system_params={"n": certificate.number},
            actor=_user(actor),
        )
        audit_record(
            actor=actor,
            action="certification.grant",
            message=gettext_noop("Cấp giấy chứng nhận %(n)s cho %(org)s"),
            params={"n": certificate.number, "org": locked.organization.name},
            obj=certificate,
            organization=locked.organization,
            data={"application": locked.pk, "pdf_sha256": certificate.pdf_sha256},
        )
        _tell_organization(
            organization=locked.organization,
            key=f"certificate.grant:{event.pk}",
            title=gettext_noop("Đã được cấp giấy chứng nhận số %(n)s"),
            params={"n": certificate.number},
            body=_lookup(certificate),
            url=certificate.get_absolute_url(),
        )
    return certificate
