"""What the agency checks in a dossier (Decree 356/2025 Art. 22, 25).

Staff findings against Art. 13(2) (at least three qualified staff, Art. 22(2)(c)), the enclosure
checklist of Form 04 (Art. 25(1)), the conditions checklist of Art. 22 and the missing items that
stop a submission.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from pdp_portal.organizations.qualifications import qualification_findings

from .models import (
    MIN_QUALIFIED_STAFF,
    SCHEME_POINTS,
    Application,
    Enclosure,
    QualifiedStaff,
)

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
