"""The agency's pages under /regulator/dossiers/: filed dossiers only, never drafts.

Reviewer assignment is a plain ``Dossier.assigned_reviewer`` foreign key rather than a guardian
object permission: every reviewer of the agency already sees every filed dossier (the Regulator
group and "submitted only" decide visibility), so assignment changes who is responsible, not who
may look. A foreign key is filtered and ordered in the inbox with one join ("assigned to me"),
and it is what the review clock's reminders follow (clock.services.deadlines_set_responsible).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.clock.models import Deadline
from pdp_portal.downloads import document_response, pdf_language
from pdp_portal.organizations.permissions import REGULATOR_GROUP
from pdp_portal.organizations.regulator_views import regulator_required

from . import services
from .forms import AssignForm, DecisionForm
from .models import AWAITING_AGENCY, Dossier, DossierVersion, InvalidTransition, VersionEnclosure
from .permissions import get_submitted_dossier_for_regulator, submitted_dossiers
from .views import (
    _file_response,
    clock_rows,
    compare_context,
    package_zip,
    pdf_response,
    version_pdf,
)


def _reviewers():
    return (
        get_user_model()
        .objects.filter(groups__name=REGULATOR_GROUP, is_active=True)
        .order_by("username")
    )


def _rows(qs):
    """Return dossiers with their latest version, review clock and sanction flag (fixed query count)."""
    from django.contrib.contenttypes.models import ContentType

    dossiers = list(
        qs.select_related("organization", "assigned_reviewer").prefetch_related(
            Prefetch(
                "versions",
                queryset=DossierVersion.objects.defer(
                    "notice_pdf", "report_pdf", "update_pdf", "snapshot"
                ).order_by("-number"),
                to_attr="version_list",
            )
        )
    )
    latest = {d.pk: (d.version_list[0] if d.version_list else None) for d in dossiers}
    review = {}
    version_ct = ContentType.objects.get_for_model(DossierVersion)
    for d in Deadline.objects.filter(
        content_type=version_ct,
        object_id__in=[str(v.pk) for v in latest.values() if v],
        rule=services.REVIEW,
    ).exclude(status=Deadline.Status.CANCELLED):
        review[d.object_id] = d
    complete = {}
    dossier_ct = ContentType.objects.get_for_model(Dossier)
    for d in Deadline.objects.filter(
        content_type=dossier_ct, object_id__in=[str(x.pk) for x in dossiers], rule=services.COMPLETE
    ).order_by("pk"):
        complete[d.object_id] = d
    rows = []
    for d in dossiers:
        v = latest[d.pk]
        rows.append(
            {
                "dossier": d,
                "version": v,
                "review": review.get(str(v.pk)) if v else None,
                "flag": services.sanction_flag(d, complete.get(str(d.pk)))
                if str(d.pk) in complete
                else None,
            }
        )
    return rows


@regulator_required
def inbox(request):
    qs = submitted_dossiers(request.user)
    status = request.GET.get("status", "")
    if status in Dossier.Status.values and status != Dossier.Status.DRAFT:
        qs = qs.filter(status=status)
    if request.GET.get("mine") == "1":
        qs = qs.filter(assigned_reviewer=request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(organization__name__icontains=q)
            | Q(reference__icontains=q)
            | Q(organization__tax_code__icontains=q)
        )
    rows = _rows(qs.order_by("-last_filed_at")[:300])
    if request.GET.get("flagged") == "1":
        rows = [r for r in rows if r["flag"]]
    return render(
        request,
        "dossiers/regulator/inbox.html",
        {
            "rows": rows,
            "status": status,
            "statuses": [c for c in Dossier.Status.choices if c[0] != Dossier.Status.DRAFT],
            "mine": request.GET.get("mine") == "1",
            "flagged": request.GET.get("flagged") == "1",
            "q": q,
        },
    )


def inbox_section(request) -> dict:
    """Return the dossier section of the regulator's home page (/regulator/)."""
    qs = submitted_dossiers(request.user)
    waiting = qs.filter(status__in=AWAITING_AGENCY)
    return {
        "title": _("Hồ sơ đánh giá tác động chờ xem xét"),
        "template": "dossiers/regulator/_inbox_section.html",
        "rows": _rows(waiting.order_by("last_filed_at")[:10]),
        "waiting_count": waiting.count(),
        "total_count": qs.count(),
    }


@regulator_required
def detail(request, pk):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    versions = list(
        dossier.versions.defer("notice_pdf", "report_pdf", "update_pdf")
        .select_related("submitted_by")
        .prefetch_related("enclosures")
        .order_by("number")
    )
    if versions:
        # The latest version's changes, in the reader's language (the filed text is in its PDF).
        services.read_change_summaries(dossier, versions[-1:])
    return render(
        request,
        "dossiers/regulator/detail.html",
        {
            "dossier": dossier,
            "versions": versions,
            "latest": versions[-1] if versions else None,
            "clocks": clock_rows(dossier),
            "flag": services.sanction_flag(dossier),
            "events": dossier.review_events.select_related("actor", "reviewer", "version"),
            "decision_form": DecisionForm(),
            "assign_form": AssignForm(
                reviewers=_reviewers(), initial={"reviewer": dossier.assigned_reviewer_id}
            ),
            "can_decide": dossier.status in AWAITING_AGENCY,
        },
    )


def _act(request, pk, fn, success, **kwargs):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    try:
        fn(actor=request.user, dossier=dossier, **kwargs)
    except (InvalidTransition, ValidationError) as exc:
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    else:
        messages.success(request, success)
    return redirect("dossiers_regulator:detail", pk=dossier.pk)


def _reasons(request) -> str:
    form = DecisionForm(request.POST)
    return form.cleaned_data["reasons"] if form.is_valid() else ""


@regulator_required
@require_POST
def assign(request, pk):
    form = AssignForm(request.POST, reviewers=_reviewers())
    if not form.is_valid():
        messages.error(request, _("Cần chọn cán bộ xem xét."))
        return redirect("dossiers_regulator:detail", pk=pk)
    return _act(
        request,
        pk,
        services.dossier_assign,
        _("Đã phân công cán bộ xem xét."),
        reviewer=form.cleaned_data["reviewer"],
    )


@regulator_required
@require_POST
def accept(request, pk):
    return _act(
        request,
        pk,
        services.dossier_accept,
        _("Đã xác nhận hồ sơ đạt yêu cầu."),
        reasons=_reasons(request),
    )


@regulator_required
@require_POST
def request_completion(request, pk):
    return _act(
        request,
        pk,
        services.dossier_request_completion,
        _("Đã gửi yêu cầu hoàn thiện hồ sơ."),
        reasons=_reasons(request),
    )


@regulator_required
def version_document(request, pk, number, doc):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    version = get_object_or_404(DossierVersion, dossier=dossier, number=number)
    data, name = version_pdf(version, doc, pdf_language(request))
    return pdf_response(data, name)


@regulator_required
def version_enclosure(request, pk, number, eid):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    item = get_object_or_404(
        VersionEnclosure, pk=eid, version__dossier=dossier, version__number=number
    )
    return _file_response(item, check_hash=True)


@regulator_required
def package(request, pk, number):

    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    version = get_object_or_404(DossierVersion, dossier=dossier, number=number)
    return document_response(
        package_zip(version),
        filename=f"ho-so-{dossier.reference}-v{number}.zip",
        content_type="application/zip",
    )


@regulator_required
def compare(request, pk):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    ctx = compare_context(dossier, request)
    ctx["base"] = "base_regulator.html"
    ctx["regulator"] = True
    return render(request, "dossiers/compare.html", ctx)
