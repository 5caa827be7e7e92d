"""Every write on certification: apply, submit, check, supplement, decide, reissue, replace, revoke."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io

import qrcode
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.accounts.preferences import user_language
from pdp_portal.audit.services import audit_record
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.services import deadline_cancel, deadline_meet, deadline_open, deadlines_for
from pdp_portal.concurrency import locked_row
from pdp_portal.messages import literal, render_message, storable_params
from pdp_portal.notices.services import notification_create, outbox_enqueue_email
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import REGULATOR_GROUP
from pdp_portal.organizations.qualifications import qualification_findings
from pdp_portal.pdf import render_pdf
from pdp_portal.uploads import check_upload

from .models import (
    CERTIFICATE_TRANSITIONS,
    CHANGE_TRANSITIONS,
    MIN_QUALIFIED_STAFF,
    REVOCATION_POINTS,
    SCHEME_POINTS,
    SERVICE_CLAUSES,
    TRANSITIONS,
    Application,
    ApplicationEvent,
    ApplicationService,
    ApplicationVersion,
    Certificate,
    ChangeRequest,
    DegreeLevel,
    Enclosure,
    ExperienceField,
    InvalidTransition,
    QualifiedStaff,
    RevocationGround,
    Service,
    point_param,
)

Status = Application.Status
CHECK = "certificate.check"
SUPPLEMENT = "certificate.supplement"
DECIDE = "certificate.decide"
REISSUE = "certificate.reissue"
REPLACE = "certificate.replace"
RETURN = "certificate.return"
RUNNING = (Deadline.Status.OPEN, Deadline.Status.OVERDUE)

# The agency named by the Decree's forms (Form 06, Form 07 Art. 3; Decree 356 Art. 24(2)).
AGENCY_NAME = gettext_noop("Bộ Công an")
AGENCY_UNIT = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao"
AGENCY_PLACE = gettext_noop("Hà Nội")
# The usual titles of the agency's signer, so that an English rendering of Forms 05 and 07 names
# them in English; any other title is printed as the regulator typed it.
SIGNER_TITLES = (gettext_noop("Cục trưởng"), gettext_noop("Phó Cục trưởng"))

# Fields of the application form the organisation fills in (Form 04 section 1, Art. 22).
UPDATABLE_FIELDS = (
    "document_number",
    "place",
    "transaction_office",
    "fax",
    "legal_representative",
    "legal_representative_contact",
    "signer_name",
    "head_name",
    "head_is_vietnamese_citizen",
    "head_resides_in_vietnam",
    "management_qualified",
    "infrastructure_adequate",
    "impact_dossier_satisfactory",
    "transfers_abroad",
    "transfer_dossier_satisfactory",
    "registration_in_national_database",
    "scheme_points",
    "commitment",
)
STAFF_FIELDS = (
    "full_name",
    "position",
    "phone",
    "email",
    "degree_level",
    "degree_field",
    "graduated_on",
    "experience_field",
    "experience_since",
    "training",
)

# Points of a list in Vietnamese legal drafting: a), b), c), d), đ), e), g), ...
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
# The Decree's forms (04 to 07) are filed as Vietnamese documents, whatever language their writer
# reads; an English rendering of the same snapshot (``language="en"``) is a translation to read.
FORM_LANGUAGE = "vi"

# What the audit trail and the organisation's notifications say of a Form 06 request, per kind.
CHANGE_MESSAGES = {
    ChangeRequest.Kind.REISSUE: {
        "request": gettext_noop("Đề nghị cấp lại giấy chứng nhận %(n)s (Mẫu số 06)"),
        "notify": gettext_noop("%(org)s đề nghị cấp lại giấy chứng nhận %(n)s"),
        "grant": gettext_noop("Cấp lại giấy chứng nhận %(old)s: số mới %(new)s"),
        "refuse": gettext_noop("Không cấp lại giấy chứng nhận %(n)s"),
    },
    ChangeRequest.Kind.REPLACE: {
        "request": gettext_noop("Đề nghị cấp đổi giấy chứng nhận %(n)s (Mẫu số 06)"),
        "notify": gettext_noop("%(org)s đề nghị cấp đổi giấy chứng nhận %(n)s"),
        "grant": gettext_noop("Cấp đổi giấy chứng nhận %(old)s: số mới %(new)s"),
        "refuse": gettext_noop("Không cấp đổi giấy chứng nhận %(n)s"),
    },
}


# --- helpers -----------------------------------------------------------------------------------


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _refresh(target, source):
    for f in type(source)._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


def _lock(application: Application) -> Application:
    # Re-read under a row lock: the organisation and the agency act on one application in turn.
    return locked_row(
        Application.objects.select_for_update(of=("self",)).select_related("organization"),
        InvalidTransition,
        pk=application.pk,
    )


def _lock_certificate(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=certificate.pk)
    )


def _check(application: Application, target: str) -> None:
    if target not in TRANSITIONS[application.status]:
        raise InvalidTransition(
            _("Không thể chuyển hồ sơ từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": Status(application.status).label, "target": Status(target).label}
        )


def _check_certificate(certificate: Certificate, target: str) -> None:
    if target not in CERTIFICATE_TRANSITIONS[certificate.status]:
        raise InvalidTransition(
            _("Giấy chứng nhận %(number)s đang ở trạng thái “%(current)s”: không thể “%(target)s”.")
            % {
                "number": certificate.number,
                "current": Certificate.Status(certificate.status).label,
                "target": Certificate.Status(target).label,
            }
        )


def _check_change(change: ChangeRequest, target: str) -> None:
    if target not in CHANGE_TRANSITIONS[change.status]:
        raise InvalidTransition(
            _("Đề nghị đã được xử lý (“%(current)s”).")
            % {"current": ChangeRequest.Status(change.status).label}
        )


def latest_deadlines(subject) -> dict[str, Deadline]:
    """Return the latest deadline of each rule for ``subject`` (cancelled ones left out)."""
    result: dict[str, Deadline] = {}
    for deadline in deadlines_for(subject).exclude(status=Deadline.Status.CANCELLED).order_by("pk"):
        result[deadline.rule] = deadline
    return result


def _meet(subject, rule: str, at: dt.datetime, actor) -> None:
    deadline = latest_deadlines(subject).get(rule)
    if deadline is not None and deadline.status in RUNNING:
        deadline_meet(deadline=deadline, at=at, actor=actor)


def _cancel_running(subject, actor, reason: str) -> None:
    for deadline in deadlines_for(subject).filter(status__in=RUNNING):
        deadline_cancel(deadline=deadline, actor=actor, reason=reason)


def _regulators():
    return get_user_model().objects.filter(groups__name=REGULATOR_GROUP, is_active=True)


def _org_people(organization):
    return [
        m.user
        for m in Membership.objects.filter(
            organization=organization,
            role__in=(Membership.Role.DPO, Membership.Role.STAFF),
            user__is_active=True,
        ).select_related("user")
    ]


def _tell_agency(*, key: str, message: str, params: dict, url: str) -> None:
    for reviewer in _regulators():
        notification_create(user=reviewer, key=key, message=message, params=params, url=url)


def _tell_organization(
    *, organization, key: str, title: str, params: dict, body: tuple[str, dict], url: str
) -> None:
    """Notify the organisation's DPOs and staff in the portal and by e-mail (through the outbox).

    ``title`` and ``body`` are message keys with their parameters (``literal`` for what a person
    typed): the notification reads in its reader's language, the e-mail in its recipient's.
    """
    for person in _org_people(organization):
        notification_create(
            user=person,
            key=key,
            message=title,
            params=params,
            url=url,
            organization=organization,
        )
        if person.email:
            language = user_language(person)
            with translation.override(language):
                context = {
                    "organization_name": organization.name,
                    "title": render_message(title, params),
                    "message": render_message(*body),
                    "url": url,
                }
            outbox_enqueue_email(
                key=f"{key}:{person.pk}",
                recipient=person.email,
                template="certificate_update",
                context=context,
                language=language,
                organization=organization,
                recipient_user=person,
            )


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def date_parts(value: dt.date | None) -> dict | None:
    if value is None:
        return None
    return {"day": f"{value.day:02d}", "month": f"{value.month:02d}", "year": value.year}


# --- checks: staff, enclosures, conditions ------------------------------------------------------


def staff_findings(staff: QualifiedStaff, *, on: dt.date | None = None) -> list[str]:
    """Return what ``staff`` still lacks under Decree 356 Art. 13(2), one line per condition."""
    missing = qualification_findings(staff, on=on)
    # Art. 25(1)(đ): the diplomas and other proof go with the application.
    if staff.pk and not any(e.kind == Enclosure.Kind.DIPLOMA for e in staff.enclosures.all()):
        missing.append(str(_("bản sao bằng cấp, giấy tờ chứng minh (Điều 25 khoản 1 điểm đ)")))
    return missing


def staff_rows(application: Application, *, on: dt.date | None = None) -> list[dict]:
    """Return each staff member of ``application`` with the Art. 13(2) findings."""
    rows = []
    for person in application.staff.prefetch_related("enclosures"):
        findings = staff_findings(person, on=on)
        rows.append({"staff": person, "findings": findings, "qualified": not findings})
    return rows


def enclosure_checklist(application: Application) -> list[dict]:
    """Return the enclosures Decree 356 Art. 25(1) requires, each with whether it is there."""
    kinds = {e.kind for e in application.enclosures.all()}
    items = []
    if application.registration_in_national_database:
        items.append(
            {
                "kind": Enclosure.Kind.REGISTRATION,
                "label": Enclosure.Kind.REGISTRATION.label,
                "basis": _("Điều 25 khoản 1 điểm b, e"),
                "ok": True,
                "note": _("Không phải nộp: cơ quan nhà nước khai thác được trên cơ sở dữ liệu."),
            }
        )
    else:
        items.append(
            {
                "kind": Enclosure.Kind.REGISTRATION,
                "label": Enclosure.Kind.REGISTRATION.label,
                "basis": _("Điều 25 khoản 1 điểm b"),
                "ok": Enclosure.Kind.REGISTRATION in kinds,
                "note": "",
            }
        )
    for kind, basis in (
        (Enclosure.Kind.DESIGNATION, _("Điều 25 khoản 1 điểm c")),
        (Enclosure.Kind.SCHEME, _("Điều 25 khoản 1 điểm d")),
    ):
        items.append(
            {"kind": kind, "label": kind.label, "basis": basis, "ok": kind in kinds, "note": ""}
        )
    return [
        {**i, "label": str(i["label"]), "basis": str(i["basis"]), "note": str(i["note"])}
        for i in items
    ]


def conditions_checklist(application: Application, rows: list[dict] | None = None) -> list[dict]:
    """Return the conditions of Decree 356 Art. 22 as a checklist with the state of each."""
    rows = staff_rows(application) if rows is None else rows
    qualified = sum(1 for r in rows if r["qualified"])
    items = [
        (
            _("Tổ chức, doanh nghiệp thành lập và hoạt động theo pháp luật Việt Nam"),
            _("Điều 22 khoản 1"),
            bool(application.organization.tax_code),
            "",
        ),
        (
            _(
                "Người đứng đầu phụ trách chuyên môn về xử lý dữ liệu cá nhân là công dân Việt Nam, "
                "thường trú tại Việt Nam"
            ),
            _("Điều 22 khoản 2 điểm a"),
            bool(application.head_name.strip())
            and application.head_is_vietnamese_citizen
            and application.head_resides_in_vietnam,
            application.head_name,
        ),
        (
            _("Đội ngũ quản lý, điều hành đáp ứng yêu cầu chuyên môn xử lý dữ liệu cá nhân"),
            _("Điều 22 khoản 2 điểm b"),
            application.management_qualified,
            "",
        ),
        (
            _("Tối thiểu %(n)s nhân sự đủ điều kiện năng lực theo khoản 2 Điều 13")
            % {"n": MIN_QUALIFIED_STAFF},
            _("Điều 22 khoản 2 điểm c"),
            qualified >= MIN_QUALIFIED_STAFF,
            _("%(q)s/%(n)s nhân sự đủ điều kiện") % {"q": qualified, "n": MIN_QUALIFIED_STAFF},
        ),
        (
            _("Hạ tầng, hệ thống trang thiết bị, cơ sở vật chất và công nghệ phù hợp"),
            _("Điều 22 khoản 3"),
            application.infrastructure_adequate,
            "",
        ),
        (
            _("Hồ sơ đánh giá tác động xử lý dữ liệu cá nhân có kết quả đạt yêu cầu"),
            _("Điều 22 khoản 4"),
            application.impact_dossier_satisfactory,
            "",
        ),
    ]
    if application.transfers_abroad:
        items.append(
            (
                _("Hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới đạt yêu cầu"),
                _("Điều 22 khoản 4"),
                application.transfer_dossier_satisfactory,
                "",
            )
        )
    codes = ["legal_entity", "head", "management", "staff", "infrastructure", "impact", "transfer"]
    return [
        {"code": code, "label": str(label), "basis": str(basis), "ok": bool(ok), "note": str(note)}
        for code, (label, basis, ok, note) in zip(codes, items, strict=False)
    ]


def application_missing(application: Application, *, on: dt.date | None = None) -> list[str]:
    """Return every required part of the application still missing, by name (empty when complete)."""
    missing: list[str] = []
    if not application.legal_representative.strip():
        missing.append(_("người đại diện theo pháp luật (Mẫu số 04, mục 1)"))
    if not application.services.exists():
        missing.append(_("ít nhất một dịch vụ theo Điều 21 (Mẫu số 04, mục 2)"))
    elif application.services.filter(scope="").exists():
        missing.append(_("phạm vi, lĩnh vực cung cấp của từng dịch vụ (Mẫu số 04, mục 2)"))
    for item in enclosure_checklist(application):
        if not item["ok"]:
            missing.append(
                _("tài liệu: %(label)s (%(basis)s)")
                % {"label": item["label"], "basis": item["basis"]}
            )
    blank = [
        letter
        for letter, _label in SCHEME_POINTS
        if not str(application.scheme_points.get(letter, "")).strip()
    ]
    if blank:
        missing.append(
            _("nội dung đề án tại Điều 25 khoản 2 điểm %(points)s") % {"points": ", ".join(blank)}
        )
    rows = staff_rows(application, on=on)
    for row in rows:
        if row["findings"]:
            missing.append(
                _("nhân sự %(name)s chưa đủ điều kiện: %(what)s")
                % {"name": row["staff"].full_name, "what": "; ".join(row["findings"])}
            )
    qualified = sum(1 for r in rows if r["qualified"])
    if qualified < MIN_QUALIFIED_STAFF:
        missing.append(
            _(
                "tối thiểu %(n)s nhân sự đủ điều kiện theo Điều 13 khoản 2 (hiện có %(q)s; Điều 22 khoản 2 điểm c)"
            )
            % {"n": MIN_QUALIFIED_STAFF, "q": qualified}
        )
    for item in conditions_checklist(application, rows):
        if not item["ok"] and item["code"] != "staff":
            missing.append(
                _("điều kiện: %(label)s (%(basis)s)")
                % {"label": item["label"], "basis": item["basis"]}
            )
    if not application.commitment:
        missing.append(_("cam kết của tổ chức (Mẫu số 04, mục 4)"))
    return [str(m) for m in missing]


# --- the organisation: create and fill in -------------------------------------------------------


def _next_reference(organization, year: int) -> str:
    prefix = f"HS-GCN-{year}-"
    refs = Application.objects.filter(
        organization=organization, reference__startswith=prefix
    ).values_list("reference", flat=True)
    number = max((int(r.rsplit("-", 1)[1]) for r in refs), default=0) + 1
    return f"{prefix}{number:03d}"


def _advisory_lock(name: str) -> None:
    # Serialise the numbering of references across transactions (PostgreSQL; SQLite has one writer).
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])


def application_create(*, actor, organization, **fields) -> Application:
    """Start a draft application (Form 04) for ``organization``."""
    unknown = set(fields) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        _advisory_lock(f"certification.application:{organization.pk}")
        application = Application(
            organization=organization,
            reference=_next_reference(organization, timezone.localdate().year),
            created_by=_user(actor),
            place=_default_place(organization),
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


def _default_place(organization) -> str:
    parts = [p.strip() for p in (organization.head_office or "").split(",") if p.strip()]
    return parts[-1] if parts else ""


def _editable(locked: Application) -> None:
    if not locked.editable:
        raise InvalidTransition(
            _("Hồ sơ đang ở trạng thái “%(status)s”: không thể sửa.")
            % {"status": Status(locked.status).label}
        )


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
    with transaction.atomic():
        locked = _lock(application)
        _editable(locked)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, fields[name])
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
    return _refresh(application, locked)


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
    with transaction.atomic():
        locked = _lock(staff.application)
        _editable(locked)
        staff = locked_row(
            QualifiedStaff.objects, InvalidTransition, pk=staff.pk, application=locked
        )
        name = staff.full_name
        for enclosure in staff.enclosures.all():
            enclosure.file.delete(save=False)
        staff.delete()
        audit_record(
            actor=actor,
            action="certification.staff_delete",
            message=gettext_noop("Bỏ nhân sự %(name)s khỏi hồ sơ %(ref)s"),
            params={"name": name, "ref": locked.reference},
            obj=locked,
        )


def _store_enclosure(*, actor, upload, kind: str, description: str = "", **owner) -> Enclosure:
    ext, mime = check_upload(upload)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    enclosure = Enclosure(
        kind=kind,
        original_name=(upload.name or f"tai-lieu.{ext}")[:255],
        content_type=mime,
        size=upload.size,
        sha256=digest.hexdigest(),
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


def enclosure_delete(*, actor, enclosure: Enclosure) -> None:
    """Remove a document from an editable application."""
    with transaction.atomic():
        locked = _lock(enclosure.application)
        _editable(locked)
        enclosure = locked_row(
            Enclosure.objects, InvalidTransition, pk=enclosure.pk, application=locked
        )
        name = enclosure.original_name
        enclosure.file.delete(save=False)
        enclosure.delete()
        audit_record(
            actor=actor,
            action="certification.enclosure_delete",
            message=gettext_noop("Bỏ tài liệu “%(name)s” khỏi hồ sơ %(ref)s"),
            params={"name": name, "ref": locked.reference},
            obj=locked,
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


# --- Form 04 -----------------------------------------------------------------------------------


def _org_block(organization) -> dict:
    return {
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "name_foreign": organization.name_foreign,
        "head_office": organization.head_office,
        "registration_document": organization.registration_document,
        "tax_code": organization.tax_code,
        "phone": organization.phone,
        "website": organization.website,
        "email": organization.email,
    }


def form04_snapshot(
    application: Application,
    *,
    at: dt.datetime | None = None,
    version: int | None = None,
    note: str = "",
) -> dict:
    """Return the Form 04 content of ``application`` as plain data (what a submission freezes)."""
    org = application.organization
    local = _local_date(at)
    enclosures = []
    for item in enclosure_checklist(application):
        count = sum(1 for e in application.enclosures.all() if e.kind == item["kind"])
        enclosures.append(
            {"name": item["label"], "count": count, "note": item["note"] or item["basis"]}
        )
    diplomas = [e for e in application.enclosures.all() if e.kind == Enclosure.Kind.DIPLOMA]
    enclosures.append(
        {
            "name": str(Enclosure.Kind.DIPLOMA.label),
            "count": len(diplomas),
            "note": str(_("Điều 25 khoản 1 điểm đ")),
        }
    )
    others = [e for e in application.enclosures.all() if e.kind == Enclosure.Kind.OTHER]
    for e in others:
        enclosures.append({"name": e.description or e.original_name, "count": 1, "note": ""})
    return {
        "form_code": gettext_noop("Mẫu số 04"),
        "reference": application.reference,
        "document_number": application.document_number or f"{application.reference}/ĐN",
        "place": application.place or _default_place(org),
        "date": local.isoformat() if local else "",
        "version": version,
        "note": note,
        "organization": {
            **_org_block(org),
            "transaction_office": application.transaction_office or org.head_office,
            "fax": application.fax,
            "legal_representative": application.legal_representative,
            "legal_representative_contact": application.legal_representative_contact,
        },
        "head": {
            "name": application.head_name,
            "vietnamese_citizen": application.head_is_vietnamese_citizen,
            "resides_in_vietnam": application.head_resides_in_vietnam,
        },
        "staff": [
            {
                "full_name": s.full_name,
                "position": s.position,
                "phone": s.phone,
                "email": s.email,
                "degree": s.get_degree_level_display(),
                "field": s.get_experience_field_display(),
            }
            for s in application.staff.all()
        ],
        "services": [
            {
                "service": s.service,
                "name": s.get_service_display(),
                "clause": s.clause,
                "scope": s.scope,
            }
            for s in application.services.all()
        ],
        "enclosures": enclosures,
        "scheme": [
            {
                "letter": letter,
                "label": str(label),
                "text": application.scheme_points.get(letter, ""),
            }
            for letter, label in SCHEME_POINTS
        ],
        "conditions": conditions_checklist(application),
        "signer_name": application.signer_name,
    }


def _applicant_form_context(snapshot: dict, *, draft: bool, title: str, subtitle: str) -> dict:
    date = dt.date.fromisoformat(snapshot["date"]) if snapshot.get("date") else None
    return {
        "s": snapshot,
        "draft": draft,
        "form_code": _(snapshot["form_code"]),
        "issuer_name": snapshot["organization"]["name"],
        "document_number": snapshot.get("document_number"),
        "place": snapshot.get("place"),
        "date_parts": date_parts(date),
        "title": title,
        "subtitle": subtitle,
        "recipient": _("Bộ Công an."),
        "recipients_list": [],
        "signer_title": _("TM. TỔ CHỨC, DOANH NGHIỆP"),
        "signer_note": _("(Ký, ghi rõ họ tên, đóng dấu)"),
        "signer_name": snapshot.get("signer_name", ""),
    }


def _render_applicant_form(
    template: str, snapshot: dict, *, title: str, draft: bool, language: str, **extra
) -> bytes:
    """Return an applicant's form (04, 06) as PDF bytes, its fixed wording in ``language``."""
    with translation.override(language):
        context = _applicant_form_context(
            snapshot,
            draft=draft,
            title=_(title),
            subtitle=_("ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN"),
        )
    return render_pdf(template, {**context, **extra}, language=language)


def render_form04(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 04 (Decree 356/2025 appendix) as PDF bytes, in ``language``."""
    return _render_applicant_form(
        "certification/pdf/form04.html",
        snapshot,
        title=gettext_noop("ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN"),
        draft=draft,
        language=language,
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
    with transaction.atomic():
        locked = _lock(application)
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
        locked.status = Status.SUBMITTED
        locked.submitted_at = locked.submitted_at or now
        locked.last_submitted_at = now
        locked.save(update_fields=["status", "submitted_at", "last_submitted_at", "updated_at"])
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
    _refresh(application, locked)
    return submission


def application_withdraw(*, actor, application: Application) -> Application:
    """Withdraw the application; every running clock of it stops."""
    with transaction.atomic():
        locked = _lock(application)
        _check(locked, Status.WITHDRAWN)
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
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
    return _refresh(application, locked)


# --- the agency: check, supplement, decide ------------------------------------------------------


def _org_url(application: Application) -> str:
    return reverse("certification:application", args=[application.pk])


def application_request_supplement(
    *, actor, application: Application, message: str
) -> ApplicationEvent:
    """Ask in writing, with reasons, for the dossier to be supplemented (Decree 356 Art. 25(3)).

    Meets the agency's check clock and opens the organisation's 15-day supplement clock.
    """
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("Cần nêu rõ lý do và nội dung cần bổ sung.")]})
    with transaction.atomic():
        locked = _lock(application)
        _check(locked, Status.SUPPLEMENT_REQUESTED)
        now = timezone.now()
        _meet(locked, CHECK, now, actor)
        locked.status = Status.SUPPLEMENT_REQUESTED
        locked.save(update_fields=["status", "updated_at"])
        event = ApplicationEvent.objects.create(
            application=locked,
            kind=ApplicationEvent.Kind.REQUEST_SUPPLEMENT,
            message=message,
            actor=_user(actor),
        )
        deadline_open(
            organization=locked.organization,
            rule=SUPPLEMENT,
            subject=locked,
            started_at=now,
            responsible=locked.created_by,
            label_params={"ref": locked.reference},
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="certification.request_supplement",
            message=gettext_noop("Cơ quan chuyên trách yêu cầu bổ sung hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"message": message[:500]},
        )
        _tell_organization(
            organization=locked.organization,
            key=f"certificate.supplement:{event.pk}",
            title=gettext_noop("Yêu cầu bổ sung hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            body=literal(message),
            url=_org_url(locked),
        )
    _refresh(application, locked)
    return event


def application_complete(*, actor, application: Application, message: str = "") -> ApplicationEvent:
    """Find the dossier complete and valid; the 30-day decision clock runs (Decree 356 Art. 25(4))."""
    with transaction.atomic():
        locked = _lock(application)
        _check(locked, Status.UNDER_REVIEW)
        now = timezone.now()
        _meet(locked, CHECK, now, actor)
        locked.status = Status.UNDER_REVIEW
        locked.completed_at = now
        locked.save(update_fields=["status", "completed_at", "updated_at"])
        event = ApplicationEvent.objects.create(
            application=locked,
            kind=ApplicationEvent.Kind.COMPLETE,
            message=(message or "").strip(),
            actor=_user(actor),
        )
        # Art. 25(4): "from receiving the complete, valid dossier": the submission found complete.
        deadline_open(
            organization=locked.organization,
            rule=DECIDE,
            subject=locked,
            started_at=locked.last_submitted_at,
            label_params={"ref": locked.reference},
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="certification.complete",
            message=gettext_noop("Hồ sơ %(ref)s đầy đủ, hợp lệ"),
            params={"ref": locked.reference},
            obj=locked,
        )
        _tell_organization(
            organization=locked.organization,
            key=f"certificate.complete:{event.pk}",
            title=gettext_noop("Hồ sơ %(ref)s đã đầy đủ, hợp lệ và đang được thẩm định"),
            params={"ref": locked.reference},
            body=literal(event.message),
            url=_org_url(locked),
        )
    _refresh(application, locked)
    return event


def application_refuse(*, actor, application: Application, reason: str) -> ApplicationEvent:
    """Refuse the certificate in writing with reasons (Decree 356 Art. 25(4), last sentence)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần nêu rõ lý do không cấp.")]})
    with transaction.atomic():
        locked = _lock(application)
        _check(locked, Status.REFUSED)
        now = timezone.now()
        _meet(locked, CHECK, now, actor)
        _meet(locked, DECIDE, now, actor)
        _cancel_running(
            locked, actor, gettext_noop("Cơ quan chuyên trách đã quyết định không cấp.")
        )
        locked.status = Status.REFUSED
        locked.decided_at = now
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_at", "decision_reason", "updated_at"])
        event = ApplicationEvent.objects.create(
            application=locked,
            kind=ApplicationEvent.Kind.REFUSE,
            message=reason,
            actor=_user(actor),
        )
        audit_record(
            actor=actor,
            action="certification.refuse",
            message=gettext_noop("Không cấp giấy chứng nhận cho hồ sơ %(ref)s"),
            params={"ref": locked.reference},
            obj=locked,
            data={"reason": reason[:500]},
        )
        _tell_organization(
            organization=locked.organization,
            key=f"certificate.refuse:{event.pk}",
            title=gettext_noop("Không cấp giấy chứng nhận (hồ sơ %(ref)s)"),
            params={"ref": locked.reference},
            body=literal(reason),
            url=_org_url(locked),
        )
    _refresh(application, locked)
    return event


# --- Form 05: the certificate -------------------------------------------------------------------


def verification_url(number: str) -> str:
    """Return the absolute address of a certificate's public verification page."""
    return settings.SITE_URL + reverse("certification_public:verify", args=[number])


def _lookup(certificate: Certificate) -> tuple[str, dict]:
    return gettext_noop("Tra cứu công khai: %(url)s"), {"url": verification_url(certificate.number)}


def qr_data_uri(data: str) -> str:
    """Return a PNG QR code of ``data`` as a data: URI (the only kind the PDF fetcher reads)."""
    image = qrcode.make(data, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _next_number(year: int) -> str:
    _advisory_lock("certification.certificate_number")
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


def form05_snapshot(
    *,
    organization,
    application: Application,
    services: list[dict],
    number: str,
    at: dt.datetime,
    signer_name: str,
    signer_title: str,
    proposed_by: str,
    replaces: Certificate | None = None,
) -> dict:
    """Return the Form 05 content of a certificate about to be issued."""
    applied = _local_date(application.submitted_at)
    return {
        "form_code": gettext_noop("Mẫu số 05"),
        "number": number,
        "place": AGENCY_PLACE,
        "date": _local_date(at).isoformat(),
        "organization": {
            **_org_block(organization),
            "legal_representative": application.legal_representative,
        },
        "application": {
            "reference": application.reference,
            "date": applied.isoformat() if applied else "",
        },
        "services": services,
        "proposed_by": proposed_by,
        "signer_name": signer_name,
        "signer_title": signer_title,
        "replaces": replaces.number if replaces else "",
        "verification_url": verification_url(number),
    }


def form05_context(snapshot: dict) -> dict:
    """Return the template context of Form 05 for a snapshot."""
    date = dt.date.fromisoformat(snapshot["date"])
    applied = snapshot["application"].get("date")
    return {
        "s": snapshot,
        "form_code": _(snapshot["form_code"]),
        "issuer_name": _(AGENCY_NAME).upper(),
        "document_number": snapshot["number"],
        "place": _(snapshot["place"]),
        "date_parts": date_parts(date),
        "applied_parts": date_parts(dt.date.fromisoformat(applied)) if applied else None,
        "title": _("GIẤY CHỨNG NHẬN"),
        "subtitle": _("ĐỦ ĐIỀU KIỆN KINH DOANH DỊCH VỤ XỬ LÝ DỮ LIỆU CÁ NHÂN"),
        "recipient": "",
        "recipients_list": [],
        "signer_title": _(snapshot["signer_title"]) if snapshot["signer_title"] else "",
        "signer_note": _("(Ký, đóng dấu, ghi rõ chức vụ, họ tên)"),
        "signer_name": snapshot["signer_name"],
        "qr": qr_data_uri(snapshot["verification_url"]),
    }


def render_form05(snapshot: dict, *, language: str = "vi") -> bytes:
    """Return the certificate (Form 05) as PDF bytes, with the QR code of its verification page."""
    with translation.override(language):
        context = form05_context(snapshot)
    return render_pdf("certification/pdf/form05.html", context, language=language)


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
    with transaction.atomic():
        locked = _lock(application)
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
        locked.status = Status.GRANTED
        locked.decided_at = certificate.issued_at
        locked.save(update_fields=["status", "decided_at", "updated_at"])
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
    _refresh(application, locked)
    return certificate


# --- Form 06: reissue and replacement -----------------------------------------------------------


def form06_snapshot(change: ChangeRequest, certificate: Certificate, *, at: dt.datetime) -> dict:
    """Return the Form 06 content of a reissue or replacement request."""
    org = certificate.organization
    application = certificate.application
    return {
        "form_code": gettext_noop("Mẫu số 06"),
        "kind": change.kind,
        "document_number": change.document_number,
        "place": change.place or _default_place(org),
        "date": _local_date(at).isoformat(),
        "certificate": {
            "number": certificate.number,
            "date": _local_date(certificate.issued_at).isoformat(),
        },
        "organization": {
            **_org_block(org),
            "transaction_office": application.transaction_office or org.head_office,
            "fax": application.fax,
            "legal_representative": application.legal_representative,
            "legal_representative_contact": application.legal_representative_contact,
        },
        "staff": [
            {"full_name": s.full_name, "position": s.position, "phone": s.phone, "email": s.email}
            for s in application.staff.all()
        ],
        "reason": change.reason,
        "changes": change.changes,
        "enclosures": [e.description or e.original_name for e in change.enclosures.all()],
        "signer_name": change.signer_name,
    }


def render_form06(snapshot: dict, *, draft: bool = False, language: str = "vi") -> bytes:
    """Return Form 06 (reissue/replacement request) as PDF bytes, in ``language``."""
    return _render_applicant_form(
        "certification/pdf/form06.html",
        snapshot,
        title=gettext_noop("ĐƠN ĐỀ NGHỊ CẤP LẠI/CẤP ĐỔI GIẤY CHỨNG NHẬN"),
        draft=draft,
        language=language,
        letters=LETTERS,
        enclosures=list(zip(LETTERS, snapshot.get("enclosures", []), strict=False)),
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
        old.status = Certificate.Status.REPLACED
        old.save(update_fields=["status"])
        locked.status = ChangeRequest.Status.GRANTED
        locked.decided_at = new.issued_at
        locked.new_certificate = new
        locked.save(update_fields=["status", "decided_at", "new_certificate"])
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
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần nêu rõ lý do không cấp.")]})
    with transaction.atomic():
        locked = _lock_change(change)
        _check_change(locked, ChangeRequest.Status.REFUSED)
        now = timezone.now()
        locked.status = ChangeRequest.Status.REFUSED
        locked.decided_at = now
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_at", "decision_reason"])
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
    _refresh(change, locked)
    return change


# --- Form 07: revocation ------------------------------------------------------------------------


def form07_context(certificate: Certificate, snapshot: dict) -> dict:
    """Return the template context of the revocation decision (Form 07)."""
    date = dt.date.fromisoformat(snapshot["date"])
    return {
        "s": snapshot,
        "form_code": _("Mẫu số 07"),
        "issuer_name": _(AGENCY_NAME).upper(),
        "document_number": snapshot["decision_number"],
        "place": _(AGENCY_PLACE),
        "date_parts": date_parts(date),
        "issued_parts": date_parts(dt.date.fromisoformat(snapshot["certificate"]["date"])),
        "title": _("QUYẾT ĐỊNH"),
        "subtitle": _(
            "Về việc thu hồi Giấy chứng nhận đủ điều kiện kinh doanh dịch vụ xử lý dữ liệu cá nhân"
        ),
        "recipient": "",
        "recipients_list": [_("Như Điều 3;"), _("Lưu: VT, A05.")],
        "signer_title": _(snapshot["signer_title"]) if snapshot["signer_title"] else "",
        "signer_note": _("(Ký, đóng dấu, ghi rõ chức vụ, họ tên)"),
        "signer_name": snapshot["signer_name"],
    }


def render_form07(certificate: Certificate, snapshot: dict, *, language: str = "vi") -> bytes:
    """Return the revocation decision (Form 07) as PDF bytes, in ``language``."""
    with translation.override(language):
        context = form07_context(certificate, snapshot)
    return render_pdf("certification/pdf/form07.html", context, language=language)


REVOCATION_NOTICE = gettext_noop(
    "Cơ quan chuyên trách bảo vệ dữ liệu cá nhân thông báo: Giấy chứng nhận đủ điều kiện kinh "
    "doanh dịch vụ xử lý dữ liệu cá nhân số %(n)s cấp cho %(org)s (mã số thuế %(tax)s) đã bị thu "
    "hồi từ ngày %(date)s theo điểm %(point)s khoản 1 Điều 27 Nghị định số 356/2025/NĐ-CP."
)


def default_revocation_notice(
    certificate: Certificate, ground: str, at: dt.datetime
) -> tuple[str, dict]:
    """Return the public notice of a revocation (Decree 356 Art. 27(4)): its key and parameters."""
    return REVOCATION_NOTICE, {
        "n": certificate.number,
        "org": certificate.holder_name,
        "tax": certificate.holder_tax_code,
        "date": timezone.localtime(at).strftime("%d/%m/%Y"),
        "point": point_param(REVOCATION_POINTS.get(ground, "?")),
    }


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
    with transaction.atomic():
        locked = _lock_certificate(certificate)
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
            change.status = ChangeRequest.Status.REFUSED
            change.decided_at = now
            change.decision_message = gettext_noop("Giấy chứng nhận đã bị thu hồi.")
            change.save(update_fields=["status", "decided_at", "decision_message"])
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
    return _refresh(certificate, locked)


def certificate_record_return(
    *, actor, certificate: Certificate, at: dt.datetime | None = None
) -> Certificate:
    """Record that the revoked certificate was returned to the agency (Decree 356 Art. 27(3))."""
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        locked = _lock_certificate(certificate)
        if locked.status != Certificate.Status.REVOKED:
            raise InvalidTransition(_("Chỉ giấy chứng nhận đã bị thu hồi mới phải nộp lại."))
        if locked.returned_at is not None:
            raise InvalidTransition(_("Đã ghi nhận việc nộp lại giấy chứng nhận."))
        if at > now or at < locked.revoked_at:
            raise ValidationError({"at": [_("Thời điểm nộp lại không hợp lệ.")]})
        locked.returned_at = at
        locked.save(update_fields=["returned_at"])
        _meet(locked, RETURN, at, actor)
        audit_record(
            actor=actor,
            action="certification.return",
            message=gettext_noop("Đã nộp lại giấy chứng nhận %(n)s"),
            params={"n": locked.number},
            obj=locked,
        )
    return _refresh(certificate, locked)
