"""The DPO's pages: notices (flagged when the register moved), a subject's history per purpose,
the evidence export for a dispute, statistics by notice version and purpose."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.downloads import document_response, pdf_response
from pdp_portal.organizations.permissions import (
    CHANGE,
    MANAGE,
    get_organization_for_user,
    visible_organizations,
)
from pdp_portal.pagination import paginate
from pdp_portal.views import run_for_page

from . import documents, keys, services
from . import statistics as statistics_
from .forms import NoticeForm, PropertyKeyForm, PurposeFormSet, StaffRecordForm
from .models import Decision, IdentifierKind, Notice, PropertyKey, Purpose
from .permissions import get_notice_for_user, get_record_for_user

HISTORY_SHOWN = 100  # presentation, not statutory


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
    page, query = paginate(request, _notices(organizations))
    notices = list(page.object_list)
    flagged = services.notice_mismatches([n for n in notices if n.is_published])
    for notice in notices:
        notice.flags = flagged.get(notice.pk, [])
    return render(
        request,
        "consents/index.html",
        {
            "notices": notices,
            "page": page,
            "query": query,
            "organizations": organizations.order_by("name"),
            "kinds": IdentifierKind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def subject(request, org_pk):
    """A subject's history per purpose: the DPO types the identifier, the portal computes the key.

    The identifier is POSTed: it never lands in a URL, a server log or the browser's history.
    """
    organization = get_organization_for_user(request.user, org_pk)
    kind = request.POST.get("kind", IdentifierKind.EMAIL)
    identifier = request.POST.get("identifier", "").strip()[:254]
    error, purposes, current = "", {}, {}
    if identifier:
        try:
            key = keys.subject_key(organization, kind, identifier)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            decisions = list(services.subject_decisions(organization, key))
            services.subject_view(actor=request.user, organization=organization, subject_key=key)
            for d in decisions:
                purposes.setdefault(d.purpose.code, []).append(d)
            current = services.current_state(decisions)
    # The newest HISTORY_SHOWN changes per purpose on the page; the evidence export has them all.
    rows = [
        {
            "code": code,
            "current": current[code],
            "history": history[-HISTORY_SHOWN:][::-1],
            "hidden": max(0, len(history) - HISTORY_SHOWN),
        }
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
    rows = statistics_.by_purpose(organization)
    for r in rows:
        r["cells"] = [(d, r["counts"][d]) for d in Decision.values]
    peak = max([n for r in rows for n in r["counts"].values()] or [1])
    months = statistics_.by_month(organization)
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
                for month, counts in months.items()
            ],
            "month_peak": month_peak,
            "decisions": [(d, Decision(d).label) for d in Decision.values],
            "title": _("Thống kê sự đồng ý"),
        },
    )


@login_required
def notice_new(request, org_pk):
    """Draft a notice: texts in Vietnamese and English, one row per purpose (Law 91 Art. 9(4)(a))."""
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    form = NoticeForm(request.POST or None)
    purposes = PurposeFormSet(
        request.POST or None, prefix="p", form_kwargs={"organization": organization}
    )
    if request.method == "POST" and form.is_valid() and purposes.is_valid():
        rows = [row for row in purposes.cleaned_data if row]
        try:
            services.notice_create(
                actor=request.user, organization=organization, purposes=rows, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã lưu bản nháp thông báo."))
            return redirect("consents:index")
    return render(
        request,
        "consents/notice_form.html",
        {"organization": organization, "form": form, "purposes": purposes},
    )


@login_required
@require_POST
def notice_publish(request, pk):
    """Publish a draft: it is frozen under its content hash (a new wording is a new version)."""
    notice = get_notice_for_user(request.user, pk, CHANGE)
    run_for_page(
        request,
        lambda: services.notice_publish(actor=request.user, notice=notice),
        _("Đã công bố thông báo."),
    )
    return redirect("consents:index")


@login_required
def property_keys(request, org_pk):
    """The keys of the organisation's websites and apps; a new key's secret is shown once."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    form = PropertyKeyForm(request.POST or None)
    secret = ""
    if request.method == "POST" and request.POST.get("revoke"):
        key = get_object_or_404(
            PropertyKey, organization=organization, pk=id_or_none(request.POST["revoke"])
        )
        services.property_key_revoke(actor=request.user, key=key)
        messages.success(
            request,
            _("Đã thu hồi khóa “%(name)s”: từ nay mọi lần gửi bằng khóa này đều bị từ chối.")
            % {"name": key.name},
        )
        return redirect("consents:keys", org_pk=organization.pk)
    if request.method == "POST" and form.is_valid():
        _key, secret = services.property_key_create(
            actor=request.user, organization=organization, name=form.cleaned_data["name"]
        )
        form = PropertyKeyForm()
    return render(
        request,
        "consents/keys.html",
        {
            "organization": organization,
            "form": form,
            "secret": secret,
            "keys": PropertyKey.objects.filter(organization=organization),
        },
    )


@login_required
def record_new(request, org_pk):
    """Enter a consent received on paper, by a recorded call or by SMS, with its evidence."""
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    notices = list(
        Notice.objects.filter(organization=organization, status="published").order_by("-version")
    )
    notice = next((n for n in notices if str(n.pk) == request.GET.get("notice")), None)
    form = None
    if notice is not None:
        form = StaffRecordForm(request.POST or None, request.FILES or None, notice=notice)
        if request.method == "POST" and form.is_valid():
            try:
                record, _created = services.consent_record(
                    actor=request.user,
                    organization=organization,
                    source="staff",
                    **form.record_data(notice),
                )
            except ValidationError as exc:
                form.add_service_errors(exc.message_dict)
            else:
                messages.success(request, _("Đã ghi nhận sự đồng ý."))
                return redirect("consents:evidence_pdf", uid=record.uid)
    return render(
        request,
        "consents/record_form.html",
        {"organization": organization, "notices": notices, "notice": notice, "form": form},
    )
