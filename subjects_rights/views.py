"""Staff pages: the inbox, a request with its actions, requests entered by hand."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.clock.counting import compute_stored
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import ClockError
from pdp_portal.clock.services import deadlines_for, format_due
from pdp_portal.downloads import file_response
from pdp_portal.organizations.models import Membership
from pdp_portal.organizations.permissions import (
    CHANGE,
    MANAGE,
    get_organization_for_user,
    has_org_perm,
    visible_organizations,
)
from pdp_portal.pagination import paginate
from pdp_portal.views import add_service_errors, run_for_page

from . import documents, services
from .forms import (
    AssignForm,
    ExtendForm,
    FulfilForm,
    InboxFilterForm,
    MessageForm,
    RefuseForm,
    RespondForm,
    StaffRequestForm,
    ThirdPartyDoneForm,
    ThirdPartyForm,
)
from .models import (
    OPEN_STATUSES,
    RESPOND_RULE,
    TRANSITIONS,
    Attachment,
    IntakeKey,
    RequestEvent,
    RequestType,
    Status,
    ThirdPartyAction,
)
from .permissions import get_request_for_user, visible_requests
from .public_views import pdf_response
from .responses import response_template

# A presentation threshold, not a statutory period: requests due within it count as "due soon".
DUE_SOON = dt.timedelta(days=2)
PAGE_SIZE = 50
RUNNING = [Deadline.Status.OPEN, Deadline.Status.OVERDUE]


def running_deadlines():
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(status__in=RUNNING).order_by("due_at"),
        to_attr="running_deadlines",
    )


@login_required
def inbox(request):
    """List the requests of the user's organisations, soonest due first, with filters."""
    organizations = visible_organizations(request.user)
    assignees = (
        get_user_model()
        .objects.filter(
            memberships__organization__in=organizations,
            memberships__role__in=[Membership.Role.DPO, Membership.Role.STAFF],
        )
        .distinct()
        .order_by("username")
    )
    form = InboxFilterForm(request.GET or None, assignees=assignees)
    requests = RightsRequestList(request.user, form).queryset()
    page, query = paginate(request, requests, PAGE_SIZE)
    return render(
        request,
        "subjects_rights/inbox.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_enter": visible_organizations(request.user, CHANGE).exists(),
            "now": timezone.now(),
        },
    )


class RightsRequestList:
    """The inbox query: filters from the form, soonest due first, a fixed number of queries."""

    def __init__(self, user, form):
        self.user = user
        self.form = form

    def queryset(self):
        qs = visible_requests(self.user).select_related("organization", "assignee")
        data = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        status = data.get("status", "")
        if status == "all":
            pass
        elif status:
            qs = qs.filter(status=status)
        else:
            qs = qs.filter(status__in=OPEN_STATUSES)
        if data.get("type"):
            qs = qs.filter(request_type=data["type"])
        assignee = data.get("assignee", "")
        if assignee == "me":
            qs = qs.filter(assignee=self.user)
        elif assignee == "none":
            qs = qs.filter(assignee__isnull=True)
        elif assignee:
            qs = qs.filter(assignee_id=assignee)
        now = timezone.now()
        if data.get("due") == "soon":
            qs = qs.filter(due_at__gte=now, due_at__lte=now + DUE_SOON)
        elif data.get("due") == "overdue":
            qs = qs.filter(due_at__lt=now)
        q = (data.get("q") or "").strip()
        if q:
            qs = qs.filter(
                Q(full_name__icontains=q) | Q(email__icontains=q) | Q(reference__iexact=q)
            )
        return qs.prefetch_related(running_deadlines()).order_by(
            F("due_at").asc(nulls_last=True), "-created_at", "-id"
        )


@login_required
def request_new(request):
    """Enter a request received by e-mail, post, phone or at the counter."""
    organizations = visible_organizations(request.user, CHANGE).order_by("name")
    if not organizations.exists():
        raise Http404
    form = StaffRequestForm(
        request.POST or None, request.FILES or None, organizations=organizations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rights_request, _token, _new = services.request_enter(
                actor=request.user,
                organization=data["organization"],
                channel=data["channel"],
                received_at=data["received_at"],
                request_type=data["request_type"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                relationship=data["relationship"],
                description=data["description"],
                language=data["language"],
                files=data["attachments"],
            )
        except (services.RightsError, ValidationError) as exc:
            _show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận yêu cầu %(ref)s; các thời hạn tính từ %(at)s.")
                % {"ref": rights_request.reference, "at": format_due(rights_request.received_at)},
            )
            return redirect(rights_request)
    return render(
        request, "subjects_rights/new.html", {"form": form}, status=400 if form.errors else 200
    )


def _show_refusal(form, exc) -> None:
    """Show on ``form`` why a service refused: by the field it names, else above the fields."""
    if isinstance(exc, services.RightsError):
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    else:
        add_service_errors(form, exc)


@login_required
def request_detail(request, pk):
    """Show one request: its data, clocks with their basis, timeline and actions."""
    rights_request = get_request_for_user(request.user, pk)
    services.request_record_view(actor=request.user, request=rights_request)
    return _render_detail(request, rights_request)


def _forms_for(rights_request, bound=None):
    organization = rights_request.organization
    values = _template_values(rights_request)
    forms = {
        "assign": AssignForm(
            organization=organization, initial={"assignee": rights_request.assignee_id}
        ),
        "respond": RespondForm(
            initial={
                "body": response_template(
                    group=rights_request.group, language=rights_request.language, **values
                )
            }
        ),
        # Law 91/2025 Art. 4(1)(a), (đ): no fulfilment period, so nothing to extend.
        "extend": ExtendForm(rule_code=rights_request.fulfil_rule)
        if rights_request.fulfil_rule
        else None,
        "third_party": ThirdPartyForm(),
        "fulfil": FulfilForm(),
        "refuse": RefuseForm(group=rights_request.group),
        "message": MessageForm(),
    }
    forms.update(bound or {})
    return forms


def _template_values(rights_request) -> dict:
    due = rights_request.due_at
    fulfil = (
        next(
            (d for d in deadlines_for(rights_request).filter(rule=rights_request.fulfil_rule)),
            None,
        )
        if rights_request.fulfil_rule
        else None
    )
    language = rights_request.language
    with translation.override(language):
        return {
            "name": rights_request.full_name,
            "org": rights_request.organization.name,
            "ref": rights_request.reference,
            "type": str(RequestType(rights_request.request_type).label),
            "received": format_due(rights_request.received_at)
            if rights_request.received_at
            else "",
            "due": format_due(fulfil.effective_due_at)
            if fulfil
            else (format_due(due) if due else ""),
            "basis": _basis(fulfil.rule) if fulfil else "",
        }


def _basis(code):
    from pdp_portal.clock.rules import get_rule

    return get_rule(code).basis


def _explain(deadline) -> list:
    try:
        return compute_stored(deadline).explanation
    except ClockError:
        return []


def _next_step(rights_request, deadlines, *, can_extend: bool) -> dict | None:
    """Return the action the request's status and clocks point to next (Decree 356 Art. 5).

    1. Received: the 2-working-day response (Art. 5(2)-(5)) comes first.
    2. Then the fulfilment, unless its clock is about to run out and the one extension is
       still available: then the extension, with its reasons told to the data subject.
    """
    if not rights_request.is_open:
        return None
    running = {d.rule: d for d in deadlines if d.status in RUNNING}
    if rights_request.status == Status.RECEIVED:
        return {
            "action": "respond",
            "label": _("Phản hồi chủ thể dữ liệu"),
            "deadline": running.get(RESPOND_RULE),
        }
    fulfil = running.get(rights_request.fulfil_rule)
    if can_extend and fulfil and fulfil.effective_due_at - timezone.now() <= DUE_SOON:
        return {
            "action": "extend",
            "label": _("Gia hạn thời hạn thực hiện (một lần)"),
            "deadline": fulfil,
        }
    return {
        "action": "fulfil",
        "label": _("Thực hiện yêu cầu, rồi đánh dấu đã thực hiện"),
        "deadline": fulfil,
    }


def _render_detail(request, rights_request, *, bound=None, status=200):
    deadlines = list(deadlines_for(rights_request))
    for deadline in deadlines:
        deadline.steps = _explain(deadline)
    events = services.request_timeline(rights_request)
    messages_ = list(rights_request.messages.select_related("author"))
    timeline = sorted(
        [("event", e.created_at, e) for e in events]
        + [("message", m.created_at, m) for m in messages_],
        key=lambda item: item[1],
    )
    can_change = has_org_perm(request.user, rights_request.organization, CHANGE)
    fulfil_deadline = next((d for d in deadlines if d.rule == rights_request.fulfil_rule), None)
    can_extend = (
        rights_request.is_open
        and fulfil_deadline is not None
        and fulfil_deadline.status == Deadline.Status.OPEN
        and not fulfil_deadline.extension_days
    )
    # Decree 356 Art. 5(2)-(5): one extension only; once used, the page says when and why no more.
    extended_on = next(
        (e.created_at for e in reversed(events) if e.kind == RequestEvent.Kind.EXTENDED), None
    )
    other_language = "en" if rights_request.language == "vi" else "vi"
    return render(
        request,
        "subjects_rights/detail.html",
        {
            "r": rights_request,
            "deadlines": deadlines,
            "timeline": timeline,
            "attachments": rights_request.attachments.all(),
            "actions": rights_request.third_party_actions.select_related("deadline"),
            "forms": _forms_for(rights_request, bound) if can_change else {},
            "can_change": can_change,
            "allowed": TRANSITIONS[rights_request.status],
            "is_open": rights_request.is_open,
            "can_extend": can_extend,
            "extended_on": extended_on,
            "next_step": _next_step(rights_request, deadlines, can_extend=can_extend),
            "fulfil_deadline": fulfil_deadline,
            "other_template": response_template(
                group=rights_request.group,
                language=other_language,
                **_template_values(rights_request),
            ),
            "other_language": other_language,
        },
        status=status,
    )


def _action(name, *, form, run, success):
    """Return the POST view of one action of the request page (``forms[name]`` on the page).

    It gates the request, validates ``form(request, rights_request)``, calls the service with
    ``run(actor, rights_request, cleaned_data)`` and confirms with ``success``; a refusal shows the
    page again with the bound form and its errors, so nothing the user typed is lost.
    """

    @login_required
    @require_POST
    def view(request, pk):
        rights_request = get_request_for_user(request.user, pk, CHANGE)
        bound = form(request, rights_request)
        if bound.is_valid():
            try:
                run(request.user, rights_request, bound.cleaned_data)
            except (services.RightsError, ValidationError) as exc:
                _show_refusal(bound, exc)
            else:
                messages.success(request, success)
                return redirect(rights_request)
        rights_request.refresh_from_db()
        return _render_detail(request, rights_request, bound={name: bound}, status=400)

    view.__name__ = view.__qualname__ = f"action_{name}"
    return view


action_assign = _action(
    "assign",
    form=lambda request, r: AssignForm(request.POST, organization=r.organization),
    run=lambda actor, r, d: services.request_assign(actor=actor, request=r, assignee=d["assignee"]),
    success=gettext_lazy("Đã phân công."),
)
action_respond = _action(
    "respond",
    form=lambda request, r: RespondForm(request.POST),
    run=lambda actor, r, d: services.request_respond(actor=actor, request=r, body=d["body"]),
    success=gettext_lazy("Đã gửi phản hồi cho chủ thể dữ liệu."),
)
action_extend = _action(
    "extend",
    form=lambda request, r: ExtendForm(request.POST, rule_code=r.fulfil_rule),
    run=lambda actor, r, d: services.request_extend(
        actor=actor, request=r, days=d["days"], reason=d["reason"]
    ),
    success=gettext_lazy("Đã gia hạn và thông báo lý do cho chủ thể dữ liệu."),
)
action_third_party = _action(
    "third_party",
    form=lambda request, r: ThirdPartyForm(request.POST),
    run=lambda actor, r, d: services.request_third_party_add(actor=actor, request=r, **d),
    success=gettext_lazy("Đã thêm việc của bên xử lý / bên thứ ba và bắt đầu tính thời hạn."),
)
action_fulfil = _action(
    "fulfil",
    form=lambda request, r: FulfilForm(request.POST, request.FILES),
    run=lambda actor, r, d: services.request_fulfil(
        actor=actor, request=r, note=d["note"], files=d["evidence"]
    ),
    success=gettext_lazy("Đã đánh dấu yêu cầu đã thực hiện và thông báo cho chủ thể dữ liệu."),
)
action_refuse = _action(
    "refuse",
    form=lambda request, r: RefuseForm(request.POST, group=r.group),
    run=lambda actor, r, d: services.request_refuse(
        actor=actor, request=r, ground=d["ground"], detail=d["detail"]
    ),
    success=gettext_lazy("Đã từ chối và thông báo căn cứ cho chủ thể dữ liệu."),
)
action_message = _action(
    "message",
    form=lambda request, r: MessageForm(request.POST),
    run=lambda actor, r, d: services.request_message(actor=actor, request=r, body=d["body"]),
    success=gettext_lazy("Đã gửi thông báo cho chủ thể dữ liệu."),
)


@login_required
@require_POST
def action_third_party_done(request, pk, action_id):
    rights_request = get_request_for_user(request.user, pk, CHANGE)
    action = get_object_or_404(ThirdPartyAction, pk=action_id, request=rights_request)
    form = ThirdPartyDoneForm(request.POST)
    form.is_valid()
    run_for_page(
        request,
        lambda: services.request_third_party_done(
            actor=request.user, action=action, note=form.cleaned_data.get("note", "")
        ),
        _("Đã ghi nhận bên xử lý / bên thứ ba thực hiện xong."),
        refusals=(services.RightsError,),
    )
    return redirect(rights_request)


@login_required
@require_POST
def action_withdraw(request, pk):
    """Record a withdrawal the data subject made by another channel (phone, letter)."""
    rights_request = get_request_for_user(request.user, pk, CHANGE)
    run_for_page(
        request,
        lambda: services.request_withdraw(actor=request.user, request=rights_request),
        _("Đã ghi nhận chủ thể dữ liệu rút yêu cầu."),
        refusals=(services.RightsError,),
    )
    return redirect(rights_request)


@login_required
def attachment_download(request, pk, attachment_id):
    """Send an attachment to a member of the organisation, and audit that they saw it."""
    rights_request = get_request_for_user(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, request=rights_request)
    services.request_record_view(
        actor=request.user, request=rights_request, what="attachment", attachment=attachment
    )
    return file_response(
        attachment.file.open("rb"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def acknowledgement_pdf(request, pk):
    """Send the acknowledgement of receipt the data subject can download (``?lang=vi|en``)."""
    rights_request = get_request_for_user(request.user, pk)
    if rights_request.received_at is None:
        # An unconfirmed request has not been received yet: there is nothing to acknowledge.
        raise Http404
    services.request_record_view(actor=request.user, request=rights_request, what="acknowledgement")
    return pdf_response(
        documents.acknowledgement_pdf(rights_request, language=request.GET.get("lang")),
        documents.acknowledgement_filename(rights_request),
    )


@login_required
def intake_keys(request, org_pk):
    """Let a DPO create and revoke the filing keys of the organisation's own apps."""
    organization = get_organization_for_user(request.user, org_pk, MANAGE)
    secret = ""
    if request.method == "POST":
        if request.POST.get("revoke"):
            key = get_object_or_404(
                IntakeKey, pk=id_or_none(request.POST["revoke"]), organization=organization
            )
            services.intake_key_revoke(actor=request.user, key=key)
            messages.success(request, _("Đã thu hồi khóa."))
            return redirect("subjects_rights:intake_keys", org_pk=organization.pk)
        try:
            _key, secret = services.intake_key_create(
                actor=request.user, organization=organization, name=request.POST.get("name", "")
            )
        except services.RightsError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "subjects_rights/intake_keys.html",
        {
            "organization": organization,
            "keys": organization.rights_intake_keys.all(),
            "secret": secret,
        },
    )
