"""Writes on an issued certificate (Decree 356/2025 Art. 25(4), 26, 27).

Issuing the Form 05 certificate, the holder's Form 06 request for reissue (Art. 26(1)) or
replacement (Art. 26(2)) and the agency's grant or refusal, revocation by Form 07 decision
(Art. 27(1), notice Art. 27(4)) and the record of the certificate's return (Art. 27(3)).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.services import deadline_open
from pdp_portal.concurrency import locked_for_write, numbering_lock
from pdp_portal.messages import literal, storable_params
from pdp_portal.uploads import check_upload
from pdp_portal.workflow import required_text, save_fields

from .documents import (
    _lookup,
    default_revocation_notice,
    form05_snapshot,
    form06_snapshot,
    render_form05,
    render_form06,
    render_form07,
)
from .enclosures import _store_enclosure
from .models import (
    REVOCATION_POINTS,
    Application,
    Certificate,
    ChangeRequest,
    Enclosure,
    InvalidTransition,
    RevocationGround,
    point_param,
)
from .workflow import (
    AGENCY_UNIT,
    CHANGE_MESSAGES,
    FORM_LANGUAGE,
    RETURN,
    _cancel_running,
    _check_certificate,
    _check_change,
    _local_date,
    _lock_certificate,
    _meet,
    _tell_agency,
    _tell_organization,
    _user,
)


def _next_number(year: int) -> str:
    numbering_lock("certification.certificate_number")
    prefix = f"GCN-{year}-"
    numbers = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    n = max((int(x.rsplit("-", 1)[1]) for x in numbers), default=0) + 1
    return f"{prefix}{n:04d}"


def _agency_signer(actor, signer_name: str, signer_title: str) -> tuple[str, str, str]:
    profile = getattr(actor, "regulator_profile", None) if _user(actor) else None
    unit = getattr(profile, "unit", "") or AGENCY_UNIT
    name = (signer_name or "").strip()
    title = (signer_title or "").strip() or gettext_noop("THỦ TRƯỞNG CƠ QUAN")
    return name, title, unit


def _issue(
    *,
    actor,
    application: Application,
    services: list[dict],
    signer_name: str,
    signer_title: str,
    proposed_by: str,
    replaces: Certificate | None = None,
) -> Certificate:
    now = timezone.now()
    organization = application.organization
    number = _next_number(timezone.localtime(now).year)
    name, title, unit = _agency_signer(actor, signer_name, signer_title)
    snapshot = form05_snapshot(
        organization=organization,
        application=application,
        services=services,
        number=number,
        at=now,
        signer_name=name,
        signer_title=title,
        proposed_by=(proposed_by or "").strip(),
        replaces=replaces,
    )
    pdf = render_form05(snapshot)
    return Certificate.objects.create(
        number=number,
        organization=organization,
        application=application,
        issued_at=now,
        issued_by=_user(actor),
        replaces=replaces,
        holder_name=organization.name,
        holder_tax_code=organization.tax_code,
        services=services,
        snapshot=snapshot,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )


def certificate_request_change(
    *,
    actor,
    certificate: Certificate,
    kind: str,
    reason: str,
    changes: str = "",
    uploads=(),
    document_number: str = "",
    place: str = "",
    signer_name: str = "",
) -> ChangeRequest:
    """File Form 06 to reissue (lost, damaged) or replace (changed content) a valid certificate.

    Opens the agency's 5-working-day clock: certificate.reissue (Decree 356 Art. 26(1)(b)) or
    certificate.replace (Art. 26(2)(b), with the documents proving the change).
    """
    reason = (reason or "").strip()
    changes = (changes or "").strip()
    uploads = list(uploads)
    errors: dict[str, list[str]] = {}
    if kind not in ChangeRequest.Kind.values:
        errors["kind"] = [_("Loại đề nghị không hợp lệ.")]
    if not reason:
        errors["reason"] = [_("Cần nêu lý do cấp lại/thay đổi.")]
    if kind == ChangeRequest.Kind.REPLACE:
        if not changes:
            errors["changes"] = [_("Cần nêu nội dung thay đổi trên giấy chứng nhận.")]
        if not uploads:
            # Decree 356 Art. 26(2)(a): documents proving the wrong or changed information.
            errors["uploads"] = [
                _(
                    "Cần đính kèm giấy tờ chứng minh nội dung sai, thay đổi (Điều 26 khoản 2 điểm a)."
                )
            ]
    if errors:
        raise ValidationError(errors)
    for upload in uploads:
        check_upload(upload)
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        if locked.status != Certificate.Status.VALID:
            raise InvalidTransition(
                _("Chỉ giấy chứng nhận còn hiệu lực mới được cấp lại, cấp đổi.")
            )
        if locked.change_requests.filter(status=ChangeRequest.Status.SUBMITTED).exists():
            raise InvalidTransition(_("Đã có một đề nghị đang chờ xử lý cho giấy chứng nhận này."))
        now = timezone.now()
        change = ChangeRequest(
            certificate=locked,
            kind=kind,
            reason=reason,
            changes=changes,
            document_number=(document_number or "").strip(),
            place=(place or "").strip(),
            signer_name=(signer_name or "").strip(),
            submitted_at=now,
            submitted_by=_user(actor),
            pdf=b"",
        )
        change.save()
        if not change.document_number:
            change.document_number = f"{locked.number}/ĐN-{change.pk}"
        for upload in uploads:
            _store_enclosure(
                actor=actor,
                upload=upload,
                kind=Enclosure.Kind.EVIDENCE,
                change_request=change,
                description=upload.name,
            )
        with translation.override(FORM_LANGUAGE):
            change.snapshot = form06_snapshot(change, locked, at=now)
        change.pdf = render_form06(change.snapshot)
        change.pdf_sha256 = hashlib.sha256(change.pdf).hexdigest()
        change.save()
        deadline_open(
            organization=locked.organization,
            rule=change.rule,
            subject=change,
            started_at=now,
            label_params={"n": locked.number},
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=f"certification.{kind}_request",
            message=CHANGE_MESSAGES[kind]["request"],
            params={"n": locked.number},
            obj=locked,
            data={"change": change.pk, "pdf_sha256": change.pdf_sha256},
        )
        _tell_agency(
            key=f"certificate.change:{change.pk}",
            message=CHANGE_MESSAGES[kind]["notify"],
            params={"org": locked.organization.name, "n": locked.number},
            url=reverse("certification_regulator:change", args=[change.pk]),
        )
    return change


def _lock_change(change: ChangeRequest) -> ChangeRequest:
    return ChangeRequest.objects.select_for_update(of=("self",)).get(pk=change.pk)


def certificate_change_grant(
    *,
    actor,
    change: ChangeRequest,
    signer_name: str = "",
    signer_title: str = "",
    proposed_by: str = "",
) -> Certificate:
    """Issue the new certificate for a Form 06 request; the old number becomes "replaced".

    The new certificate carries the organisation's current details (after the change) and the
    services of the old one; it gets a new number so that a lost paper copy no longer verifies.
    """
    with transaction.atomic():
        locked = _lock_change(change)
        _check_change(locked, ChangeRequest.Status.GRANTED)
        old = _lock_certificate(locked.certificate)
        _check_certificate(old, Certificate.Status.REPLACED)
        old.organization.refresh_from_db()
        new = _issue(
            actor=actor,
            application=old.application,
            services=old.services,
            signer_name=signer_name,
            signer_title=signer_title,
            proposed_by=proposed_by,
            replaces=old,
        )
        save_fields(old, status=Certificate.Status.REPLACED)
        save_fields(
            locked,
            status=ChangeRequest.Status.GRANTED,
            decided_at=new.issued_at,
            new_certificate=new,
        )
        _meet(locked, locked.rule, new.issued_at, actor)
        audit_record(
            actor=actor,
            action=f"certification.{locked.kind}",
            message=CHANGE_MESSAGES[locked.kind]["grant"],
            params={"old": old.number, "new": new.number},
            obj=new,
            organization=new.organization,
            data={"change": locked.pk, "replaces": old.number},
        )
        _tell_organization(
            organization=new.organization,
            key=f"certificate.change_grant:{locked.pk}",
            title=gettext_noop("Đã cấp giấy chứng nhận số %(new)s thay cho số %(old)s"),
            params={"new": new.number, "old": old.number},
            body=_lookup(new),
            url=new.get_absolute_url(),
        )
    return new


def certificate_change_refuse(*, actor, change: ChangeRequest, reason: str) -> ChangeRequest:
    """Refuse a Form 06 request in writing with reasons (Decree 356 Art. 26(1)(b), 26(2)(b))."""
    reason = required_text(reason, field="reason", message=_("Cần nêu rõ lý do không cấp."))
    with locked_for_write(change, _lock_change) as locked:
        _check_change(locked, ChangeRequest.Status.REFUSED)
        now = timezone.now()
        save_fields(
            locked, status=ChangeRequest.Status.REFUSED, decided_at=now, decision_reason=reason
        )
        _meet(locked, locked.rule, now, actor)
        certificate = locked.certificate
        audit_record(
            actor=actor,
            action=f"certification.{locked.kind}_refuse",
            message=CHANGE_MESSAGES[locked.kind]["refuse"],
            params={"n": certificate.number},
            obj=certificate,
            data={"change": locked.pk, "reason": reason[:500]},
        )
        _tell_organization(
            organization=certificate.organization,
            key=f"certificate.change_refuse:{locked.pk}",
            title=gettext_noop(
                "Đề nghị cấp lại/cấp đổi giấy chứng nhận %(n)s không được chấp thuận"
            ),
            params={"n": certificate.number},
            body=literal(reason),
            url=certificate.get_absolute_url(),
        )
    return change


def certificate_revoke(
    *,
    actor,
    certificate: Certificate,
    ground: str,
    reason: str = "",
    decision_number: str = "",
    signer_name: str = "",
    signer_title: str = "",
    proposed_by: str = "",
    notice: str = "",
) -> Certificate:
    """Revoke a valid certificate on a ground of Decree 356 Art. 27(1) by a Form 07 decision.

    1. Refuse without one of the grounds of Art. 27(1); only a valid certificate is revoked.
    2. Freeze the decision (Form 07), publish the notice on the registry (Art. 27(4)), open the
       organisation's 5-working-day return clock (Art. 27(3)), tell the organisation.
    """
    ground = (ground or "").strip()
    if ground not in RevocationGround.values:
        raise ValidationError(
            {"ground": [_("Cần chọn một căn cứ thu hồi tại Điều 27 khoản 1 Nghị định 356/2025.")]}
        )
    with locked_for_write(certificate, _lock_certificate) as locked:
        _check_certificate(locked, Certificate.Status.REVOKED)
        now = timezone.now()
        name, title, unit = _agency_signer(actor, signer_name, signer_title)
        number = (decision_number or "").strip() or f"{locked.number}/QĐ-TH"
        with translation.override(FORM_LANGUAGE):
            ground_label = str(RevocationGround(ground).label)
        snapshot = {
            "form_code": gettext_noop("Mẫu số 07"),
            "decision_number": number,
            "date": _local_date(now).isoformat(),
            "certificate": {
                "number": locked.number,
                "date": _local_date(locked.issued_at).isoformat(),
            },
            "organization": {
                "name": locked.holder_name,
                "legal_representative": locked.snapshot.get("organization", {}).get(
                    "legal_representative", ""
                ),
                "tax_code": locked.holder_tax_code,
                "head_office": locked.snapshot.get("organization", {}).get("head_office", ""),
            },
            "ground": ground,
            "ground_label": ground_label,
            "point": REVOCATION_POINTS[ground],
            "reason": (reason or "").strip(),
            "unit": unit,
            "proposed_by": (proposed_by or "").strip(),
            "signer_name": name,
            "signer_title": title,
        }
        pdf = render_form07(locked, snapshot)
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = now
        locked.revoked_by = _user(actor)
        locked.revocation_ground = ground
        locked.revocation_reason = snapshot["reason"]
        locked.revocation_number = number
        locked.revocation_snapshot = snapshot
        locked.revocation_pdf = pdf
        locked.revocation_notice = (notice or "").strip()
        if not locked.revocation_notice:
            message, params = default_revocation_notice(locked, ground, now)
            locked.revocation_notice_message = message
            locked.revocation_notice_params = storable_params(params)
        locked.save()
        # A pending Form 06 request has nothing left to reissue or replace.
        for change in locked.change_requests.filter(status=ChangeRequest.Status.SUBMITTED):
            save_fields(
                change,
                status=ChangeRequest.Status.REFUSED,
                decided_at=now,
                decision_message=gettext_noop("Giấy chứng nhận đã bị thu hồi."),
            )
            _cancel_running(change, actor, change.decision_message)
        # Decree 356 Art. 27(3): return the certificate within 5 working days of the decision.
        deadline_open(
            organization=locked.organization,
            rule=RETURN,
            subject=locked,
            started_at=now,
            label_params={"n": locked.number},
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="certification.revoke",
            message=gettext_noop("Thu hồi giấy chứng nhận %(n)s (Điều 27 khoản 1 điểm %(point)s)"),
            params={"n": locked.number, "point": point_param(REVOCATION_POINTS[ground])},
            obj=locked,
            data={"ground": ground, "decision": number, "reason": snapshot["reason"][:500]},
        )
        _tell_organization(
            organization=locked.organization,
            key=f"certificate.revoke:{locked.pk}",
            title=gettext_noop("Giấy chứng nhận %(n)s đã bị thu hồi (Quyết định %(d)s)"),
            params={"n": locked.number, "d": number},
            body=(
                literal(locked.revocation_notice)
                if locked.revocation_notice
                else (locked.revocation_notice_message, locked.revocation_notice_params)
            ),
            url=locked.get_absolute_url(),
        )
    return certificate


def certificate_record_return(
    *, actor, certificate: Certificate, at: dt.datetime | None = None
) -> Certificate:
    """Record that the revoked certificate was returned to the agency (Decree 356 Art. 27(3))."""
    now = timezone.now()
    at = at or now
    with locked_for_write(certificate, _lock_certificate) as locked:
        if locked.status != Certificate.Status.REVOKED:
            raise InvalidTransition(_("Chỉ giấy chứng nhận đã bị thu hồi mới phải nộp lại."))
        if locked.returned_at is not None:
            raise InvalidTransition(_("Đã ghi nhận việc nộp lại giấy chứng nhận."))
        if at > now or at < locked.revoked_at:
            raise ValidationError({"at": [_("Thời điểm nộp lại không hợp lệ.")]})
        save_fields(locked, returned_at=at)
        _meet(locked, RETURN, at, actor)
        audit_record(
            actor=actor,
            action="certification.return",
            message=gettext_noop("Đã nộp lại giấy chứng nhận %(n)s"),
            params={"n": locked.number},
            obj=locked,
        )
    return certificate
