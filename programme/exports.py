"""The AI register in structured form (JSON, XLSX), ready for the national database of AI systems
the Law on AI sets up; field names are stable codes, values are codes plus their labels."""

from __future__ import annotations

from openpyxl import Workbook

from pdp_portal import hooks
from pdp_portal.downloads import workbook_bytes

from .models import AISystem

COLUMNS = [
    "id",
    "name",
    "purpose",
    "activities",
    "sensitive_data_types",
    "basic_data_types",
    "identifies_people",
    "explanation_vi",
    "explanation_en",
    "supervision",
    "risk_class",
    "high_risk",
    "high_risk_category",
    "assessed_on",
    "active",
]


def _systems(organization):
    return (
        AISystem.objects.filter(organization=organization)
        .select_related("high_risk_entry")
        .prefetch_related("activities")
    )


def _record(system: AISystem) -> dict:
    activities = list(system.activities.all())
    sensitive = sorted({c for a in activities for c in a.sensitive_data_types or []})
    basic = sorted({c for a in activities for c in a.basic_data_types or []})
    return {
        "id": str(system.public_id),
        "name": system.name,
        "purpose": system.purpose,
        "activities": [a.name for a in activities],
        "sensitive_data_types": sensitive,
        "basic_data_types": basic,
        "identifies_people": system.identifies_people,
        "explanation_vi": system.explanation_vi,
        "explanation_en": system.explanation_en,
        "supervision": system.supervision,
        "risk_class": system.risk_class,
        "high_risk": system.high_risk,
        "high_risk_category": system.high_risk_entry.name if system.high_risk_entry_id else "",
        "assessed_on": system.assessed_on.isoformat() if system.assessed_on else None,
        "active": system.active,
    }


def ai_register_data(organization) -> dict:
    """Return the register as one JSON-ready document (Decree 356 Art. 10; Law 91/2025 Art. 30)."""
    return {
        "organization": {"name": organization.name, "tax_code": organization.tax_code},
        "basis": "Nghị định 356/2025 Điều 10; Luật 91/2025 Điều 30",
        "systems": [_record(s) for s in _systems(organization)],
    }


def ai_register_xlsx(organization) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "AI systems"
    ws.append(COLUMNS)
    for system in _systems(organization):
        record = _record(system)
        ws.append(
            ["; ".join(record[c]) if isinstance(record[c], list) else record[c] for c in COLUMNS]
        )
    codes = wb.create_sheet("Codes")
    codes.append(["code", "label"])
    for code in sorted(
        {
            c
            for s in _systems(organization)
            for a in s.activities.all()
            for c in a.sensitive_data_types or []
        }
    ):
        codes.append([code, hooks.call("register.data_label", code=code) or code])
    return workbook_bytes(wb)
