"""Staff pages under /programme/: what applies and why, each obligation, the registers."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.audit.models import AuditEvent
from pdp_portal.clock.calendars import FIRST_YEAR, LAST_YEAR
from pdp_portal.downloads import XLSX, document_response, file_response, pdf_response
from pdp_portal.messages import render_message
from pdp_portal.organizations.permissions import (
    CHANGE,
    get_organization_for_user,
    has_org_perm,
    visible_organizations,
)
from pdp_portal.organizations.qualifications import qualification_findings
from pdp_portal.pagination import paginate
from pdp_portal.views import run_for_page

from . import exports, services
from .catalogue import CATALOGUE, Area, EvidenceKind, Recurrence
from .facts import obligations_for
from .forms import (
    AISystemForm,
    ContractForm,
    DesignationForm,
    EvidenceForm,
    HighRiskForm,
    NoteForm,
    PersonForm,
    ProfileForm,
    TrainingForm,
)
from .models import (
    AISystem,
    Contract,
    Designation,
    Evidence,
    InvalidTransition,
    ObligationState,
    ProgrammeProfile,
    ProtectionPerson,
    TrainingSession,
)
from .permissions import get_obligation_for_user, get_row_for_user


@login_required
def index(request):
    organizations = visible_organizations(request.user).order_by("name", "pk")
    page, query = paginate(request, organizations)
    if page.paginator.count == 1:
        return redirect("programme:detail", page[0].pk)
    return render(
        request,
        "programme/index.html",
        {"organizations": page, "page": page, "query": query},
    )


def stored_states(organization) -> dict[str, ObligationState]:
    """Return the organisation's stored obligation states by code; reading writes nothing.

    The states follow the profile and the registers when those change (programme.hooks, called
    by the apps that own them) and every hour (programme.sync).
    """
    return {
        s.code: s
        for s in ObligationState.objects.filter(organization=organization).select_related(
            "owner", "deadline"
        )
    }


def programme_rows(organization):
    """Return (areas, applying rows, not applying rows) for the programme page and the report.

    A stored state says whether an obligation applies and why (its reasons, as recorded); one
    with no state yet (a change the hourly sync has not seen) is shown as the engine finds it.
    """
    findings = obligations_for(organization)
    states = stored_states(organization)
    applying, not_applying = [], []
    per_area: dict[str, dict] = {}
    for finding in findings:
        state = states.get(finding.obligation.code)
        applies = state.applies if state is not None else finding.applies
        facts = (
            [render_message(r.get("message", ""), r.get("params")) for r in state.reasons]
            if state is not None and state.reasons
            else [fact.text for fact in finding.facts]
        )
        row = {"obligation": finding.obligation, "facts": facts, "state": state}
        if applies:
            applying.append(row)
            area = per_area.setdefault(finding.obligation.area, {"total": 0, "done": 0})
            area["total"] += 1
            area["done"] += int(state is not None and state.status == ObligationState.Status.DONE)
        else:
            if state is not None and state.first_applied_at:
                row["history"] = True
            not_applying.append(row)
    areas = [
        {
            "code": code,
            "label": Area(code).label,
            "total": figures["total"],
            "done": figures["done"],
            "percent": round(100 * figures["done"] / figures["total"]),
        }
        for code, figures in per_area.items()
    ]
    return areas, applying, not_applying


@login_required
def detail(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    areas, applying, not_applying = programme_rows(organization)
    profile = ProgrammeProfile.objects.filter(organization=organization).first()
    return render(
        request,
        "programme/detail.html",
        {
            "organization": organization,
            "areas": areas,
            "applying": applying,
            "not_applying": not_applying,
            "can_change": has_org_perm(request.user, organization, CHANGE),
            "profile_form": ProfileForm(instance=profile or ProgrammeProfile()),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def profile_edit(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    form = ProfileForm(request.POST)
    if form.is_valid():
        services.profile_update(actor=request.user, organization=organization, **form.cleaned_data)
        messages.success(request, _("Đã cập nhật hồ sơ chương trình tuân thủ."))
    return redirect("programme:detail", organization.pk)


@login_required
def obligation(request, org_pk, code):
    state = get_obligation_for_user(request.user, org_pk, code)
    organization = state.organization
    history = AuditEvent.objects.filter(
        object_type=ObligationState._meta.label_lower, object_id=str(state.pk)
    ).order_by("-created_at", "-pk")
    members = (
        get_user_model().objects.filter(memberships__organization=organization).order_by("username")
    )
    return render(
        request,
        "programme/obligation.html",
        {
            "organization": organization,
            "state": state,
            "obligation": CATALOGUE[code],
            "facts": [render_message(r.get("message", ""), r.get("params")) for r in state.reasons],
            "evidence": state.evidence.select_related("uploaded_by"),
            "notes": state.notes.select_related("author"),
            "history": history,
            "members": members,
            "statuses": ObligationState.Status.choices,
            "evidence_form": EvidenceForm(),
            "note_form": NoteForm(),
            "can_change": has_org_perm(request.user, organization, CHANGE),
            "area": Area(CATALOGUE[code].area).label,
            "evidence_kinds": [EvidenceKind(k).label for k in CATALOGUE[code].evidence],
            "recurrence": Recurrence(CATALOGUE[code].recurrence).label,
        },
    )


def _act(request, org_pk, code, action):
    state = get_obligation_for_user(request.user, org_pk, code, CHANGE)
    run_for_page(request, lambda: action(state), _("Đã lưu."))
    return redirect(state)


@login_required
@require_POST
def obligation_status(request, org_pk, code):
    return _act(
        request,
        org_pk,
        code,
        lambda state: services.obligation_set_status(
            actor=request.user, state=state, status=request.POST.get("status", "")
        ),
    )


@login_required
@require_POST
def obligation_owner(request, org_pk, code):
    def action(state):
        owner = None
        if request.POST.get("owner"):
            owner = (
                get_user_model()
                .objects.filter(
                    pk=id_or_none(request.POST["owner"]),
                    memberships__organization=state.organization,
                )
                .first()
            )
            if owner is None:
                raise InvalidTransition(_("Người phụ trách phải là thành viên của tổ chức."))
        services.obligation_set_owner(actor=request.user, state=state, owner=owner)

    return _act(request, org_pk, code, action)


@login_required
@require_POST
def obligation_evidence(request, org_pk, code):
    def action(state):
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Cần chọn loại bằng chứng và tệp."))
        services.evidence_add(
            actor=request.user,
            state=state,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            description=form.cleaned_data["description"],
        )

    return _act(request, org_pk, code, action)


@login_required
@require_POST
def obligation_note(request, org_pk, code):
    return _act(
        request,
        org_pk,
        code,
        lambda state: services.note_add(
            actor=request.user, state=state, body=request.POST.get("body", "")
        ),
    )


@login_required
def stored_file(request, org_pk, kind, pk):
    models = {
        "evidence": Evidence,
        "contract": Contract,
        "designation": Designation,
        "person": ProtectionPerson,
        "training": TrainingSession,
    }
    if kind not in models:
        raise Http404
    row = get_row_for_user(request.user, models[kind], org_pk, pk)
    if not row.file:
        raise Http404
    return file_response(
        row.file.open("rb"), filename=row.original_name, content_type=row.content_type
    )


# --- AI register -----------------------------------------------------------------------------------


@login_required
def ai_register(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    systems = (
        AISystem.objects.filter(organization=organization)
        .select_related("high_risk_entry")
        .prefetch_related("activities")
    )
    return render(
        request,
        "programme/ai_register.html",
        {
            "organization": organization,
            "systems": systems,
            "high_risk": organization.ai_high_risk_list.annotate(n=Count("systems")),
            "high_risk_form": HighRiskForm(),
            "can_change": has_org_perm(request.user, organization, CHANGE),
        },
    )


@login_required
def ai_edit(request, org_pk, pk=None):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    system = get_row_for_user(request.user, AISystem, org_pk, pk, CHANGE) if pk else None
    form = AISystemForm(request.POST or None, instance=system, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        activities = data.pop("activities")
        done, _system = run_for_page(
            request,
            lambda: services.ai_system_save(
                actor=request.user,
                organization=organization,
                system=system,
                activities=activities,
                **data,
            ),
            _("Đã lưu hệ thống."),
        )
        if done:
            return redirect("programme:ai_register", organization.pk)
    return render(
        request,
        "programme/form.html",
        {"organization": organization, "form": form, "title": _("Hệ thống trí tuệ nhân tạo")},
    )


@login_required
@require_POST
def high_risk_add(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    form = HighRiskForm(request.POST)
    if form.is_valid():
        services.high_risk_entry_add(
            actor=request.user, organization=organization, **form.cleaned_data
        )
    return redirect("programme:ai_register", organization.pk)


@login_required
def ai_export(request, org_pk, fmt):
    organization = get_organization_for_user(request.user, org_pk)
    if fmt not in ("json", "xlsx"):
        raise Http404
    if fmt == "json":
        data = json.dumps(exports.ai_register_data(organization), ensure_ascii=False, indent=2)
        return document_response(
            data, filename=f"ai-register-{organization.pk}.json", content_type="application/json"
        )
    return document_response(
        exports.ai_register_xlsx(organization),
        filename=f"ai-register-{organization.pk}.xlsx",
        content_type=XLSX,
    )


# --- contracts, protection staff, training -------------------------------------------------------


def _record_page(request, org_pk, form_class):
    """Return the organisation, whether the user may change it, and the page's form (bound on
    POST); a POST from someone who may only read answers 404, like a page they cannot see."""
    organization = get_organization_for_user(request.user, org_pk)
    can_change = has_org_perm(request.user, organization, CHANGE)
    if request.method == "POST" and not can_change:
        raise Http404
    form = form_class(request.POST or None, request.FILES or None, organization=organization)
    return organization, can_change, form


def _add_record(request, organization, add, data: dict, **extra) -> bool:
    """Run the register's ``add`` service with the form's ``data``, its file as the upload; say
    whether it was added (a refusal is the page's error message)."""
    data = dict(data)
    upload = data.pop("file")
    done, _row = run_for_page(
        request,
        lambda: add(actor=request.user, organization=organization, upload=upload, **extra, **data),
    )
    return done


@login_required
def contracts(request, org_pk):
    organization, can_change, form = _record_page(request, org_pk, ContractForm)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("clause_")}
        if _add_record(request, organization, services.contract_save, data, clauses=form.clauses()):
            return redirect("programme:contracts", organization.pk)
    from .models import CONTRACT_CLAUSES

    rows = Contract.objects.filter(organization=organization).select_related("recipient")
    return render(
        request,
        "programme/contracts.html",
        {
            "organization": organization,
            "contracts": rows,
            "clauses": CONTRACT_CLAUSES,
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
def protection(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    can_change = has_org_perm(request.user, organization, CHANGE)
    # The page's two forms, by prefix: a designation and a person in charge; a POST fills one.
    kinds = {
        "d": (DesignationForm, services.designation_add),
        "p": (PersonForm, services.person_add),
    }
    forms = {prefix: form_class(prefix=prefix) for prefix, (form_class, _add) in kinds.items()}
    if request.method == "POST":
        if not can_change:
            raise Http404
        prefix = "d" if "d-reference" in request.POST else "p"
        form_class, add = kinds[prefix]
        form = forms[prefix] = form_class(request.POST, request.FILES, prefix=prefix)
        if form.is_valid() and _add_record(request, organization, add, form.cleaned_data):
            return redirect("programme:protection", organization.pk)
    people = []
    for person in ProtectionPerson.objects.filter(organization=organization):
        # The same Art. 13(2) check as a certificate's staff.
        findings = qualification_findings(person)
        if not person.file:
            findings.append(_("thỏa thuận trách nhiệm bảo mật (Điều 13 khoản 5)"))
        people.append({"person": person, "findings": findings})
    return render(
        request,
        "programme/protection.html",
        {
            "organization": organization,
            "designations": Designation.objects.filter(organization=organization),
            "people": people,
            "designation_form": forms["d"],
            "person_form": forms["p"],
            "can_change": can_change,
        },
    )


@login_required
def training(request, org_pk):
    organization, can_change, form = _record_page(request, org_pk, TrainingForm)
    if (
        request.method == "POST"
        and form.is_valid()
        and _add_record(request, organization, services.training_add, form.cleaned_data)
    ):
        return redirect("programme:training", organization.pk)
    sessions = TrainingSession.objects.filter(organization=organization).prefetch_related(
        "attendees"
    )
    # Staff due: members who process data (DPO, staff) and attended no session yet.
    due = (
        get_user_model()
        .objects.filter(
            memberships__organization=organization, memberships__role__in=["dpo", "staff"]
        )
        .exclude(
            pk__in=TrainingSession.attendees.through.objects.filter(
                trainingsession__organization=organization
            ).values("user_id")
        )
        .order_by("username")
    )
    return render(
        request,
        "programme/training.html",
        {
            "organization": organization,
            "sessions": sessions,
            "due": due,
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
def report(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    language = request.GET.get("lang", "vi")
    if language not in ("vi", "en"):
        language = "vi"
    year = request.GET.get("year") or str(timezone.localdate().year)
    if not (year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        # A year typed into the link: say what is wrong on the programme page, never a 500.
        messages.error(
            request,
            _("Năm của báo cáo phải là một số từ %(first)s đến %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
        return redirect("programme:detail", org_pk=organization.pk)
    year = int(year)
    from .report import report_pdf

    return pdf_response(
        report_pdf(organization, year=year, language=language),
        f"compliance-report-{organization.pk}-{year}-{language}.pdf",
    )


def dashboard_figures(user) -> list[dict]:
    """Return, per visible organisation, its overdue obligations and assessments due in 30 days."""
    import datetime as dt

    from pdp_portal.clock.deadline_views import with_effective_due

    from .models import ObligationState as State

    now = timezone.now()
    # Not a statutory period: how far ahead the card looks (the "within 30 days").
    soon = now + dt.timedelta(days=DASHBOARD_LOOKAHEAD_DAYS)
    organizations = list(visible_organizations(user))
    rows = {
        r["organization_id"]: r
        for r in State.objects.filter(organization__in=organizations, applies=True)
        .values("organization_id")
        .annotate(
            open=Count("pk", filter=~Q(status=State.Status.DONE)),
            total=Count("pk"),
        )
    }
    from pdp_portal.clock.models import Deadline

    clocks = {
        r["organization_id"]: r
        for r in with_effective_due(
            Deadline.objects.filter(
                organization__in=organizations,
                rule__startswith="programme.",
                status__in=("open", "overdue"),
            )
        )
        .values("organization_id")
        .annotate(
            overdue=Count("pk", filter=Q(status="overdue") | Q(effective_due__lt=now)),
            due_soon=Count("pk", filter=Q(effective_due__gte=now, effective_due__lte=soon)),
        )
    }
    return [
        {
            "organization": org,
            "open": rows.get(org.pk, {}).get("open", 0),
            "total": rows.get(org.pk, {}).get("total", 0),
            "overdue": clocks.get(org.pk, {}).get("overdue", 0),
            "due_soon": clocks.get(org.pk, {}).get("due_soon", 0),
        }
        for org in organizations
    ]


DASHBOARD_LOOKAHEAD_DAYS = 30
