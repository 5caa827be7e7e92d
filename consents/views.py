"""The DPO's pages: notices (flagged when the register moved), a subject's history per purpose,
the evidence export for a dispute, statistics by notice version and purpose."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.shortcuts import render
from django.utils.translation import gettext as _

from pdp_portal.downloads import document_response, pdf_response
from pdp_portal.organizations.permissions import get_organization_for_user, visible_organizations

from . import documents, keys, services
from .models import ConsentDecision, Decision, IdentifierKind, Notice, Purpose
from .permissions import get_record_for_user


def _notices(organizations):
    return (
        Notice.objects.filter(organization__in=organizations)
        .select_related("organization")
        .prefetch_related(Prefetch("purposes", queryset=Purpose.objects.select_related("activity")))
        .order_by("organization__name", "-version")
    )


@login_required
def index(request):
    """Every notice of the user's organisations, those the register no longer matches flagged."""
    organizations = visible_organizations(request.user)
    notices = list(_notices(organizations))
    flagged = services.notice_mismatches([n for n in notices if n.is_published])
    for notice in notices:
        notice.flags = flagged.get(notice.pk, [])
    return render(
        request,
        "consents/index.html",
        {
            "notices": notices,
            "organizations": organizations.order_by("name"),
            "kinds": IdentifierKind.choices,
        },
    )


@login_required
def subject(request, org_pk):
    """A subject's history per purpose: the DPO types the identifier, the portal computes the key."""
    organization = get_organization_for_user(request.user, org_pk)
    kind = request.GET.get("kind", IdentifierKind.EMAIL)
    identifier = request.GET.get("identifier", "").strip()
    error, purposes, current = "", {}, {}
    if identifier:
        try:
            key = keys.subject_key(organization, kind, identifier)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            decisions = list(services.subject_decisions(organization, key))
            for d in decisions:
                purposes.setdefault(d.purpose.code, []).append(d)
            current = services.current_state(decisions)
    rows = [
        {"code": code, "current": current[code], "history": history}
        for code, history in purposes.items()
    ]
    return render(
        request,
        "consents/subject.html",
        {
            "organization": organization,
            "kind": kind,
            "identifier": identifier,
            "kinds": IdentifierKind.choices,
            "error": error,
            "rows": rows,
            "GIVEN": Decision.GIVEN,
        },
    )


def _evidence(request, uid):
    record = get_record_for_user(request.user, uid)
    history = services.subject_decisions(record.organization, record.subject_key)
    return record, documents.evidence(record, history)


@login_required
def evidence_json(request, uid):
    """The evidence of one record as JSON (notice as shown, record, receipt, audit proofs)."""
    record, exported = _evidence(request, uid)
    services.record_view(actor=request.user, record=record, what="export")
    return document_response(
        json.dumps(exported, ensure_ascii=False, indent=2),
        filename=f"consent-evidence-{record.uid}.json",
        content_type="application/json",
    )


@login_required
def evidence_pdf(request, uid):
    record, exported = _evidence(request, uid)
    services.record_view(actor=request.user, record=record, what="export")
    return pdf_response(
        documents.evidence_pdf(record, exported), f"chung-cu-dong-y-{str(record.uid)[:8]}.pdf"
    )


@login_required
def statistics(request, org_pk):
    """Decisions by notice version and purpose, and by month (given / refused / withdrawn)."""
    organization = get_organization_for_user(request.user, org_pk)
    decisions = ConsentDecision.objects.filter(record__organization=organization)
    by_purpose = (
        decisions.values(
            "purpose__notice__version", "purpose__code", "purpose__label_vi", "decision"
        )
        .annotate(n=Count("id"))
        .order_by("-purpose__notice__version", "purpose__position", "decision")
    )
    table: dict[tuple, dict] = {}
    for row in by_purpose:
        key = (row["purpose__notice__version"], row["purpose__code"])
        entry = table.setdefault(
            key,
            {"version": key[0], "code": key[1], "label": row["purpose__label_vi"], "counts": {}},
        )
        entry["counts"][row["decision"]] = row["n"]
    rows = list(table.values())
    for r in rows:
        r["cells"] = [(d, r["counts"].get(d, 0)) for d in Decision.values]
    peak = max([n for r in rows for n in r["counts"].values()] or [1])
    months: dict = {}
    for row in (
        decisions.annotate(month=TruncMonth("record__collected_at"))
        .values("month", "decision")
        .annotate(n=Count("id"))
        .order_by("month")
    ):
        months.setdefault(row["month"], {})[row["decision"]] = row["n"]
    month_peak = max([n for m in months.values() for n in m.values()] or [1])
    return render(
        request,
        "consents/stats.html",
        {
            "organization": organization,
            "rows": rows,
            "peak": peak,
            "months": [
                (month, [(d, counts.get(d, 0)) for d in Decision.values])
                for month, counts in sorted(months.items())
            ],
            "month_peak": month_peak,
            "decisions": [(d, Decision(d).label) for d in Decision.values],
            "title": _("Thống kê sự đồng ý"),
        },
    )
