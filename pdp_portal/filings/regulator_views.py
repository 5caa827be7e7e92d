"""The agency's workspace: one list of every filing, the filing page layout, an organisation page.

Regulators only (``regulator_required``: anyone else gets 404); a filing exists only once
submitted, so a draft never appears here.
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import overdue_at
from pdp_portal.organizations.models import Organization
from pdp_portal.organizations.people import regulators
from pdp_portal.organizations.regulator_views import regulator_required
from pdp_portal.pagination import typed

from . import registry, services
from .filters import month_bounds
from .models import Filing, FilingEvent

PAGE_SIZES = (25, 50, 100)
# "Due soon" in the workspace: an agency clock ending within this many hours (a view filter,
# not a statutory period: the periods are in pdp_portal/clock/rules.py).
DUE_SOON = dt.timedelta(hours=72)
MONTHS = 12  # the strip of filings by month


reviewers = regulators


class AssignForm(forms.Form):
    filing = forms.ModelMultipleChoiceField(queryset=Filing.objects.all())
    reviewer = forms.ModelChoiceField(label=gettext_lazy("Cán bộ xem xét"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers()


def _filters(request) -> tuple[dict, Q]:
    """Return the filters as typed (to show them again) and the matching condition."""
    get = request.GET
    now = timezone.now()
    shown, cond = {}, Q()
    known = {k.code for k in registry.kinds()}
    chosen = [k for k in get.getlist("kind") if k in known]
    if chosen:
        shown["kind"] = chosen
        cond &= Q(kind__in=chosen)
    status = get.get("status", "")
    if status == "agency":
        shown["status"] = status
        cond &= Q(status__in=registry.AGENCY_TURN)
    elif status in registry.STATUSES:
        shown["status"] = status
        cond &= Q(status=status)
    assignee = get.get("assignee", "")
    if assignee == "me":
        cond &= Q(assignee=request.user)
    elif assignee == "none":
        cond &= Q(assignee__isnull=True)
    elif id_or_none(assignee):
        cond &= Q(assignee_id=id_or_none(assignee))
    else:
        assignee = ""
    if assignee:
        shown["assignee"] = assignee
    due = get.get("due", "")
    if due == "soon":
        cond &= Q(agency_due_at__gte=now, agency_due_at__lt=now + DUE_SOON)
    elif due == "overdue":
        cond &= Q(agency_due_at__lt=now)
    elif due == "organisation":
        # The organisation let its own clock run out (a completion or supplement it was asked
        # for: e.g. Decree 356 Art. 18(6), 19(6), where the lapse is considered for sanction).
        cond &= Q(status=Filing.Status.AWAITING_ORGANISATION, organisation_due_at__lt=now)
    else:
        due = ""
    if due:
        shown["due"] = due
    org = get.get("org", "")
    if id_or_none(org):
        shown["org"] = org
        cond &= Q(organization_id=id_or_none(org))
    q = typed(request, limit=100)
    if q:
        shown["q"] = q
        cond &= Q(organization__name__icontains=q) | Q(organization__tax_code__icontains=q)
    return shown, cond


def _by_month(cond: Q, now: dt.datetime) -> list[dict]:
    """Return the filings first filed in each of the last twelve months under ``cond`` (one
    query): the old per-kind inboxes' counts by month, for every kind at once."""
    starts = [timezone.localdate(now).replace(day=1)]
    for _i in range(MONTHS - 1):
        starts.append((starts[-1] - dt.timedelta(days=1)).replace(day=1))
    starts.reverse()
    counts = {
        timezone.localdate(month): n
        for month, n in Filing.objects.filter(
            cond, first_submitted_at__gte=month_bounds(starts[0].strftime("%Y-%m"))[0]
        )
        .annotate(month=TruncMonth("first_submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    return [{"month": m, "code": m.strftime("%Y-%m"), "n": counts.get(m, 0)} for m in starts]


def _ordered(cond: Q):
    """Return the filings matching ``cond`` in the workspace's order, with what a row shows."""
    return (
        Filing.objects.filter(cond)
        .select_related("organization", "assignee")
        .only(
            "kind", "object_id", "reference", "title_message", "title_params", "status",
            "app_status", "first_submitted_at", "last_submitted_at", "last_activity_at",
            "agency_due_at", "organisation_due_at", "organization__name",
            "organization__tax_code", "assignee__username", "assignee__first_name",
            "assignee__last_name",
        )
        .order_by("agency_due_at", "-last_submitted_at", "-pk")
    )  # fmt: skip


def _month_filter(request, shown: dict) -> Q:
    month = month_bounds(request.GET.get("month", ""))
    if not month:
        return Q()
    shown["month"] = request.GET["month"]
    return Q(first_submitted_at__gte=month[0], first_submitted_at__lt=month[1])


def filtered_filings(request):
    """Return the filings the workspace lists for ``request``'s filters (the API's list too)."""
    shown, cond = _filters(request)
    return _ordered(cond & _month_filter(request, shown))


def inbox_page(request):
    """Return the workspace's filters, page of filings and reviewers (a fixed number of queries)."""
    shown, cond = _filters(request)
    months = _by_month(cond, timezone.now())
    qs = _ordered(cond & _month_filter(request, shown))
    size = {str(n): n for n in PAGE_SIZES}.get(request.GET.get("size", ""), PAGE_SIZES[0])
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    sized = {"size": size} if size != PAGE_SIZES[0] else {}
    query = urlencode({**shown, **sized}, doseq=True)
    without_month = urlencode(
        {**{k: v for k, v in shown.items() if k != "month"}, **sized}, doseq=True
    )
    return {
        "page": page,
        "rows": list(page.object_list),
        "filters": shown,
        "filter_query": query,
        "filter_query_without_month": without_month,
        "size": size,
        "sizes": PAGE_SIZES,
        "kinds": registry.kind_choices(),
        "statuses": Filing.Status.choices,
        "reviewers": list(reviewers()),
        "now": timezone.now(),
        "due_soon_hours": int(DUE_SOON.total_seconds() // 3600),
        "months": months,
        "months_max": max([m["n"] for m in months] + [1]),
        "organization": Organization.objects.filter(pk=shown["org"]).first()
        if "org" in shown
        else None,
    }


@regulator_required
def inbox(request):
    return render(request, "filings/regulator/inbox.html", inbox_page(request))


def inbox_for_kind(*codes):
    """Return a view that sends an old per-app inbox to the workspace filtered by kind."""

    @regulator_required
    def view(request):
        return redirect(reverse("regulator:inbox") + "?" + urlencode({"kind": codes}, doseq=True))

    return view


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@regulator_required
@require_POST
def assign(request):
    """Assign the checked filings (one or many, any kinds) to one reviewer."""
    form = AssignForm(request.POST)
    back = _back(request, reverse("regulator:inbox"))
    if not form.is_valid():
        if "filing" in form.errors:
            messages.error(request, _("Chưa chọn hồ sơ nào."))
        else:
            messages.error(request, _("Cần chọn cán bộ xem xét."))
        return redirect(back)
    try:
        done = services.filings_assign(
            actor=request.user,
            filings=form.cleaned_data["filing"],
            reviewer=form.cleaned_data["reviewer"],
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã phân công %(n)s hồ sơ cho %(user)s.")
            % {"n": len(done), "user": form.cleaned_data["reviewer"].get_username()},
        )
    return redirect(back)


@regulator_required
def filing(request, pk):
    """Open a filing on its kind's page (the links held in notifications and e-mails)."""
    item = get_object_or_404(Filing, pk=pk)
    return redirect(item.regulator_url)


# --- the filing page -------------------------------------------------------------------------


def _clock_rows(kind: registry.FilingKind, obj) -> list[dict]:
    rules = set(kind.agency_rules) | set(kind.organisation_rules)
    subjects = [s for s in kind.deadline_subjects(obj) if s is not None]
    if not rules or not subjects:
        return []
    match = Q(pk__in=[])
    for s in subjects:
        match |= Q(content_type=ContentType.objects.get_for_model(s), object_id=str(s.pk))
    now = timezone.now()
    rows = []
    for deadline in (
        Deadline.objects.filter(match, rule__in=rules)
        .exclude(status=Deadline.Status.CANCELLED)
        .order_by("pk")
    ):
        due = deadline.effective_due_at
        rows.append(
            {
                "deadline": deadline,
                "rule": get_rule(deadline.rule),
                "agency": deadline.rule in kind.agency_rules,
                "due": due,
                "running": deadline.status in services.RUNNING,
                "late": deadline.breached_at is not None
                or (deadline.status == Deadline.Status.OPEN and now >= overdue_at(due)),
            }
        )
    return rows


def filing_context(request, obj) -> dict:
    """Return what the common filing page shows of ``obj`` (a registered kind's object).

    The kind's pages extend templates/filings/regulator/filing.html with this context and add
    what is their own in its blocks.
    """
    kind = registry.kind_for_model(obj._meta.label)
    if kind is None:
        raise Http404
    ct = ContentType.objects.get_for_model(obj)
    item = (
        Filing.objects.select_related("organization", "assignee")
        .filter(content_type=ct, object_id=obj.pk)
        .first()
    )
    if item is None:  # filed before the agency could see it? never a draft: refresh once
        item = services.refresh(obj, kind)
    if item is None:
        raise Http404
    return {
        "filing": item,
        "filing_kind": kind,
        "filing_object": obj,
        "filing_clocks": _clock_rows(kind, obj),
        "filing_versions": kind.versions(obj),
        "filing_enclosures": kind.enclosures(obj),
        "filing_events": item.events.select_related("actor"),
        "filing_actions": kind.actions(obj),
        "filing_reviewers": list(reviewers()),
        "filing_organisation_url": kind.organisation_url(obj),
    }


# --- the organisation page -------------------------------------------------------------------


@regulator_required
def organization(request, pk):
    """Everything ``pk`` has filed with the agency, its sections and one timeline."""
    org = get_object_or_404(Organization, pk=pk)
    filings = list(
        Filing.objects.filter(organization=org)
        .select_related("assignee")
        .order_by("-last_activity_at", "-pk")[:300]
    )
    events = list(
        FilingEvent.objects.filter(organization=org)
        .select_related("filing", "actor")
        .order_by("-at", "-pk")[:300]
    )
    sections = [s for fn in registry.organisation_sections() if (s := fn(org))]
    return render(
        request,
        "filings/regulator/organization.html",
        {"organization": org, "filings": filings, "events": events, "sections": sections},
    )
