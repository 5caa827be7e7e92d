"""Submitting a dossier: the frozen version, its PDFs, enclosures and Form 03a's list of changes.

Decree 356 Art. 18(4)-(6), 19(4)-(6) (filing, completion) and Art. 20 (updates).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.concurrency import locked_for_write
from pdp_portal.filings.review import tell_agency

from . import documents
from .models import Dossier, DossierVersion, RegisterChange, VersionEnclosure
from .register import pending_changes
from .review import open_completion_request
from .service_base import (
    COMPLETE,
    FILE,
    IMMEDIATE,
    PERIODIC,
    REVIEW,
    Status,
    _check,
    _lock,
    _meet_running,
    _open,
    _user,
)

# --- submission --------------------------------------------------------------------------------


def change_summary_text(rows: list[dict], changes: list[RegisterChange]) -> str:
    """Return Form 03a "Nội dung thay đổi" in the active language: the diff, then declared changes."""
    lines = [documents.diff_summary(rows)]
    lines += [
        f"- {c.get_kind_display()} ({timezone.localtime(c.occurred_at):%d/%m/%Y}): {c.text}"
        for c in changes
    ]
    return "\n".join(line for line in lines if line)


def read_change_summaries(dossier: Dossier, versions: list[DossierVersion]) -> list:
    """Give each version its ``change_text``: its change summary in the reader's language.

    ``change_summary`` is the text filed with Form 03a, frozen in Vietnamese with the PDF made
    from it, and it stays so. A staff page or the API reads the same comparison again in the
    reader's language: the diff of the two frozen snapshots, then the changes recorded between
    the two filings (what dossier_submit found pending), each rendered from its message key.
    Two queries for all the versions, whatever their number.
    """
    wanted = [v for v in versions if v.change_summary]
    for v in versions:
        v.change_text = ""
    if not wanted:
        return versions
    numbers = {v.number for v in wanted} | {v.number - 1 for v in wanted}
    frozen = {
        number: (snapshot, submitted_at)
        for number, snapshot, submitted_at in dossier.versions.filter(
            number__in=numbers
        ).values_list("number", "snapshot", "submitted_at")
    }
    changes = list(
        RegisterChange.objects.filter(
            organization_id=dossier.organization_id,
            scope__in=[dossier.kind, RegisterChange.Scope.BOTH],
        ).order_by("occurred_at", "pk")
    )
    for v in wanted:
        (before, since), (after, until) = frozen[v.number - 1], frozen[v.number]
        declared = [c for c in changes if since < c.created_at <= until]
        v.change_text = change_summary_text(documents.diff(before, after), declared)
    return versions


def missing_text(missing: list[tuple[str, list[str]]]) -> str:
    return " ".join(f"{section}: {', '.join(items)}." for section, items in missing)


def dossier_submit(
    *,
    actor,
    dossier: Dossier,
    document_number: str = "",
    place: str = "",
    signer_name: str = "",
    change_reason: str = "",
) -> DossierVersion:
    """Freeze the dossier as a new version and send it to the agency.

    1. Lock; the TRANSITIONS table decides: a draft files (initial), a completion request is
       answered (completion), an accepted dossier is updated (Form 03a/03b).
    2. Refuse an incomplete dossier, saying what is missing section by section.
    3. Freeze the content, the PDFs and the enclosures with their SHA-256 hashes.
    4. Meet the organisation's clock (file, complete or update) and, for a dossier to assess,
       open the agency's dossier.review clock on the version (Art. 18(5), 19(5)).
    """
    change_reason = (change_reason or "").strip()
    with locked_for_write(dossier, _lock) as locked:
        _check(locked, Status.SUBMITTED)
        version_kind = {
            Status.DRAFT: DossierVersion.Kind.INITIAL,
            Status.COMPLETION_REQUESTED: DossierVersion.Kind.COMPLETION,
            Status.ACCEPTED: DossierVersion.Kind.UPDATE,
        }[locked.status]
        now = timezone.now()
        previous = locked.versions.order_by("-number").first()
        number = (previous.number if previous else 0) + 1
        doc = (document_number or "").strip() or f"{locked.reference}/TB-{number:02d}"
        place = (place or "").strip() or documents.default_place(locked.organization)
        # What is frozen and filed (the snapshot, Form 03a's list of changes) is Vietnamese,
        # whatever the language of the person submitting; refusals below follow theirs. Pages
        # and the API read the list of changes again in their reader's language
        # (read_change_summaries).
        with translation.override("vi"):
            snapshot = documents.build_snapshot(
                locked,
                at=now,
                version=number,
                version_kind=version_kind,
                document_number=doc,
                place=place,
                signer_name=(signer_name or "").strip(),
            )
        missing = documents.missing_by_section(locked, snapshot)
        if missing:
            raise ValidationError(
                _("Hồ sơ chưa đủ nội dung để nộp. %(list)s") % {"list": missing_text(missing)}
            )
        change_summary = ""
        changes = pending_changes(locked)
        if previous is not None:
            with translation.override("vi"):
                rows = documents.diff(previous.snapshot, snapshot)
                change_summary = change_summary_text(rows, changes)
            if version_kind == DossierVersion.Kind.UPDATE:
                if not rows and not changes:
                    raise ValidationError(
                        _(
                            "Không có nội dung nào thay đổi so với phiên bản đã nộp: chưa cần cập nhật."
                        )
                    )
                if not change_reason:
                    raise ValidationError(
                        {"change_reason": [_("Cần nêu lý do thay đổi (Mẫu 03a mục 2).")]}
                    )
        # A completion answers the agency's latest request (Decree 356 Art. 18(6), 19(6)).
        answers_request = open_completion_request(locked)
        notice_pdf = documents.render_notice(snapshot)
        report_pdf = documents.render_report(snapshot)
        update_pdf = None
        if version_kind == DossierVersion.Kind.UPDATE:
            update_pdf = documents.render_update(
                snapshot, change_summary=change_summary, change_reason=change_reason
            )
        version = DossierVersion.objects.create(
            dossier=locked,
            number=number,
            kind=version_kind,
            submitted_at=now,
            submitted_by=_user(actor),
            document_number=doc,
            place=place,
            signer_name=snapshot["signer_name"],
            answers_request=answers_request,
            change_summary=change_summary,
            change_reason=change_reason,
            snapshot=snapshot,
            content_sha256=documents.content_hash(snapshot),
            notice_pdf=notice_pdf,
            notice_sha256=hashlib.sha256(notice_pdf).hexdigest(),
            report_pdf=report_pdf,
            report_sha256=hashlib.sha256(report_pdf).hexdigest(),
            update_pdf=update_pdf,
            update_sha256=hashlib.sha256(update_pdf).hexdigest() if update_pdf else "",
        )
        VersionEnclosure.objects.bulk_create(
            [
                VersionEnclosure(
                    version=version,
                    category=e.category,
                    file=e.file.name,
                    original_name=e.original_name,
                    content_type=e.content_type,
                    size=e.size,
                    sha256=e.sha256,
                    description=e.description,
                )
                for e in locked.enclosures.all()
            ]
        )
        if version_kind == DossierVersion.Kind.INITIAL:
            _meet_running(locked, [FILE], now, actor)
            locked.first_submitted_at = now
        elif version_kind == DossierVersion.Kind.COMPLETION:
            _meet_running(locked, [COMPLETE], now, actor)
        else:
            _meet_running(locked, [PERIODIC, IMMEDIATE], now, actor)
        if version_kind != DossierVersion.Kind.UPDATE:
            # Decree 356 Art. 18(5), 19(5): the agency answers within the review period. Art. 20
            # sets no period for the agency on an update, so an update opens no clock.
            _open(REVIEW, locked, version, now, actor, responsible=locked.assigned_reviewer)
        locked.status = Status.SUBMITTED
        locked.last_filed_at = now
        locked.save(update_fields=["status", "first_submitted_at", "last_filed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="dossier.submit",
            message=gettext_noop("Nộp %(kind)s %(ref)s, phiên bản %(v)s (%(version_kind)s)"),
            params={
                "kind": Dossier.Kind(locked.kind).label,
                "ref": locked.reference,
                "v": number,
                "version_kind": DossierVersion.Kind(version_kind).label,
            },
            obj=locked,
            data={
                "version": number,
                "kind": version_kind,
                "content_sha256": version.content_sha256,
                "report_sha256": version.report_sha256,
                "notice_sha256": version.notice_sha256,
            },
        )
        url = reverse("dossiers_regulator:detail", args=[locked.pk])
        # The reviewer the dossier is assigned to, or else every reviewer of the agency.
        tell_agency(
            key=f"dossier.submitted:{version.pk}",
            message=gettext_noop("%(org)s nộp hồ sơ %(ref)s (phiên bản %(v)s)"),
            params={"org": locked.organization.name, "ref": locked.reference, "v": number},
            url=url,
            people=[locked.assigned_reviewer] if locked.assigned_reviewer else None,
        )
    return version
