"""The register as an XLSX workbook: export, and import all-or-nothing through the services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from pdp_portal.downloads import workbook_bytes
from pdp_portal.organizations.models import ProcessingRole
from pdp_portal.uploads import check_upload

from . import domestic, services
from .catalogue import (
    BASIC_CLAUSES,
    SENSITIVE_POINTS,
    TRANSFER_EXEMPTION_BASIS,
    BasicDataType,
    SensitiveDataType,
    TransferExemption,
    TransferKind,
)
from .forms import parse_subjects, subjects_text
from .models import DomesticTransfer, ProcessingActivity, Recipient, Transfer

# Portal policy: one workbook is read in one request.
MAX_ROWS = 5000

RECIPIENT_COLUMNS = [
    "name",
    "role",
    "tax_code",
    "country",
    "dpo_info",
    "contract_number",
    "contract_date",
    "service",
    "note",
]
ACTIVITY_COLUMNS = [
    "name",
    "purpose",
    "role",
    "subjects",
    "basic_data_types",
    "sensitive_data_types",
    "data_flow",
    "consent_method",
    "retention",
    "deletion",
    "recipients",
    "started_on",
    "ended_on",
]
# The columns of both kinds of transfer are the services' fields, activity and recipient by name.
TRANSFER_COLUMNS = list(services.TRANSFER_FIELDS)
DOMESTIC_COLUMNS = list(domestic.DOMESTIC_FIELDS)
DOMESTIC_SHEET = "Chuyen giao trong nuoc"
SHEETS = {
    "Ben lien quan": RECIPIENT_COLUMNS,
    "Hoat dong": ACTIVITY_COLUMNS,
    "Chuyen ra nuoc ngoai": TRANSFER_COLUMNS,
    DOMESTIC_SHEET: DOMESTIC_COLUMNS,
}


def _cell(value):
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, dt.date):
        return value
    return value if value is not None else ""


def export_register(organization) -> bytes:
    """Return the register of ``organization`` as XLSX bytes (codes, with a sheet that explains them)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Ben lien quan"
    ws.append(RECIPIENT_COLUMNS)
    for r in Recipient.objects.filter(organization=organization):
        ws.append([_cell(getattr(r, c)) for c in RECIPIENT_COLUMNS])
    ws = wb.create_sheet("Hoat dong")
    ws.append(ACTIVITY_COLUMNS)
    for a in ProcessingActivity.objects.filter(organization=organization).prefetch_related(
        "recipients"
    ):
        row = []
        for c in ACTIVITY_COLUMNS:
            if c == "subjects":
                row.append(subjects_text(a.subject_categories).replace("\n", "; "))
            elif c == "recipients":
                row.append("; ".join(r.name for r in a.recipients.all()))
            else:
                row.append(_cell(getattr(a, c)))
        ws.append(row)
    ws = wb.create_sheet("Chuyen ra nuoc ngoai")
    ws.append(TRANSFER_COLUMNS)
    for t in Transfer.objects.filter(organization=organization).select_related(
        "activity", "recipient"
    ):
        ws.append(
            [
                t.activity.name,
                t.kind,
                t.recipient.name if t.recipient_id else "",
                t.country,
                t.data_description,
                t.first_transfer_on or "",
                t.exemption,
                t.ended_on or "",
            ]
        )
    # Decree 356 Art. 7: transfers inside Vietnam, beside (never among) the transfers abroad.
    ws = wb.create_sheet(DOMESTIC_SHEET)
    ws.append(DOMESTIC_COLUMNS)
    for t in DomesticTransfer.objects.filter(organization=organization).select_related(
        "activity", "recipient"
    ):
        ws.append(
            [
                t.activity.name,
                t.recipient.name,
                *[_cell(getattr(t, c)) for c in DOMESTIC_COLUMNS[2:]],
            ]
        )
    ws = wb.create_sheet("Danh muc")
    ws.append(["code", "label", "basis"])
    for code, label in ProcessingRole.choices:
        ws.append([code, str(label), _("Luật 91/2025 Điều 2")])
    for code, label in Recipient.Role.choices:
        ws.append([code, str(label), _("Mẫu 10/09 Phần B")])
    for code, label in BasicDataType.choices:
        ws.append(
            [
                code,
                str(label),
                _("Nghị định 356/2025 Điều 3 khoản %(n)s") % {"n": BASIC_CLAUSES[code]},
            ]
        )
    for code, label in SensitiveDataType.choices:
        ws.append(
            [
                code,
                str(label),
                _("Nghị định 356/2025 Điều 4 khoản 1 điểm %(point)s")
                % {"point": SENSITIVE_POINTS[code]},
            ]
        )
    for code, label in TransferKind.choices:
        ws.append([code, str(label), _("Nghị định 356/2025 Điều 17 khoản 1")])
    for code, label in DomesticTransfer.Basis.choices:
        ws.append([code, str(label), _("Luật 91/2025 Điều 17 khoản 1")])
    for code, label in TransferExemption.choices:
        if code:
            ws.append([code, str(label), str(TRANSFER_EXEMPTION_BASIS[code])])
    return workbook_bytes(wb)


def _codes(value) -> list[str]:
    return [p.strip() for p in str(value or "").replace(";", ",").split(",") if p.strip()]


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if "/" in text:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text[:10])


def _rows(wb, title, columns, errors):
    if title not in wb.sheetnames:
        return []
    ws = wb[title]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h or "").strip() for h in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        errors.append(_("Trang “%(s)s”: thiếu cột %(c)s.") % {"s": title, "c": ", ".join(missing)})
        return []
    if len(rows) - 1 > MAX_ROWS:
        errors.append(_("Trang “%(s)s”: quá %(n)s dòng.") % {"s": title, "n": MAX_ROWS})
        return []
    result = []
    for number, values in enumerate(rows[1:], start=2):
        record = dict(zip(header, values, strict=False))
        if not any(v not in (None, "") for v in record.values()):
            continue
        result.append((number, {c: record.get(c) for c in columns}))
    return result


def import_register(*, actor, organization, upload) -> dict:
    """Add or update the register from a workbook of export_register's shape; any bad row keeps nothing.

    Rows are matched by name (recipients, activities) and by (activity, country, kind) for transfers.
    Every write goes through the register services, so the clocks and change records follow.
    """
    ext, _mime = check_upload(upload)
    if ext != "xlsx":
        raise ValidationError(_("Tệp phải là bảng tính XLSX."))
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's error
        raise ValidationError(_("Không đọc được tệp XLSX.")) from exc
    errors: list[str] = []
    sheet_rows = {title: _rows(wb, title, columns, errors) for title, columns in SHEETS.items()}
    if errors:
        raise ValidationError(errors)
    counts = {"a": 0, "r": 0, "t": 0}
    bad_date = _("ngày không hợp lệ")
    try:
        with transaction.atomic():
            rows = _RowImport(actor, organization)
            # In this order: an activity names its recipients, a transfer its activity.
            sheets = (
                ("Ben lien quan", rows.recipient, "r", bad_date),
                (
                    "Hoat dong",
                    rows.activity,
                    "a",
                    _("ngày hoặc đối tượng (tên: số lượng) không hợp lệ"),
                ),
                ("Chuyen ra nuoc ngoai", rows.transfer, "t", bad_date),
                (DOMESTIC_SHEET, rows.domestic, "t", bad_date),
            )
            for sheet, import_row, counted, bad_value in sheets:
                for number, row in sheet_rows[sheet]:
                    try:
                        import_row(row)
                    except ValueError:
                        message = bad_value
                    except ValidationError as exc:
                        message = "; ".join(exc.messages)
                    else:
                        counts[counted] += 1
                        continue
                    errors.append(
                        _("Trang “%(s)s” dòng %(n)s: %(m)s")
                        % {"s": sheet, "n": number, "m": message}
                    )
            if errors:
                raise ValidationError(errors)
    finally:
        wb.close()
    return counts


class _RowImport:
    """Add or update one row of each sheet through the services, matching rows by name.

    Each method raises ValueError for a value it cannot read (a date, a subject count) and
    ValidationError for what the services refuse.
    """

    def __init__(self, actor, organization):
        self.actor = actor
        self.organization = organization
        self.by_name = {r.name: r for r in Recipient.objects.filter(organization=organization)}
        self.by_activity = {
            a.name: a for a in ProcessingActivity.objects.filter(organization=organization)
        }

    def _recipient_named(self, name) -> Recipient:
        if name not in self.by_name:
            raise ValidationError(_("không có bên liên quan “%(n)s”") % {"n": name})
        return self.by_name[name]

    def _activity_named(self, name) -> ProcessingActivity:
        activity = self.by_activity.get(str(name or "").strip())
        if activity is None:
            raise ValidationError(_("không có hoạt động “%(n)s”") % {"n": name})
        return activity

    def recipient(self, row) -> None:
        fields = {c: (row[c] if row[c] is not None else "") for c in RECIPIENT_COLUMNS}
        fields = {k: str(v).strip() if not isinstance(v, dt.date) else v for k, v in fields.items()}
        fields["contract_date"] = _date(row["contract_date"])
        self.by_name[fields["name"]] = services.recipient_save(
            actor=self.actor,
            organization=self.organization,
            recipient=self.by_name.get(fields["name"]),
            **fields,
        )

    def activity(self, row) -> None:
        linked = [
            self._recipient_named(name)
            for name in [p.strip() for p in str(row["recipients"] or "").split(";") if p.strip()]
        ]
        fields = {
            "name": str(row["name"] or "").strip(),
            "purpose": str(row["purpose"] or "").strip(),
            "role": str(row["role"] or "").strip(),
            "subject_categories": parse_subjects(str(row["subjects"] or "").replace(";", "\n")),
            "basic_data_types": _codes(row["basic_data_types"]),
            "sensitive_data_types": _codes(row["sensitive_data_types"]),
            "data_flow": str(row["data_flow"] or ""),
            "consent_method": str(row["consent_method"] or ""),
            "retention": str(row["retention"] or ""),
            "deletion": str(row["deletion"] or ""),
            "started_on": _date(row["started_on"]),
            "ended_on": _date(row["ended_on"]),
        }
        self.by_activity[fields["name"]] = services.activity_save(
            actor=self.actor,
            organization=self.organization,
            activity=self.by_activity.get(fields["name"]),
            recipients=linked,
            **fields,
        )

    def transfer(self, row) -> None:
        """Add or update one transfer abroad, matched by (activity, country, kind)."""
        activity = self._activity_named(row["activity"])
        recipient_name = str(row["recipient"] or "").strip()
        recipient = self._recipient_named(recipient_name) if recipient_name else None
        fields = {
            "activity": activity,
            "kind": str(row["kind"] or "").strip(),
            "recipient": recipient,
            "country": str(row["country"] or "").strip(),
            "data_description": str(row["data_description"] or ""),
            "first_transfer_on": _date(row["first_transfer_on"]),
            "exemption": str(row["exemption"] or "").strip(),
            "ended_on": _date(row["ended_on"]),
        }
        existing = Transfer.objects.filter(
            organization=self.organization,
            activity=activity,
            country=fields["country"],
            kind=fields["kind"],
        ).first()
        services.transfer_save(
            actor=self.actor, organization=self.organization, transfer=existing, **fields
        )

    def domestic(self, row) -> None:
        """Add or update one transfer inside Vietnam, matched by (activity, recipient)."""
        activity = self._activity_named(row["activity"])
        recipient = self.by_name.get(str(row["recipient"] or "").strip())
        if recipient is None:
            raise ValidationError(_("không có bên liên quan “%(n)s”") % {"n": row["recipient"]})
        existing = DomesticTransfer.objects.filter(
            organization=self.organization, activity=activity, recipient=recipient
        ).first()
        domestic.domestic_transfer_save(
            actor=self.actor,
            organization=self.organization,
            transfer=existing,
            activity=activity,
            recipient=recipient,
            purpose=str(row["purpose"] or "").strip(),
            basic_data_types=_codes(row["basic_data_types"]),
            sensitive_data_types=_codes(row["sensitive_data_types"]),
            legal_basis=str(row["legal_basis"] or "").strip(),
            transferred_on=_date(row["transferred_on"]),
            agreement=str(row["agreement"] or "").strip(),
            ended_on=_date(row["ended_on"]),
        )
