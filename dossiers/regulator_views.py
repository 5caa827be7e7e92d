"""The agency's pages under /regulator/dossiers/: filed dossiers only, never drafts.

Reviewer assignment is a plain ``Dossier.assigned_reviewer`` foreign key rather than a guardian
object permission: every reviewer of the agency already sees every filed dossier (the Regulator
group and "submitted only" decide visibility), so assignment changes who is responsible, not who
may look. A foreign key is filtered and ordered in the inbox with one join ("assigned to me"),
and it is what the review clock's reminders follow (clock.services.deadlines_set_responsible).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pdp_portal.filings.regulator_views import filing_context, reviewers
from pdp_portal.organizations.regulator_views import regulator_required
from pdp_portal.views import run_for_page

from . import services
from .forms import AssignForm, DecisionForm
from .models import AWAITING_AGENCY
from .permissions import get_submitted_dossier_for_regulator
from .views import (
    compare_page,
    package_response,
    version_document_response,
    version_enclosure_response,
)


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
    context = filing_context(request, dossier)
    context.update(
        {
            "dossier": dossier,
            "versions": versions,
            "latest": versions[-1] if versions else None,
            "flag": services.sanction_flag(dossier),
            "decision_form": DecisionForm(),
            "can_decide": dossier.status in AWAITING_AGENCY,
        }
    )
    return render(request, "dossiers/regulator/detail.html", context)


def _act(request, pk, fn, success, **kwargs):
    """Run a review step on the dossier; come back to its page with the outcome."""
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    run_for_page(request, lambda: fn(actor=request.user, dossier=dossier, **kwargs), success)
    return redirect("dossiers_regulator:detail", pk=dossier.pk)


@regulator_required
@require_POST
def assign(request, pk):
    form = AssignForm(request.POST, reviewers=reviewers())
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


def _decision(service, success):
    """Return the agency's POST view of a decision on the dossier, with the reasons given."""

    @regulator_required
    @require_POST
    def view(request, pk):
        form = DecisionForm(request.POST)
        reasons = form.cleaned_data["reasons"] if form.is_valid() else ""
        return _act(request, pk, service, success, reasons=reasons)

    return view


accept = _decision(services.dossier_accept, gettext_lazy("Đã xác nhận hồ sơ đạt yêu cầu."))
request_completion = _decision(
    services.dossier_request_completion, gettext_lazy("Đã gửi yêu cầu hoàn thiện hồ sơ.")
)


@regulator_required
def version_document(request, pk, number, doc):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    return version_document_response(request, dossier, number, doc)


@regulator_required
def version_enclosure(request, pk, number, eid):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    return version_enclosure_response(dossier, number, eid)


@regulator_required
def package(request, pk, number):
    return package_response(get_submitted_dossier_for_regulator(request.user, pk), number)


@regulator_required
def compare(request, pk):
    dossier = get_submitted_dossier_for_regulator(request.user, pk)
    return compare_page(request, dossier, regulator=True)
