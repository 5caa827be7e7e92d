"""The organisation's side: its inspections, remediation items and the inspection bundle."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import deadlines_for, overdue_at
from pdp_portal.downloads import file_response
from pdp_portal.organizations.permissions import CHANGE, has_org_perm
from pdp_portal.views import run_for_page, run_form_for_page

from . import bundles, services
from .forms import RemediationForm
from .models import BUNDLE_STATUSES, Bundle, BundleStatus, InvalidTransition, RemediationItem
from .permissions import (
    get_bundle_for_user,
    get_evidence_for_user,
    get_inspection_for_user,
    visible_inspections,
)

# The inspections' services refuse with their own InvalidTransition.
REFUSALS = (ValidationError, InvalidTransition)


def act(request, call, success: str, to: str, *, form=None):
    """Run a service for a button of either side's inspection page, then go back to ``to``.

    With ``form`` (the small form sent with the button) the service runs only if it is valid;
    if not, its errors are the page's message.
    """
    if form is None:
        run_for_page(request, call, success, refusals=REFUSALS)
    else:
        run_form_for_page(request, form, call, success, refusals=REFUSALS)
    return redirect(to)


def _row(deadline: Deadline, now) -> dict:
    due = deadline.effective_due_at
    running = deadline.status in (Deadline.Status.OPEN, Deadline.Status.OVERDUE)
    return {
        "deadline": deadline,
        "rule": get_rule(deadline.rule),
        "due": due,
        "running": running,
        "late": running and (deadline.status == Deadline.Status.OVERDUE or now >= overdue_at(due)),
    }


def inspection_context(inspection) -> dict:
    """Return what both sides show of an inspection: team, clocks, findings, items, bundles."""
    now = timezone.now()
    items = list(
        RemediationItem.objects.filter(inspection=inspection)
        .select_related("finding")
        .prefetch_related("evidence")
    )
    item_type = ContentType.objects.get_for_model(RemediationItem)
    item_clocks: dict[str, Deadline] = {}
    # One query for every item's clock (the latest, cancelled ones left out).
    for deadline in (
        Deadline.objects.filter(content_type=item_type, object_id__in=[str(i.pk) for i in items])
        .exclude(status=Deadline.Status.CANCELLED)
        .order_by("pk")
    ):
        item_clocks[deadline.object_id] = deadline
    for item in items:
        deadline = item_clocks.get(str(item.pk))
        item.clock = _row(deadline, now) if deadline else None
    findings = list(inspection.findings.all())
    for finding in findings:
        finding.item_list = [i for i in items if i.finding_id == finding.pk]
    # The inspection's own clocks (the notice), then each remedial measure's.
    clocks = [
        _row(d, now)
        for d in deadlines_for(inspection).exclude(status=Deadline.Status.CANCELLED).order_by("pk")
    ] + [i.clock for i in items if i.clock]
    return {
        "inspection": inspection,
        "team": list(inspection.team.select_related("user")),
        "clocks": clocks,
        "findings": findings,
        "items": items,
        "overdue_items": sum(1 for i in items if i.clock and i.clock["late"]),
        "bundles": list(inspection.bundles.select_related("requested_by", "filed_by")[:5]),
    }


@login_required
def index(request):
    inspections = visible_inspections(request.user).order_by("-start_date", "-pk")
    return render(request, "inspections/index.html", {"inspections": inspections})


@login_required
def detail(request, pk):
    inspection = get_inspection_for_user(request.user, pk)
    context = inspection_context(inspection)
    context["can_change"] = has_org_perm(request.user, inspection.organization, CHANGE)
    context["can_prepare"] = inspection.status in BUNDLE_STATUSES
    context["remediation_form"] = RemediationForm()
    return render(request, "inspections/detail.html", context)


def _bundle_json(request, bundle: Bundle) -> dict:
    return {
        "id": bundle.pk,
        "status": bundle.status,
        "status_label": str(BundleStatus(bundle.status).label),
        "progress": bundle.progress,
        "step": bundle.step,
        "size": bundle.size,
        "sha256": bundle.sha256,
        "finished": bundle.finished,
        "download": reverse("inspections:bundle_download", args=[bundle.pk])
        if bundle.status == BundleStatus.READY
        else "",
    }


@login_required
@require_POST
def bundle_prepare(request, pk):
    inspection = get_inspection_for_user(request.user, pk, CHANGE)
    return act(
        request,
        lambda: bundles.bundle_request(actor=request.user, inspection=inspection),
        _("Đang tổng hợp hồ sơ phục vụ kiểm tra."),
        reverse("inspections:detail", args=[pk]) + "#bundle",
    )


@login_required
def bundle_status(request, pk, bundle_pk):
    inspection = get_inspection_for_user(request.user, pk)
    bundle = get_object_or_404(Bundle, pk=bundle_pk, inspection=inspection)
    return JsonResponse(_bundle_json(request, bundle))


@login_required
@require_POST
def bundle_file(request, pk, bundle_pk):
    inspection = get_inspection_for_user(request.user, pk, CHANGE)
    bundle = get_object_or_404(Bundle, pk=bundle_pk, inspection=inspection)
    return act(
        request,
        lambda: bundles.bundle_file(actor=request.user, bundle=bundle),
        _("Đã nộp hồ sơ cho đoàn kiểm tra."),
        reverse("inspections:detail", args=[pk]) + "#bundle",
    )


@login_required
def bundle_download(request, bundle_pk):
    bundle = get_bundle_for_user(request.user, bundle_pk)
    return _stored_file_response(
        bundle.file,
        filename=f"{bundle.inspection.reference}-ho-so-kiem-tra.zip",
        content_type="application/zip",
    )


@login_required
@require_POST
def remediation_submit(request, pk, item_pk):
    inspection = get_inspection_for_user(request.user, pk, CHANGE)
    item = get_object_or_404(RemediationItem, pk=item_pk, inspection=inspection)
    form = RemediationForm(request.POST)
    return act(
        request,
        lambda: services.remediation_submit(
            actor=request.user,
            item=item,
            note=form.cleaned_data["note"],
            uploads=request.FILES.getlist("files"),
        ),
        _("Đã báo đoàn kiểm tra biện pháp đã khắc phục."),
        reverse("inspections:detail", args=[pk]) + f"#item-{item.pk}",
        form=form,
    )


@login_required
def evidence_download(request, evidence_pk):
    evidence = get_evidence_for_user(request.user, evidence_pk)
    return _stored_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


def _stored_file_response(fieldfile, *, filename: str, content_type: str):
    """Send a stored file; one that is no longer in the storage (or was never written) is 404."""
    try:
        handle = fieldfile.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Missing file") from exc
    return file_response(handle, filename=filename, content_type=content_type)
