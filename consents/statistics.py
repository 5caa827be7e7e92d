"""Counts of decisions by notice version and purpose, and by month (pages and API alike)."""

from django.db.models import Count
from django.db.models.functions import TruncMonth

from .models import ConsentDecision, Decision


def by_purpose(organization) -> list[dict]:
    """Return one row per (notice version, purpose): version, code, label, counts per decision.

    One query, whatever the number of records.
    """
    table: dict[tuple, dict] = {}
    for row in (
        ConsentDecision.objects.filter(record__organization=organization)
        .values(
            "purpose__notice__version",
            "purpose__code",
            "purpose__label_vi",
            "purpose__label_en",
            "decision",
        )
        .annotate(n=Count("id"))
        .order_by("-purpose__notice__version", "purpose__position", "decision")
    ):
        key = (row["purpose__notice__version"], row["purpose__code"])
        entry = table.setdefault(
            key,
            {
                "version": key[0],
                "code": key[1],
                "label": row["purpose__label_vi"],
                "label_en": row["purpose__label_en"],
                "counts": dict.fromkeys(Decision.values, 0),
            },
        )
        entry["counts"][row["decision"]] = row["n"]
    return list(table.values())


def by_month(organization) -> dict:
    """Return {first day of the month: {decision: count}} in month order (one query)."""
    months: dict = {}
    for row in (
        ConsentDecision.objects.filter(record__organization=organization)
        .annotate(month=TruncMonth("record__collected_at"))
        .values("month", "decision")
        .annotate(n=Count("id"))
        .order_by("month")
    ):
        months.setdefault(row["month"], {})[row["decision"]] = row["n"]
    return dict(sorted(months.items()))
