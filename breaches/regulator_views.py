"""The agency's pages under /regulator/breaches/: submitted notifications only, never drafts."""

from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from pdp_portal.filings.filters import month_bounds
from pdp_portal.filings.regulator_views import filing_context
from pdp_portal.organizations.regulator_views import regulator_required
from pdp_portal.views import run_for_page

from . import services
from .forms import ReviewForm
from .models import Breach, duties
from .permissions import get_submitted_breach_for_regulator, submitted_breaches
from .views import attachment_response, submission_pdf_response


def filtered_inbox(request):
    """Return the submitted breaches the API's regulator list filters, and the filters."""
    qs = submitted_breaches(request.user).select_related("organization")
    review = request.GET.get("review", "")
    if review in Breach.Review.values and review:
        qs = qs.filter(review_status=review)
    month = request.GET.get("month", "")
    bounds = month_bounds(month)
    if bounds:
        qs = qs.filter(submitted_at__gte=bounds[0], submitted_at__lt=bounds[1])
    else:
        month = ""
    late = request.GET.get("late", "")
    if late == "1":
        qs = qs.filter(submissions__kind="initial", submissions__within_deadline=False)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(organization__name__icontains=q)
            | Q(reference__icontains=q)
            | Q(organization__tax_code__icontains=q)
        )
    return qs, {"review": review, "month": month, "late": late, "q": q}


@regulator_required
def detail(request, pk):
    breach = get_submitted_breach_for_regulator(request.user, pk)
    submissions = list(
        breach.submissions.select_related("submitted_by").defer("pdf").order_by("version")
    )
    for s in submissions:
        s.facts = services.submission_facts(s.snapshot)
    context = filing_context(request, breach)
    context.update(
        {
            "breach": breach,
            "submissions": submissions,
            "duties": duties(breach),
            "form": ReviewForm(),
            "can_act": breach.review_status != Breach.Review.CLOSED,
            "attachments": services.attachments_sent(breach),
        }
    )
    return render(request, "breaches/regulator/detail.html", context)


@regulator_required
def attachment(request, pk, attachment_id):
    """A document enclosed with a Form 08 already sent (the view is audited)."""
    breach = get_submitted_breach_for_regulator(request.user, pk)
    return attachment_response(request, breach, attachment_id, sent_only=True)


@regulator_required
def submission_pdf(request, pk, version):
    return submission_pdf_response(
        get_submitted_breach_for_regulator(request.user, pk), version, request
    )


def _review_action(service, success):
    """Return the agency's POST view running a review ``service`` on a submitted breach, with the
    optional message of the form, and going back to the breach."""

    @regulator_required
    @require_POST
    def view(request, pk):
        breach = get_submitted_breach_for_regulator(request.user, pk)
        form = ReviewForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
        run_for_page(
            request, lambda: service(actor=request.user, breach=breach, message=message), success
        )
        return redirect("breaches_regulator:detail", pk=breach.pk)

    return view


acknowledge = _review_action(services.breach_acknowledge, _("Đã xác nhận tiếp nhận thông báo."))
request_info = _review_action(services.breach_request_info, _("Đã gửi yêu cầu bổ sung thông tin."))
close = _review_action(services.breach_review_close, _("Đã kết thúc xem xét."))
