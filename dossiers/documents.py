"""What a dossier says: its content as plain data, what is missing, the diff, and the form PDFs."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, OrderedDict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from pdp_portal.organizations.letterhead import default_place  # noqa: F401 - the dossier pages read it here
from pdp_portal.organizations.models import ProcessingRole

from .catalogue import (
    FIELDS,
    NATIONAL_SECURITY_BASIC_SUBJECTS,
    NATIONAL_SECURITY_SENSITIVE_SUBJECTS,
    PROCESSING,
    TRANSFER,
    TRANSFER_EXEMPTION_BASIS,
    TRANSFER_FORM_ITEMS,
    BasicDataType,
    EnclosureCategory,
    ProcessingService,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
    sections_for,
)
from .models import Dossier, ProcessingActivity, Recipient, Transfer

# The forms' PDFs live in pdf_forms; callers reach them here too (documents.render_report).
from .pdf_forms import (  # noqa: F401
    LETTERS,
    notice_context,
    render_notice,
    render_report,
    render_update,
    report_context,
    update_context,
)

# Form 10 A.II.1 groups: 1.1 controllers (and controller-processors), 1.2 processors, 1.3 third parties.
ROLE_GROUPS = {
    ProcessingRole.CONTROLLER: "controller",
    ProcessingRole.CONTROLLER_PROCESSOR: "controller",
    ProcessingRole.PROCESSOR: "processor",
    ProcessingRole.THIRD_PARTY: "third_party",
}


def _contact(c) -> dict:
    if c is None:
        return {}
    return {
        "kind": c.kind,
        "name": c.name,
        "position": c.position,
        "phone": c.phone,
        "email": c.email,
        "address": c.address,
        "tax_code": c.provider_tax_code,
        "contract": c.contract_reference,
        "designation": c.designation_document,
    }


def scope_activities(dossier_or_org, kind: str) -> list[ProcessingActivity]:
    """Return the register's activities a dossier of ``kind`` covers (with their relations)."""
    org = getattr(dossier_or_org, "organization", dossier_or_org)
    qs = (
        ProcessingActivity.objects.filter(organization=org, ended_on__isnull=True)
        .prefetch_related("recipients", "transfers__recipient")
        .order_by("name", "pk")
    )
    activities = list(qs)
    if kind == TRANSFER:
        activities = [a for a in activities if any(_needs_assessment(t) for t in a.transfers.all())]
    return activities


def _needs_assessment(transfer: Transfer) -> bool:
    return transfer.ended_on is None and not transfer.exemption


def subject_totals(activities) -> tuple[int, int]:
    """Return (subjects whose basic data, subjects whose sensitive data are processed).

    One category (customers, employees) usually appears in several activities: it is counted once,
    at its largest count, so that the same people are not added up twice.
    """
    basic: dict[str, int] = {}
    sensitive: dict[str, int] = {}
    for a in activities:
        for c in a.subject_categories:
            name = (c.get("name") or "").strip().lower()
            count = int(c.get("count") or 0)
            basic[name] = max(basic.get(name, 0), count)
            if a.sensitive_data_types:
                sensitive[name] = max(sensitive.get(name, 0), count)
    return sum(basic.values()), sum(sensitive.values())


def is_large_scale(basic_total: int, sensitive_total: int) -> bool:
    """Return whether item A.III.2.3 (national security) must be assessed."""
    # Form 10 / Form 09 item A.III.2.3: "trên 100.000" / "trên 10.000": strictly more than.
    return (
        basic_total > NATIONAL_SECURITY_BASIC_SUBJECTS
        or sensitive_total > NATIONAL_SECURITY_SENSITIVE_SUBJECTS
    )


def _recipient(r: Recipient) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "tax_code": r.tax_code,
        "country": r.country,
        "dpo": r.dpo_info,
        "contract": ", ".join(
            p
            for p in (
                r.contract_number,
                r.contract_date.strftime("%d/%m/%Y") if r.contract_date else "",
            )
            if p
        ),
        "service": r.service,
        "note": r.note,
        "role": r.role,
    }


def answer_defaults(dossier: Dossier) -> dict:
    """Return first drafts of the answers, pre-filled from the organisation and the register."""
    org = dossier.organization
    activities = scope_activities(dossier, dossier.kind)

    def joined(attr):
        seen, parts = set(), []
        for a in activities:
            text = (getattr(a, attr) or "").strip()
            if text and text not in seen:
                seen.add(text)
                parts.append(f"- {a.name}: {text}")
        return "\n".join(parts)

    recipients = {r.role for a in activities for r in a.recipients.all()}
    return {
        "filer_kind": "organization",
        "enterprise_type": _("Doanh nghiệp có vốn đầu tư nước ngoài")
        if org.foreign_owned
        else _("Doanh nghiệp trong nước"),
        "business_description": ", ".join(org.business_lines or []),
        "branch_count": 0,
        "data_flow": joined("data_flow"),
        "consent": joined("consent_method"),
        "retention": joined("retention"),
        "deletion": joined("deletion"),
        "shares_data": bool(recipients & {"controller", "third_party"}),
        "shares_for_fee": False,
        "data_exchange": False,
        "provides_services": bool(org.provides_processing_services),
        "services": [],
    }


def effective_answers(dossier: Dossier) -> dict:
    """Return the answers the DPO saved over the pre-filled defaults."""
    merged = answer_defaults(dossier)
    merged.update({k: v for k, v in (dossier.answers or {}).items() if k in FIELDS})
    return merged


def build_snapshot(
    dossier: Dossier,
    *,
    at: dt.datetime | None = None,
    version: int | None = None,
    version_kind: str = "",
    document_number: str = "",
    place: str = "",
    signer_name: str = "",
) -> dict:
    """Return the whole content of a dossier as plain data (what a submission freezes)."""
    org = dossier.organization
    kind = dossier.kind
    activities = scope_activities(dossier, kind)
    answers = effective_answers(dossier)
    contacts = list(org.protection_contacts.order_by("-is_primary", "pk"))
    primary = contacts[0] if contacts else None
    basic_total, sensitive_total = subject_totals(activities)
    basic_types = sorted(
        {c for a in activities for c in a.basic_data_types}, key=BasicDataType.values.index
    )
    sensitive_types = sorted(
        {c for a in activities for c in a.sensitive_data_types},
        key=SensitiveDataType.values.index,
    )
    roles: dict[str, list] = {"controller": [], "processor": [], "third_party": []}
    flows: dict[str, list] = {"controller": [], "processor": [], "third_party": []}
    recipients: dict[int, Recipient] = {}
    transfers = []
    for a in activities:
        group = ROLE_GROUPS.get(a.role, "controller")
        for c in a.subject_categories:
            roles[group].append({"name": c.get("name", ""), "count": int(c.get("count") or 0)})
        flows[group].append(
            {
                "id": a.pk,
                "name": a.name,
                "purpose": a.purpose,
                "subjects": a.subjects_text(),
                "basic": a.basic_labels(),
                "sensitive": a.sensitive_labels(),
                "flow": a.data_flow,
                "consent": a.consent_method,
                "retention": a.retention,
                "deletion": a.deletion,
                "started_on": a.started_on.isoformat() if a.started_on else "",
            }
        )
        for r in a.recipients.all():
            recipients[r.pk] = r
        for t in a.transfers.all():
            if kind == TRANSFER and not _needs_assessment(t):
                continue
            if t.ended_on is not None:
                continue
            if t.recipient_id:
                recipients[t.recipient_id] = t.recipient
            transfers.append(
                {
                    "id": t.pk,
                    "activity": a.name,
                    "kind": t.kind,
                    "item": TRANSFER_FORM_ITEMS[t.kind],
                    "kind_label": str(TransferKind(t.kind).label),
                    "recipient": t.recipient.name if t.recipient_id else "",
                    "recipient_id": t.recipient_id,
                    "country": t.country,
                    "data": t.data_description,
                    "first_transfer_on": t.first_transfer_on.isoformat()
                    if t.first_transfer_on
                    else "",
                    "exemption": t.exemption,
                    "subjects": [
                        {"name": c.get("name", ""), "count": int(c.get("count") or 0)}
                        for c in a.subject_categories
                    ],
                    "sensitive": bool(a.sensitive_data_types),
                }
            )
    parties: dict[str, list] = {}
    ordered = sorted(recipients.values(), key=lambda r: (r.name.lower(), r.pk))
    if kind == PROCESSING:
        for key in ("controller", "processor", "third_party"):
            parties[key] = [_recipient(r) for r in ordered if r.role == key]
    else:
        abroad_ids = {t["recipient_id"] for t in transfers}
        parties["on_behalf"] = [_recipient(r) for r in ordered if r.role == "on_behalf"]
        parties["recipients_abroad"] = [
            _recipient(r) for r in ordered if r.role != "on_behalf" and r.pk in abroad_ids
        ]
        parties["others"] = [
            _recipient(r) for r in ordered if r.role != "on_behalf" and r.pk not in abroad_ids
        ]
    local = timezone.localtime(at) if at else None
    return {
        "kind": kind,
        "reference": dossier.reference,
        # Frozen in Vietnamese like the PDFs; message keys, read in English by pdf_forms.
        "report_form": gettext_noop("Mẫu số 10")
        if kind == PROCESSING
        else gettext_noop("Mẫu số 09"),
        "notice_form": _notice_form(kind, answers.get("filer_kind")),
        "version": version,
        "version_kind": version_kind,
        "document_number": document_number,
        "place": place,
        "date": local.date().isoformat() if local else "",
        "signer_name": signer_name,
        "filer_kind": answers.get("filer_kind") or "organization",
        "organization": {
            "name": org.name,
            "name_foreign": org.name_foreign,
            "abbreviation": org.abbreviation,
            "tax_code": org.tax_code,
            "registration_document": org.registration_document,
            "head_office": org.head_office,
            "phone": org.phone,
            "email": org.email,
            "website": org.website,
            "business_lines": list(org.business_lines or []),
        },
        "dpo": _contact(primary),
        "providers_org": [
            _contact(c) for c in contacts if c.kind == "provider" and c.provider_tax_code
        ],
        "providers_individual": [
            _contact(c) for c in contacts if c.kind == "provider" and not c.provider_tax_code
        ],
        "internal": [_contact(c) for c in contacts if c.kind in ("unit", "staff")],
        "answers": answers,
        "roles": roles,
        "flows": flows,
        "basic_types": basic_types,
        "sensitive_types": sensitive_types,
        "subjects_basic": basic_total,
        "subjects_sensitive": sensitive_total,
        "large_scale": is_large_scale(basic_total, sensitive_total),
        "cross_border": any(_needs_assessment(t) for a in activities for t in a.transfers.all()),
        "transfers": transfers,
        "parties": parties,
        "enclosures": [
            {
                "category": e.category,
                "category_label": str(EnclosureCategory(e.category).label),
                "name": e.description or e.original_name,
                "file": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
            }
            for e in dossier.enclosures.all()
        ],
    }


def _notice_form(kind: str, filer_kind: str | None) -> str:
    individual = filer_kind == "individual"
    if kind == PROCESSING:
        return gettext_noop("Mẫu số 02b") if individual else gettext_noop("Mẫu số 02a")
    return gettext_noop("Mẫu số 01b") if individual else gettext_noop("Mẫu số 01a")


def content_hash(snapshot: dict) -> str:
    """Return the SHA-256 of the canonical JSON of a snapshot."""
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()


# --- what is missing ---------------------------------------------------------------------------


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return False


def missing_by_section(
    dossier: Dossier, snapshot: dict | None = None
) -> list[tuple[str, list[str]]]:
    """Return [(section title, [missing items])] for every section that is not complete yet."""
    s = snapshot or build_snapshot(dossier)
    answers = s["answers"]
    result: list[tuple[str, list[str]]] = []
    org_missing = []
    o = s["organization"]
    individual = s["filer_kind"] == "individual"
    for key, label in (
        ("name", _("tên")),
        ("tax_code", _("mã số thuế")),
        ("head_office", _("địa chỉ trụ sở chính")),
        ("phone", _("điện thoại")),
        ("email", _("thư điện tử")),
    ):
        if _blank(o.get(key)):
            org_missing.append(str(label))
    if not individual and _blank(o.get("registration_document")):
        org_missing.append(str(_("quyết định thành lập / giấy chứng nhận đăng ký")))
    if not s["dpo"]:
        org_missing.append(str(_("bộ phận, nhân sự bảo vệ dữ liệu cá nhân (Phần A.I.8)")))
    if org_missing:
        result.append((str(_("Thông tin tổ chức (Phần A.I)")), org_missing))
    register_missing = []
    flows = [f for group in s["flows"].values() for f in group]
    if not flows:
        register_missing.append(
            str(_("chưa có hoạt động xử lý nào trong sổ đăng ký"))
            if s["kind"] == PROCESSING
            else str(_("chưa có hoạt động chuyển dữ liệu xuyên biên giới nào cần đánh giá"))
        )
    for f in flows:
        if not f["subjects"]:
            register_missing.append(
                _("hoạt động “%(name)s”: đối tượng chủ thể và số lượng") % {"name": f["name"]}
            )
        if not f["basic"] and not f["sensitive"]:
            register_missing.append(
                _("hoạt động “%(name)s”: loại dữ liệu cá nhân") % {"name": f["name"]}
            )
    for t in s["transfers"]:
        if not t["recipient"]:
            register_missing.append(
                _("chuyển dữ liệu của “%(name)s”: bên nhận") % {"name": t["activity"]}
            )
    if register_missing:
        result.append((str(_("Sổ đăng ký hoạt động xử lý (Phần A.II)")), register_missing))
    for section in sections_for(s["kind"]):
        items = []
        for f in section.fields:
            if not f.required:
                continue
            if f.large_scale_only and not s["large_scale"]:
                continue
            if individual and f.key in ("enterprise_type", "legal_representative", "branch_count"):
                continue
            value = answers.get(f.key)
            if f.kind == "yesno":
                if value is None:
                    items.append(str(f.label))
            elif f.kind == "number":
                if value in (None, ""):
                    items.append(str(f.label))
            elif _blank(value):
                items.append(str(f.label))
        if individual and section.code == "filer" and _blank(answers.get("individual_id")):
            items.append(str(FIELDS["individual_id"].label))
        if answers.get("provides_services") and section.code == "processing":
            if not answers.get("services"):
                items.append(str(FIELDS["services"].label))
        if items:
            result.append((str(section.title), items))
    categories = {e["category"] for e in s["enclosures"]}
    enclosure_missing = []
    needs_contract = s["kind"] == TRANSFER or any(s["parties"].get(k) for k in s["parties"])
    if needs_contract and EnclosureCategory.CONTRACT not in categories:
        enclosure_missing.append(str(EnclosureCategory.CONTRACT.label))
    if EnclosureCategory.POLICY not in categories:
        enclosure_missing.append(str(EnclosureCategory.POLICY.label))
    if enclosure_missing:
        basis = (
            _("Nghị định 356/2025 Điều 18 khoản 2")
            if s["kind"] == TRANSFER
            else _("Nghị định 356/2025 Điều 19 khoản 2")
        )
        result.append(
            (str(_("Tài liệu kèm theo (%(basis)s)") % {"basis": basis}), enclosure_missing)
        )
    return result


# --- comparing two versions --------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if value is None:
        return ""
    return str(value)


# Marked for translation here, translated where a page shows them (the comparison of versions).
ORG_LABELS = {
    "name": gettext_noop("Tên tổ chức (tiếng Việt)"),
    "name_foreign": gettext_noop("Tên tổ chức (nước ngoài)"),
    "abbreviation": gettext_noop("Tên viết tắt"),
    "tax_code": gettext_noop("Mã số thuế"),
    "registration_document": gettext_noop("Quyết định thành lập / Giấy chứng nhận đăng ký"),
    "head_office": gettext_noop("Địa chỉ trụ sở chính"),
    "phone": gettext_noop("Điện thoại"),
    "email": gettext_noop("Email"),
    "website": gettext_noop("Website"),
    "business_lines": gettext_noop("Ngành, nghề kinh doanh (mã ngành)"),
}
DPO_LABELS = {
    "name": gettext_noop("Họ và tên"),
    "position": gettext_noop("Chức vụ"),
    "phone": gettext_noop("Số điện thoại"),
    "email": gettext_noop("Email"),
    "tax_code": gettext_noop("Mã số thuế bên cung cấp dịch vụ"),
    "contract": gettext_noop("Hợp đồng dịch vụ"),
}
FLOW_LABELS = {
    "purpose": gettext_noop("Mục đích"),
    "subjects": gettext_noop("Đối tượng chủ thể, số lượng"),
    "basic": gettext_noop("Dữ liệu cá nhân cơ bản"),
    "sensitive": gettext_noop("Dữ liệu cá nhân nhạy cảm"),
    "flow": gettext_noop("Luồng dữ liệu"),
    "consent": gettext_noop("Sự đồng ý"),
    "retention": gettext_noop("Lưu trữ"),
    "deletion": gettext_noop("Xóa, hủy"),
}
PARTY_LABELS = {
    "tax_code": gettext_noop("Mã số thuế"),
    "country": gettext_noop("Quốc gia"),
    "dpo": gettext_noop("Bộ phận/Nhân sự bảo vệ dữ liệu"),
    "contract": gettext_noop("Hợp đồng/Thỏa thuận"),
    "service": gettext_noop("Dịch vụ hợp tác"),
    "note": gettext_noop("Ghi chú"),
}


def flatten(snapshot: dict) -> OrderedDict:
    """Return {(section, label): text} for every field of a snapshot that a comparison shows.

    Everything is in the active language. A filed snapshot is frozen in Vietnamese: the labels it
    holds (data types, the form of a transfer) are the catalogue's message keys, read again here.
    """
    rows: OrderedDict = OrderedDict()
    org_section = _("Thông tin bên nộp hồ sơ")
    for key, label in ORG_LABELS.items():
        rows[(org_section, _(label))] = _text(snapshot["organization"].get(key))
    for key, label in DPO_LABELS.items():
        rows[(org_section, _("Nhân sự bảo vệ dữ liệu") + " › " + _(label))] = _text(
            snapshot["dpo"].get(key)
        )
    kind = snapshot["kind"]
    labels = Counter(str(f.label) for f in FIELDS.values() if kind in f.kinds)
    for f in FIELDS.values():
        if kind in f.kinds:
            section = _("Nội dung đánh giá")
            label = str(f.label)
            if labels[label] > 1:
                # The three assessment parts of A.III ask the same questions: tell them apart
                # by their item number, or the comparison would keep only the last.
                label = f"{f.numbers.get(kind, f.key)} {label}"
            value = snapshot["answers"].get(f.key)
            if f.kind == "services":
                value = [
                    str(ProcessingService(v).label)
                    for v in value or []
                    if v in ProcessingService.values
                ]
            rows[(section, label)] = _text(value)
    for group in snapshot["flows"].values():
        for flow in group:
            section = _("Hoạt động xử lý “%(name)s”") % {"name": flow["name"]}
            for key, label in FLOW_LABELS.items():
                value = flow.get(key)
                if key in ("basic", "sensitive"):
                    value = [_(item) for item in value or []]
                rows[(section, _(label))] = _text(value)
    for parties in snapshot["parties"].values():
        for p in parties:
            section = _("Bên liên quan “%(name)s”") % {"name": p["name"]}
            for k, label in PARTY_LABELS.items():
                rows[(section, _(label))] = _text(p.get(k))
    for t in snapshot["transfers"]:
        section = _("Chuyển dữ liệu “%(activity)s” → %(country)s") % {
            "activity": t["activity"],
            "country": t["country"],
        }
        rows[(section, _("Hình thức"))] = _(t["kind_label"])
        rows[(section, _("Bên nhận"))] = t["recipient"]
        rows[(section, _("Dữ liệu được chuyển"))] = t["data"]
    for e in snapshot["enclosures"]:
        rows[(_("Tài liệu kèm theo"), e["name"])] = f"{e['file']} · SHA-256 {e['sha256'][:16]}…"
    return rows


def diff(old: dict, new: dict) -> list[dict]:
    """Return the fields that differ between two snapshots: section, label, before, after."""
    a, b = flatten(old), flatten(new)
    keys = list(a.keys()) + [k for k in b.keys() if k not in a]
    result = []
    for key in keys:
        before, after = a.get(key), b.get(key)
        if (before or "") == (after or ""):
            continue
        change = "changed"
        if key not in a or not before:
            change = "added"
        elif key not in b or not after:
            change = "removed"
        result.append(
            {
                "section": key[0],
                "label": key[1],
                "before": before or "",
                "after": after or "",
                "change": change,
            }
        )
    return result


def diff_summary(rows: list[dict], limit: int = 40) -> str:
    """Return Form 03a "Nội dung thay đổi": one line per changed field, grouped by section."""
    lines = []
    for row in rows[:limit]:
        if row["change"] == "added":
            what = _("bổ sung: %(after)s") % {"after": row["after"][:200]}
        elif row["change"] == "removed":
            what = _("bỏ: %(before)s") % {"before": row["before"][:200]}
        else:
            what = _("“%(before)s” → “%(after)s”") % {
                "before": row["before"][:120],
                "after": row["after"][:120],
            }
        lines.append(f"- {row['section']} › {row['label']}: {what}")
    if len(rows) > limit:
        lines.append(
            ngettext(
                "- và %(n)s thay đổi khác (xem bảng so sánh phiên bản).",
                "- và %(n)s thay đổi khác (xem bảng so sánh phiên bản).",
                len(rows) - limit,
            )
            % {"n": len(rows) - limit}
        )
    return "\n".join(lines)


def exemption_label(code: str) -> str:
    """The exemption's plain-words label with the point of the Law or Decree that grants it."""
    if not code:
        return ""
    return f"{TransferExemption(code).label} ({TRANSFER_EXEMPTION_BASIS[code]})"
