"""Every write of the compliance programme, each with its audit event in the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.clock.services import deadline_cancel, deadline_meet, deadline_open
from pdp_portal.concurrency import locked_row
from pdp_portal.messages import msg
from pdp_portal.notices.telling import tell_people
from pdp_portal.organizations.models import Membership, Organization, ProtectionContact
from pdp_portal.organizations.people import organization_people
from pdp_portal.organizations.services import protection_contact_save
from pdp_portal.uploads import check_upload, store_upload
from pdp_portal.workflow import acting_user

from .catalogue import CATALOGUE, EvidenceKind, Recurrence
from .facts import obligations_for
from .models import (
    TRANSITIONS,
    AISystem,
    Contract,
    Designation,
    Evidence,
    HighRiskEntry,
    InvalidTransition,
    ObligationNote,
    ObligationState,
    ProgrammeProfile,
    ProtectionPerson,
    TrainingSession,
)

SYSTEM_ACTOR = "programme.sync"
# The fields of an upload (models.StoredFile), filled by _store, not by the form.
STORED_FIELDS = [
    "organization",
    "file",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
]
Status = ObligationState.Status
RUNNING = ("open", "overdue")


_user = acting_user


def _dpos(organization) -> list:
    return organization_people(organization, roles=(Membership.Role.DPO,))


# --- applicability -------------------------------------------------------------------------------


def _open_cycle(state: ObligationState, obligation, actor, started_at) -> None:
    state.deadline = deadline_open(
        organization=state.organization,
        rule=obligation.rule,
        subject=state,
        started_at=started_at,
        responsible=state.owner,
        label_params={},
        actor=actor,
    )


def programme_sync(*, organization: Organization, actor=SYSTEM_ACTOR, findings=None) -> dict:
    """Bring the stored obligations in line with what applies now; return what changed.

    1. Compute the findings from the profile and the registers.
    2. An obligation that starts applying gets its state (or its old one back, with its history),
       its yearly clock when it recurs yearly, an audit event, and the DPOs are told.
    3. One that stops applying keeps its state, evidence and history; its clock is cancelled.
    Safe to run twice: the second run finds nothing to change.
    """
    now = timezone.now()
    started, stopped = [], []
    with transaction.atomic():
        # The facts are read under the organisation's lock, from its row as stored: a sync
        # holding an older copy (the nightly run's list) or running beside another change never
        # undoes the obligations that the later change started or stopped.
        organization = (
            Organization.objects.select_for_update().filter(pk=organization.pk).first()
            or organization
        )
        findings = findings if findings is not None else obligations_for(organization)
        states = {s.code: s for s in ObligationState.objects.filter(organization=organization)}
        first_sync = not states
        for finding in findings:
            obligation = finding.obligation
            state = states.get(obligation.code)
            if finding.applies and (state is None or not state.applies):
                if state is None:
                    state = ObligationState(organization=organization, code=obligation.code)
                state.applies = True
                state.applies_since = now
                state.first_applied_at = state.first_applied_at or now
                state.stopped_at = None
                state.reasons = finding.reasons
                state.save()
                if obligation.recurrence == Recurrence.YEARLY:
                    _open_cycle(state, obligation, actor, now)
                    state.save(update_fields=["deadline"])
                _audit_applicability(
                    state,
                    finding,
                    organization=organization,
                    actor=actor,
                    action="programme.applies",
                    message=gettext_noop("Nghĩa vụ %(code)s (%(basis)s) bắt đầu áp dụng"),
                )
                started.append(state)
            elif not finding.applies and state is not None and state.applies:
                state.applies = False
                state.stopped_at = now
                state.reasons = finding.reasons
                state.save(update_fields=["applies", "stopped_at", "reasons", "updated_at"])
                if state.deadline_id and state.deadline.status in RUNNING:
                    deadline_cancel(
                        deadline=state.deadline,
                        actor=actor,
                        reason="Nghĩa vụ không còn áp dụng cho tổ chức",
                    )
                _audit_applicability(
                    state,
                    finding,
                    organization=organization,
                    actor=actor,
                    action="programme.stops",
                    message=gettext_noop("Nghĩa vụ %(code)s (%(basis)s) không còn áp dụng"),
                )
                stopped.append(state)
            elif state is not None and state.reasons != finding.reasons:
                # The same answer for other facts (e.g. one more AI system): keep the facts fresh.
                state.reasons = finding.reasons
                state.save(update_fields=["reasons", "updated_at"])
        _tell_dpos(organization, started, first_sync)
    return {"started": started, "stopped": stopped}


def _audit_applicability(
    state: ObligationState, finding, *, organization, actor, action: str, message: str
) -> None:
    """Audit that an obligation starts or stops applying, with the facts that decide it."""
    obligation = finding.obligation
    audit_record(
        actor=actor,
        action=action,
        message=message,
        params={"code": obligation.code, "basis": obligation.bilingual_basis},
        obj=state,
        organization=organization,
        data={"reasons": finding.reasons},
    )


def _tell_dpos(organization, started: list[ObligationState], first_sync: bool) -> None:
    if not started:
        return
    people = _dpos(organization)
    from django.urls import reverse

    # In the portal only: the DPOs see the programme there.
    if first_sync:
        tell_people(
            people,
            organization=organization,
            key=f"programme.first:{organization.pk}",
            title=gettext_noop("Chương trình tuân thủ: %(n)s nghĩa vụ áp dụng cho %(org)s"),
            params={"n": len(started), "org": organization.name},
            url=reverse("programme:detail", args=[organization.pk]),
        )
        return
    for state in started:
        obligation = CATALOGUE[state.code]
        due = state.deadline.effective_due_at if state.deadline_id else state.applies_since
        tell_people(
            people,
            organization=organization,
            key=f"programme.applies:{state.pk}:{state.applies_since.isoformat()}",
            title=gettext_noop(
                "Nghĩa vụ mới áp dụng: %(code)s (%(basis)s), thực hiện trước %(due)s"
            ),
            params={
                "code": obligation.code,
                "basis": obligation.bilingual_basis,
                "due": timezone.localtime(due).strftime("%d/%m/%Y"),
            },
            url=state.get_absolute_url(),
        )


def profile_update(*, actor, organization: Organization, **flags) -> ProgrammeProfile:
    """Save the programme profile's flags, then bring the obligations in line."""
    unknown = set(flags) - set(ProgrammeProfile.FLAGS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        profile, _created = ProgrammeProfile.objects.select_for_update().get_or_create(
            organization=organization
        )
        changed = {k: bool(v) for k, v in flags.items() if getattr(profile, k) != bool(v)}
        for key, value in changed.items():
            setattr(profile, key, value)
        profile.save()
        if changed:
            audit_record(
                actor=actor,
                action="programme.profile",
                message=gettext_noop("Cập nhật hồ sơ chương trình tuân thủ"),
                obj=profile,
                organization=organization,
                data={"changed": changed},
            )
        programme_sync(organization=organization, actor=actor)
    return profile


# --- one obligation --------------------------------------------------------------------------------


def _lock_state(state: ObligationState) -> ObligationState:
    return locked_row(
        ObligationState.objects.select_related("organization", "deadline").select_for_update(
            of=("self",)
        ),
        InvalidTransition,
        pk=state.pk,
    )


def _evidence_missing(state: ObligationState) -> bool:
    obligation = CATALOGUE[state.code]
    found = state.evidence.filter(kind__in=obligation.evidence)
    if obligation.recurrence == Recurrence.YEARLY and state.deadline_id:
        # This year's assessment: evidence uploaded since the running cycle began.
        found = found.filter(uploaded_at__gt=state.deadline.started_at)
    return not found.exists()


def obligation_set_status(*, actor, state: ObligationState, status: str) -> ObligationState:
    """Move the obligation's status; marking it done without its evidence is refused."""
    with transaction.atomic():
        locked = _lock_state(state)
        obligation = CATALOGUE[locked.code]
        if not locked.applies:
            raise InvalidTransition(
                _("Nghĩa vụ %(basis)s hiện không áp dụng cho tổ chức.")
                % {"basis": obligation.basis}
            )
        if status not in TRANSITIONS.get(locked.status, set()):
            raise InvalidTransition(_("Không thể chuyển sang trạng thái này."))
        if status == Status.DONE and _evidence_missing(locked):
            kinds = ", ".join(str(EvidenceKind(k).label) for k in obligation.evidence)
            raise InvalidTransition(
                _(
                    "Chưa thể đánh dấu đã thực hiện: %(basis)s yêu cầu bằng chứng (%(kinds)s)%(when)s."
                )
                % {
                    "basis": obligation.basis,
                    "kinds": kinds,
                    "when": _(" của kỳ đánh giá này")
                    if obligation.recurrence == Recurrence.YEARLY
                    else "",
                }
            )
        old = locked.status
        locked.status = status
        now = timezone.now()
        locked.done_at = now if status == Status.DONE else locked.done_at
        if (
            status == Status.DONE
            and obligation.recurrence == Recurrence.YEARLY
            and locked.deadline_id
            and locked.deadline.status in RUNNING
        ):
            # Art. 8(1), 10(5)(dd), 11(2)(c), 12(3)(d): at least once a year: this year's is
            # met, the next year's clock starts now.
            deadline_meet(deadline=locked.deadline, actor=actor)
            _open_cycle(locked, obligation, actor, now)
        locked.save()
        audit_record(
            actor=actor,
            action="programme.status",
            message=gettext_noop("Nghĩa vụ %(code)s: %(old)s → %(new)s"),
            params={
                "code": locked.code,
                "old": msg(Status(old).label),
                "new": msg(Status(status).label),
            },
            obj=locked,
        )
    state.refresh_from_db()
    return locked


def obligation_set_owner(*, actor, state: ObligationState, owner) -> ObligationState:
    """Make ``owner`` (a member of the organisation, or nobody) responsible for the obligation."""
    with transaction.atomic():
        locked = _lock_state(state)
        if (
            owner is not None
            and not Membership.objects.filter(organization=locked.organization, user=owner).exists()
        ):
            raise InvalidTransition(_("Người phụ trách phải là thành viên của tổ chức."))
        locked.owner = owner
        locked.save(update_fields=["owner", "updated_at"])
        if locked.deadline_id and locked.deadline.status in RUNNING:
            locked.deadline.responsible = owner
            locked.deadline.save(update_fields=["responsible"])
        audit_record(
            actor=actor,
            action="programme.owner",
            message=gettext_noop("Nghĩa vụ %(code)s: người phụ trách %(user)s"),
            params={"code": locked.code, "user": owner.get_username() if owner else "-"},
            obj=locked,
        )
    return locked


def _store(row, upload, actor) -> None:
    store_upload(row, upload, uploaded_by=_user(actor))


def evidence_add(
    *, actor, state: ObligationState, upload, kind: str, description: str = ""
) -> Evidence:
    """Attach a piece of evidence (checked by size and content) to the obligation."""
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": [_("Loại bằng chứng không hợp lệ.")]})
    check_upload(upload)
    with transaction.atomic():
        locked = _lock_state(state)
        evidence = Evidence(
            organization=locked.organization,
            obligation=locked,
            kind=kind,
            description=(description or "").strip()[:300] or upload.name[:300],
        )
        _store(evidence, upload, actor)
        evidence.save()
        audit_record(
            actor=actor,
            action="programme.evidence",
            message=gettext_noop("Nghĩa vụ %(code)s: thêm bằng chứng “%(name)s”"),
            params={"code": locked.code, "name": evidence.description},
            obj=locked,
            data={"sha256": evidence.sha256, "size": evidence.size, "kind": kind},
        )
    return evidence


def note_add(*, actor, state: ObligationState, body: str) -> ObligationNote:
    if not (body or "").strip():
        raise ValidationError({"body": [_("Ghi chú không được để trống.")]})
    with transaction.atomic():
        locked = _lock_state(state)
        note = ObligationNote.objects.create(
            obligation=locked, body=body.strip(), author=_user(actor)
        )
        audit_record(
            actor=actor,
            action="programme.note",
            message=gettext_noop("Nghĩa vụ %(code)s: thêm ghi chú"),
            params={"code": locked.code},
            obj=locked,
        )
    return note


# --- registers -----------------------------------------------------------------------------------


def _saved(actor, row, action: str, message: str, params: dict, organization) -> None:
    audit_record(
        actor=actor,
        action=action,
        message=message,
        params=params,
        obj=row,
        organization=organization,
    )


def ai_system_save(
    *, actor, organization, system: AISystem | None = None, activities=(), **fields
) -> AISystem:
    """Create or change an AI system of the register, then bring the obligations in line."""
    with transaction.atomic():
        if system is not None and system.pk:
            system = locked_row(
                AISystem.objects, InvalidTransition, pk=system.pk, organization=organization
            )
        else:
            system = AISystem(organization=organization)
        for key, value in fields.items():
            setattr(system, key, value)
        system.full_clean(exclude=["organization", "activities"])
        created = system.pk is None
        system.save()
        system.activities.set([a for a in activities if a.organization_id == organization.pk])
        _saved(
            actor,
            system,
            "programme.ai_system",
            gettext_noop("Thêm hệ thống trí tuệ nhân tạo “%(name)s”")
            if created
            else gettext_noop("Sửa hệ thống trí tuệ nhân tạo “%(name)s”"),
            {"name": system.name},
            organization,
        )
        programme_sync(organization=organization, actor=actor)
    return system


def high_risk_entry_add(*, actor, organization, name: str, source: str = "") -> HighRiskEntry:
    if not (name or "").strip():
        raise ValidationError({"name": [_("Cần nhập tên loại hệ thống.")]})
    with transaction.atomic():
        entry = HighRiskEntry.objects.create(
            organization=organization, name=name.strip(), source=source.strip()
        )
        _saved(
            actor,
            entry,
            "programme.high_risk",
            gettext_noop("Thêm vào danh mục hệ thống rủi ro cao: “%(name)s”"),
            {"name": entry.name},
            organization,
        )
    return entry


def contract_save(
    *, actor, organization, upload=None, clauses: dict | None = None, **fields
) -> Contract:
    """Record a contract with its ticked clauses (clause -> page) and its upload."""
    from .models import CONTRACT_CLAUSES

    known = {code for code, _basis, _label in CONTRACT_CLAUSES}
    clauses = {k: str(v).strip()[:20] for k, v in (clauses or {}).items() if k in known}
    with transaction.atomic():
        contract = Contract(organization=organization, clauses=clauses, **fields)
        contract.full_clean(exclude=STORED_FIELDS)
        if upload is not None:
            _store(contract, upload, actor)
        contract.save()
        _saved(
            actor,
            contract,
            "programme.contract",
            gettext_noop("Thêm hợp đồng với “%(party)s”"),
            {"party": contract.party},
            organization,
        )
        programme_sync(organization=organization, actor=actor)
    return contract


def designation_add(*, actor, organization, upload, decided_on, reference: str) -> Designation:
    """Record the written designation decision (Decree 356 Art. 13(1)) with its upload."""
    with transaction.atomic():
        row = Designation(organization=organization, decided_on=decided_on, reference=reference)
        _store(row, upload, actor)
        row.save()
        _saved(
            actor,
            row,
            "programme.designation",
            gettext_noop("Thêm quyết định chỉ định số %(ref)s"),
            {"ref": reference},
            organization,
        )
        programme_sync(organization=organization, actor=actor)
    return row


def person_add(
    *, actor, organization, upload=None, as_contact: bool = False, **fields
) -> ProtectionPerson:
    """Record a designated person (Art. 13(2)); the upload is the Art. 13(5) agreement.

    With ``as_contact`` the person also becomes the organisation's primary protection contact,
    the one the contact block of every form names (organizations.ProtectionContact).
    """
    if as_contact and not (fields.get("email") and fields.get("phone")):
        raise ValidationError(_("Đầu mối trên các biểu mẫu cần có thư điện tử và điện thoại."))
    with transaction.atomic():
        person = ProtectionPerson(organization=organization, **fields)
        person.full_clean(exclude=STORED_FIELDS)
        if upload is not None:
            _store(person, upload, actor)
        person.save()
        _saved(
            actor,
            person,
            "programme.person",
            gettext_noop("Thêm nhân sự bảo vệ dữ liệu cá nhân “%(name)s”"),
            {"name": person.full_name},
            organization,
        )
        if as_contact:
            decision = Designation.objects.filter(organization=organization).first()
            protection_contact_save(
                actor=actor,
                organization=organization,
                contact=ProtectionContact(
                    kind=ProtectionContact.Kind.STAFF,
                    name=person.full_name,
                    position=person.position,
                    email=person.email,
                    phone=person.phone,
                    designation_document=(
                        f"{decision.reference} ({decision.decided_on:%d/%m/%Y})" if decision else ""
                    ),
                    is_primary=True,
                ),
            )
    return person


def training_add(
    *, actor, organization, held_on, title: str, attendees=(), upload=None
) -> TrainingSession:
    """Record a training session with its attendees and material."""
    with transaction.atomic():
        session = TrainingSession(organization=organization, held_on=held_on, title=title)
        session.full_clean(exclude=STORED_FIELDS)
        if upload is not None:
            _store(session, upload, actor)
        session.save()
        members = Membership.objects.filter(organization=organization).values_list(
            "user_id", flat=True
        )
        session.attendees.set([u for u in attendees if u.pk in set(members)])
        _saved(
            actor,
            session,
            "programme.training",
            gettext_noop("Thêm buổi đào tạo “%(title)s”"),
            {"title": title},
            organization,
        )
    return session


def programmes_sync_all() -> int:
    """Sync every organisation, one transaction each; return how many obligations changed."""
    changed = 0
    for organization in Organization.objects.order_by("pk").iterator():
        result = programme_sync(organization=organization)
        changed += len(result["started"]) + len(result["stopped"])
    return changed
