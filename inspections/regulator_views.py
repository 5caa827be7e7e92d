"""The agency's side: open an inspection, notify, run it, issue findings, follow remediation."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from pdp_portal.organizations.regulator_views import regulator_required
from pdp_portal.views import form_page, run_for_form

from . import services
from .forms import ConclusionForm, FindingForm, InspectionForm, ReasonForm, RescheduleForm
from .models import Inspection, RemediationItem, Status
from .permissions import get_inspection_for_regulator
from .views import act, inspection_context


@regulator_required
def index(request):
    status = request.GET.get("status", "")
    inspections = Inspection.objects.select_related("organization").order_by("-start_date", "-pk")
    if status in Status.values:
        inspections = inspections.filter(status=status)
    return render(
        request,
        "inspections/regulator/index.html",
        {"inspections": inspections, "status": status, "statuses": Status.choices},
    )


@regulator_required
def new(request):
    form = InspectionForm(request.POST or None, initial={"lead": request.user.pk})

    def open_inspection():
        # The form asks for the decision's facts under the names the service takes them.
        data = dict(form.cleaned_data, team=list(form.cleaned_data["team"]))
        return services.inspection_open(actor=request.user, **data)

    return form_page(
        request,
        form,
        open_inspection,
        lambda inspection: (
            _("Đã ghi nhận quyết định kiểm tra %(ref)s.") % {"ref": inspection.reference}
        ),
        # Keep what was typed: the errors go on their fields.
        by_field=True,
        to=lambda inspection: reverse("inspections_regulator:detail", args=[inspection.pk]),
        template="inspections/regulator/new.html",
        context=lambda: {"earliest": services.earliest_start(timezone.now())},
    )


@regulator_required
def detail(request, pk):
    return _detail_page(request, get_inspection_for_regulator(request.user, pk))


def _detail_page(request, inspection, reschedule_form=None):
    context = inspection_context(inspection)
    context.update(
        {
            "on_team": services.is_team_member(request.user, inspection),
            "finding_form": FindingForm(),
            "conclusion_form": ConclusionForm(),
            "reason_form": ReasonForm(),
            "reschedule_form": reschedule_form
            or RescheduleForm(initial={"start_date": inspection.start_date}),
            "earliest": services.earliest_start(timezone.now()),
            "filed_bundles": [b for b in context["bundles"] if b.filed_at],
        }
    )
    return render(request, "inspections/regulator/detail.html", context)


def _done(request, pk, call, success: str, anchor: str = "", *, form=None):
    back = reverse("inspections_regulator:detail", args=[pk]) + anchor
    return act(request, call, success, back, form=form)


# The moves that take nothing but the click (Decree 356 Art. 31(4)): the service and its message.
SIMPLE_MOVES = {
    "notify": (services.inspection_notify, _lazy("Đã thông báo cho đối tượng kiểm tra.")),
    "start": (services.inspection_start, _lazy("Đã bắt đầu kiểm tra.")),
    "close": (services.inspection_close, _lazy("Đã kết thúc cuộc kiểm tra.")),
}


@regulator_required
@require_POST
def move(request, pk, move):
    inspection = get_inspection_for_regulator(request.user, pk)
    service, success = SIMPLE_MOVES[move]
    return _done(
        request, pk, lambda: service(actor=request.user, inspection=inspection), str(success)
    )


@regulator_required
@require_POST
def reschedule(request, pk):
    """Move the start day of an inspection not yet started; a refusal keeps what was typed."""
    inspection = get_inspection_for_regulator(request.user, pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        done, _result = run_for_form(
            request,
            form,
            lambda: services.inspection_reschedule(
                actor=request.user, inspection=inspection, **form.cleaned_data
            ),
            _("Đã đổi ngày bắt đầu kiểm tra."),
            by_field=True,
        )
        if done:
            return redirect("inspections_regulator:detail", pk)
    return _detail_page(request, inspection, reschedule_form=form)


@regulator_required
@require_POST
def finding(request, pk):
    inspection = get_inspection_for_regulator(request.user, pk)
    form = FindingForm(request.POST)
    return _done(
        request,
        pk,
        lambda: services.finding_add(
            actor=request.user,
            inspection=inspection,
            description=form.cleaned_data["description"],
            basis=form.cleaned_data["basis"],
            items=form.items(),
        ),
        _("Đã ghi nhận phát hiện."),
        "#findings",
        form=form,
    )


@regulator_required
@require_POST
def issue(request, pk):
    inspection = get_inspection_for_regulator(request.user, pk)
    form = ConclusionForm(request.POST)
    conclusion = form.data.get("conclusion", "")
    return _done(
        request,
        pk,
        lambda: services.inspection_issue_findings(
            actor=request.user, inspection=inspection, conclusion=conclusion
        ),
        _("Đã ban hành kết luận kiểm tra; thời hạn khắc phục bắt đầu tính."),
    )


@regulator_required
@require_POST
def cancel(request, pk):
    inspection = get_inspection_for_regulator(request.user, pk)
    reason = request.POST.get("reason", "")
    return _done(
        request,
        pk,
        lambda: services.inspection_cancel(
            actor=request.user, inspection=inspection, reason=reason
        ),
        _("Đã hủy cuộc kiểm tra."),
    )


@regulator_required
@require_POST
def item_accept(request, pk, item_pk):
    inspection = get_inspection_for_regulator(request.user, pk)
    item = get_object_or_404(RemediationItem, pk=item_pk, inspection=inspection)
    return _done(
        request,
        pk,
        lambda: services.remediation_accept(actor=request.user, item=item),
        _("Đã xác nhận biện pháp đã khắc phục."),
        f"#item-{item.pk}",
    )


@regulator_required
@require_POST
def item_reopen(request, pk, item_pk):
    inspection = get_inspection_for_regulator(request.user, pk)
    item = get_object_or_404(RemediationItem, pk=item_pk, inspection=inspection)
    reason = request.POST.get("reason", "")
    return _done(
        request,
        pk,
        lambda: services.remediation_reopen(actor=request.user, item=item, reason=reason),
        _("Đã yêu cầu khắc phục lại."),
        f"#item-{item.pk}",
    )
