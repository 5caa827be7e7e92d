import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.pagination import paginate
from pdp_portal.views import form_page, row_or_new, run_for_page

from . import services
from .applicability import TOPIC_LABELS, applicability
from .forms import MembershipForm, OrganizationForm, ProtectionContactForm
from .models import Membership, ProtectionContact
from .permissions import (
    MANAGE,
    get_organization_for_user,
    has_org_perm,
    is_regulator,
    visible_organizations,
)


def dashboard(request):
    if not request.user.is_authenticated:
        # An anonymous visitor is most often a data subject: the public home page, which links
        # to the staff login (Decree 356/2025 Art. 5(1)).
        from pdp_portal.centre.public_views import home

        return home(request)
    if is_regulator(request.user) and not request.user.memberships.exists():
        return redirect("regulator:inbox")
    return render(request, "organizations/dashboard.html", dashboard_context(request.user))


def dashboard_context(user) -> dict:
    """Return every organisation's figures and the soonest clocks (a fixed number of queries)."""
    from pdp_portal import hooks
    from pdp_portal.clock.deadline_views import ACTIVE, DUE_SOON, _decorate, with_effective_due
    from pdp_portal.clock.permissions import visible_deadlines

    now = timezone.now()
    organizations = list(
        visible_organizations(user).annotate(member_count=Count("memberships", distinct=True))
    )
    deadlines = with_effective_due(visible_deadlines(user)).filter(status__in=ACTIVE)
    clock_counts = _per_organization(
        deadlines.values("organization_id").annotate(
            # By the due instant, not only the status: the sweeper marks overdue within a minute,
            # the figure is right at once.
            overdue=Count("pk", filter=Q(status="overdue") | Q(effective_due__lt=now)),
            due_soon=Count(
                "pk",
                filter=Q(status="open", effective_due__gte=now, effective_due__lte=now + DUE_SOON),
            ),
            running=Count("pk"),
        )
    )
    # The apps count their own open items (the core imports no app; pdp_portal/hooks.py).
    request_counts = hooks.call("rights.open_counts", user=user) or {}
    breach_counts = hooks.call("breaches.open_counts", user=user) or {}
    for org in organizations:
        org.figures = {
            "overdue": 0,
            "due_soon": 0,
            "running": 0,
            **clock_counts.get(org.pk, {}),
            "open_requests": request_counts.get(org.pk, 0),
            "open_breaches": breach_counts.get(org.pk, 0),
        }
    soonest = [
        _decorate(deadline, now)
        for deadline in deadlines.select_related("organization", "responsible").order_by(
            "effective_due", "pk"
        )[:DASHBOARD_DEADLINES]
    ]
    from pdp_portal.audit.services import sealer_lag

    return {
        "organizations": organizations,
        "soonest": soonest,
        # The ledger is the proof of everything above: say when the sealer falls behind.
        "audit_lag": sealer_lag() if organizations else None,
    }


DASHBOARD_DEADLINES = 8


def _per_organization(rows) -> dict[int, dict]:
    return {row.pop("organization_id"): row for row in rows}


@login_required
def organization_list(request):
    organizations = (
        visible_organizations(request.user)
        .annotate(
            member_count=Count("memberships", distinct=True),
            dpo_count=Count(
                "memberships", filter=Q(memberships__role=Membership.Role.DPO), distinct=True
            ),
        )
        .order_by("name")
    )
    page, query = paginate(request, organizations)
    return render(
        request, "organizations/list.html", {"organizations": page, "page": page, "query": query}
    )


@login_required
def organization_create_view(request):
    # Organisations are created by the portal's administrators (global permission), who then
    # hand them to a DPO; members never create tenants themselves.
    if not request.user.has_perm("organizations.add_organization"):
        raise Http404
    form = OrganizationForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda: services.organization_create(actor=request.user, **_organization_data(form)),
        _("Đã tạo tổ chức."),
        by_field=True,
        to=lambda organization: organization,
        template="organizations/form.html",
        context={"creating": True},
    )


def _organization_data(form: OrganizationForm) -> dict:
    return {f: form.cleaned_data[f] for f in form.Meta.fields}


@login_required
def organization_detail(request, pk):
    organization = get_organization_for_user(request.user, pk)
    findings = [(TOPIC_LABELS[f.topic], f) for f in applicability(organization)]
    contacts = organization.protection_contacts.order_by("-is_primary", "name")
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "findings": findings,
            "contacts": contacts,
            "can_manage": has_org_perm(request.user, organization, MANAGE),
        },
    )


@login_required
def organization_edit(request, pk):
    organization = get_organization_for_user(request.user, pk, MANAGE)
    # The form validates on its own copy: a rejected value must not show up in the page's
    # heading, and the service re-reads and locks the row anyway.
    form = OrganizationForm(request.POST or None, instance=copy.copy(organization))
    return form_page(
        request,
        form,
        lambda: services.organization_update(
            actor=request.user, organization=organization, **_organization_data(form)
        ),
        _("Đã lưu thay đổi."),
        by_field=True,
        to=organization,
        template="organizations/form.html",
        context={"organization": organization},
    )


@login_required
def contact_edit(request, pk, contact_id=None):
    organization = get_organization_for_user(request.user, pk, MANAGE)
    contact = row_or_new(ProtectionContact, contact_id, organization=organization)
    form = ProtectionContactForm(request.POST or None, instance=contact)
    return form_page(
        request,
        form,
        lambda: services.protection_contact_save(
            actor=request.user, organization=organization, contact=form.instance
        ),
        _("Đã lưu đầu mối bảo vệ dữ liệu cá nhân."),
        to=organization,
        template="organizations/contact_form.html",
        context={"organization": organization},
    )


@login_required
def members(request, pk):
    organization = get_organization_for_user(request.user, pk)
    can_manage = has_org_perm(request.user, organization, MANAGE)
    form = MembershipForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.membership_set(
                    actor=request.user,
                    organization=organization,
                    user=form.cleaned_data["username"],
                    role=form.cleaned_data["role"],
                )
            except services.MembershipError as exc:
                form.add_error("role", str(exc))
            else:
                messages.success(request, _("Đã cập nhật thành viên."))
                return redirect("organizations:members", pk=organization.pk)
    memberships = organization.memberships.select_related("user").order_by("role", "user__username")
    return render(
        request,
        "organizations/members.html",
        {
            "organization": organization,
            "memberships": memberships,
            "form": form,
            "can_manage": can_manage,
        },
    )


@login_required
@require_POST
def member_remove(request, pk, membership_id):
    organization = get_organization_for_user(request.user, pk, MANAGE)
    membership = get_object_or_404(Membership, pk=membership_id, organization=organization)
    done, _result = run_for_page(
        request,
        lambda: services.membership_remove(actor=request.user, membership=membership),
        _("Đã xóa thành viên."),
        refusals=(services.MembershipError,),
    )
    if done and membership.user_id == request.user.pk:
        # A DPO who left can no longer see the members page.
        return redirect("dashboard")
    return redirect("organizations:members", pk=organization.pk)
