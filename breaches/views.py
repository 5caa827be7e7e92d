"""Staff pages under /breaches/: register, record, complete, Form 08, notices, lifecycle."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from pdp_portal.apivalidation import id_or_none
from pdp_portal.clock.models import Deadline
from pdp_portal.clock.rules import get_rule
from pdp_portal.clock.services import overdue_at
from pdp_portal.downloads import (
    document_response,
    file_response,
    form_pdf_response,
    pdf_language,
    pdf_response,
)
from pdp_portal.organizations.permissions import CHANGE, has_org_perm, visible_organizations
from pdp_portal.pagination import paginate
from pdp_portal.views import clock_row, form_page, run_for_page, run_form_for_page

from . import services
from .forms import (
    AttachmentForm,
    BreachCompleteForm,
    BreachRecordForm,
    MomentForm,
    NoticeForm,
    PublicNoticeForm,
    RecipientsUploadForm,
    SubmitForm,
)
from .models import (
    Breach,
    BreachAttachment,
    BreachSubmission,
    InvalidTransition,
    SubjectNotice,
    duties,
)
from .permissions import get_breach_for_user, visible_breaches


def clock_rows(breach: Breach) -> list[dict]:
    """Return each clock of the breach with its rule, basis and state, for the pages."""
    now = timezone.now()
    return [clock_row(deadline, now) for deadline in services.breach_deadlines(breach).values()]


@login_required
def register(request):
    breaches = (
        visible_breaches(request.user)
        .select_related("organization")
        .order_by("-discovered_at", "-pk")
    )
    status = request.GET.get("status", "")
    if status in Breach.Status.values:
        breaches = breaches.filter(status=status)
    org = id_or_none(request.GET.get("organization"))
    if org:
        breaches = breaches.filter(organization_id=org)
    page, query = paginate(request, breaches)
    breaches = list(page.object_list)
    # One query for every running notice clock on the page (no query per row).
    deadlines: dict[str, list] = {}
    if breaches:
        from django.contrib.contenttypes.models import ContentType

        ct = ContentType.objects.get_for_model(Breach)
        for d in Deadline.objects.filter(
            content_type=ct,
            object_id__in=[str(b.pk) for b in breaches],
            status__in=[Deadline.Status.OPEN, Deadline.Status.OVERDUE],
            rule__in=["breach.notify_agency", "breach.notify_subjects"],
        ).order_by("due_at"):
            deadlines.setdefault(d.object_id, []).append(d)
    rows = [(b, deadlines.get(str(b.pk), [])) for b in breaches]
    organizations = list(visible_organizations(request.user).order_by("name"))
    can_record = bool(list(visible_organizations(request.user, CHANGE)[:1]))
    return render(
        request,
        "breaches/register.html",
        {
            "rows": rows,
            "organizations": organizations,
            "statuses": Breach.Status.choices,
            "status": status,
            "organization_filter": org,
            "can_record": can_record,
            "page": page,
            "query": query,
        },
    )


@login_required
def export(request):
    breaches = (
        visible_breaches(request.user)
        .select_related("organization")
        .order_by("organization__name", "-discovered_at")
    )
    response = document_response(
        b"", filename="so-vi-pham.csv", content_type="text/csv; charset=utf-8"
    )
    response.write("\ufeff")  # Excel opens UTF-8 only with the byte order mark.
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Số hiệu"),
            _("Tổ chức"),
            _("Vụ việc"),
            _("Thời điểm phát hiện"),
            _("Trạng thái"),
            _("Mức độ"),
            _("Số chủ thể dữ liệu"),
            _("Số bản ghi"),
            _("Dữ liệu nhạy cảm"),
            _("Nộp cơ quan chuyên trách"),
            _("Khắc phục xong"),
            _("Lưu hồ sơ đến"),
        ]
    )

    def fmt(value):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""

    for b in breaches:
        writer.writerow(
            [
                b.reference,
                b.organization.name,
                b.summary,
                fmt(b.discovered_at),
                b.get_status_display(),
                b.get_severity_display(),
                b.subject_count if b.subject_count is not None else "",
                b.record_count if b.record_count is not None else "",
                "; ".join(b.sensitive_data_labels()),
                fmt(b.submitted_at),
                fmt(b.remediated_at),
                fmt(b.retain_until),
            ]
        )
    return response


@login_required
def record(request):
    organizations = list(visible_organizations(request.user, CHANGE).order_by("name"))
    if not organizations:
        raise Http404
    initial = {}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = BreachRecordForm(request.POST or None, organizations=organizations, initial=initial)

    def save():
        data = dict(form.cleaned_data)
        return services.breach_record(
            actor=request.user, organization=data.pop("organization"), **data
        )

    return form_page(
        request,
        form,
        save,
        lambda breach: (
            _("Đã ghi nhận vi phạm %(ref)s. Hãy bổ sung đủ thông tin để gửi thông báo.")
            % {"ref": breach.reference}
        ),
        by_field=True,
        to=lambda breach: breach,
        template="breaches/record.html",
    )


@login_required
def detail(request, pk):
    breach = get_breach_for_user(request.user, pk)
    can_change = has_org_perm(request.user, breach.organization, CHANGE)
    submissions = list(
        breach.submissions.select_related("submitted_by").defer("pdf").order_by("version")
    )
    return render(
        request,
        "breaches/detail.html",
        {
            "breach": breach,
            "can_change": can_change,
            "duties": duties(breach),
            "clocks": clock_rows(breach),
            "submissions": submissions,
            "review_events": breach.review_events.select_related("actor"),
            "notices": breach.subject_notices.all(),
            "missing": services.missing_for_submission(breach),
            "contact": services.primary_contact(breach.organization),
            "info_request": services.open_info_request(breach),
            "moment_form": MomentForm(),
            "attachments": breach.attachments.select_related("uploaded_by"),
            "sent_attachment_ids": set(
                services.attachments_sent(breach).values_list("pk", flat=True)
            ),
            "attachment_form": AttachmentForm(),
            "keep_rule": get_rule("breach.keep_record"),
            "now": timezone.now(),
        },
    )


@login_required
def complete(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    form = BreachCompleteForm(request.POST or None, instance=Breach.objects.get(pk=breach.pk))
    return form_page(
        request,
        form,
        lambda: services.breach_update(
            actor=request.user,
            breach=breach,
            **{name: form.cleaned_data[name] for name in BreachCompleteForm.Meta.fields},
        ),
        _("Đã lưu thông tin vi phạm."),
        by_field=True,
        to=breach,
        template="breaches/complete.html",
        context={"breach": breach},
    )


@login_required
def form08_draft(request, pk):
    breach = get_breach_for_user(request.user, pk)
    return pdf_response(
        services.form08_draft_pdf(breach, language=pdf_language(request)),
        f"mau-08-{breach.reference}-nhap.pdf",
    )


def submission_pdf_response(breach: Breach, version, request=None) -> HttpResponse:
    """Return the PDF of a version of the notification as sent (404 for an unknown version).

    With ``?lang=en``: its English rendering, made from the snapshot that was sent.
    """
    submission = get_object_or_404(BreachSubmission, breach=breach, version=version)
    filename = f"mau-08-{breach.reference}-lan-{version}.pdf"
    if request is None:
        return pdf_response(bytes(submission.pdf), filename)
    return form_pdf_response(
        request,
        bytes(submission.pdf),
        filename,
        lambda: services.render_form08(submission.snapshot, language="en"),
    )


@login_required
def submission_pdf(request, pk, version):
    return submission_pdf_response(get_breach_for_user(request.user, pk), version, request)


@login_required
def submit(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    agency_clock = services.breach_deadlines(breach).get("breach.notify_agency")
    is_initial = not breach.submissions.exists()
    late = (
        is_initial
        and agency_clock is not None
        and timezone.now() >= overdue_at(agency_clock.effective_due_at)
    )
    info_request = services.open_info_request(breach)
    form = SubmitForm(
        request.POST or None, initial={"place": services.default_place(breach.organization)}
    )
    return form_page(
        request,
        form,
        lambda: services.breach_submit(actor=request.user, breach=breach, **form.cleaned_data),
        lambda submission: (
            _("Đã gửi thông báo (Mẫu số 08) lần %(v)s đến cơ quan chuyên trách.")
            % {"v": submission.version}
        ),
        by_field=True,
        to=breach,
        template="breaches/submit.html",
        context=lambda: {
            "breach": breach,
            "is_initial": is_initial,
            "late": late,
            "agency_clock": agency_clock,
            "missing": services.missing_for_submission(breach),
            "info_request": info_request,
        },
    )


def _lifecycle_action(service, success, *, timed=True):
    """Return the POST view running a lifecycle ``service`` on the breach and going back to it.

    ``timed``: the service takes the moment the user gave on the form (``MomentForm``), if any.
    """

    @login_required
    @require_POST
    def view(request, pk):
        breach = get_breach_for_user(request.user, pk, CHANGE)
        kwargs = {}
        if timed:
            form = MomentForm(request.POST)
            kwargs["at"] = form.cleaned_data.get("at") if form.is_valid() else None
        run_for_page(request, lambda: service(actor=request.user, breach=breach, **kwargs), success)
        return redirect(breach)

    return view


contain = _lifecycle_action(
    services.breach_contain, gettext_lazy("Đã ghi nhận: vi phạm đã được ngăn chặn.")
)
remediate = _lifecycle_action(
    services.breach_remediate, gettext_lazy("Đã ghi nhận: đã khắc phục xong sự cố.")
)
close = _lifecycle_action(services.breach_close, gettext_lazy("Đã đóng vi phạm."), timed=False)
controller_notified = _lifecycle_action(
    services.breach_controller_notified,
    gettext_lazy("Đã ghi nhận việc thông báo cho bên kiểm soát dữ liệu."),
)


@login_required
@require_POST
def delete(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    deleted, _result = run_for_page(
        request,
        lambda: services.breach_delete(actor=request.user, breach=breach),
        _("Đã xóa hồ sơ vi phạm sau thời hạn lưu."),
        refusals=(InvalidTransition,),
    )
    return redirect("breaches:register" if deleted else breach)


@login_required
def record_pdf(request, pk):
    """Return the written record of the violation (Law 91/2025 Art. 23(2)) as PDF."""
    breach = get_breach_for_user(request.user, pk)
    pdf = services.record_pdf(breach, language=pdf_language(request))
    return pdf_response(pdf, f"bien-ban-{breach.reference}.pdf")


# --- attachments (Form 08 section 3) ------------------------------------------------------------


@login_required
@require_POST
def attachment_upload(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    form = AttachmentForm(request.POST, request.FILES)
    run_form_for_page(
        request,
        form,
        lambda: services.attachment_add(
            actor=request.user,
            breach=breach,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        ),
        lambda attachment: _("Đã đính kèm “%(name)s”.") % {"name": attachment.original_name},
    )
    return redirect(breach)


def attachment_response(request, breach: Breach, attachment_id, *, sent_only=False) -> FileResponse:
    """Send an attachment of ``breach`` (404 for another breach's) and audit that it was seen.

    ``sent_only``: only those enclosed with a Form 08 already sent (what the agency may see).
    """
    candidates = services.attachments_sent(breach) if sent_only else breach.attachments.all()
    attachment = get_object_or_404(candidates, pk=attachment_id)
    return file_response(
        services.attachment_open(actor=request.user, attachment=attachment),
        filename=attachment.original_name,
        content_type=attachment.content_type,
        sha256=attachment.sha256,  # served only while it is the file uploaded
    )


@login_required
def attachment_download(request, pk, attachment_id):
    return attachment_response(request, get_breach_for_user(request.user, pk), attachment_id)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_id):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    attachment = get_object_or_404(BreachAttachment, pk=attachment_id, breach=breach)
    run_for_page(
        request,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        _("Đã gỡ “%(name)s”.") % {"name": attachment.original_name},
    )
    return redirect(f"{breach.get_absolute_url()}#attachments")


# --- data-subject notices ----------------------------------------------------------------------


@login_required
def notice_new(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    form = NoticeForm(request.POST or None, initial=services.notice_defaults(breach))
    return form_page(
        request,
        form,
        lambda: services.notice_create(actor=request.user, breach=breach, **form.cleaned_data),
        _("Đã lưu thông báo. Tải danh sách người nhận để gửi."),
        by_field=True,
        to=lambda notice: _notice_url(breach, notice),
        template="breaches/notice_form.html",
        context={"breach": breach},
    )


def _notice_url(breach: Breach, notice: SubjectNotice) -> str:
    return reverse("breaches:notice", kwargs={"pk": breach.pk, "notice_id": notice.pk})


@login_required
def notice(request, pk, notice_id):
    breach = get_breach_for_user(request.user, pk)
    item = get_object_or_404(SubjectNotice, pk=notice_id, breach=breach)
    can_change = has_org_perm(request.user, breach.organization, CHANGE)
    form = RecipientsUploadForm(request.POST or None, request.FILES or None)
    csv_result = None
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_CSV_BYTES:
                form.add_error("file", _("Tệp quá lớn."))
            else:
                try:
                    csv_result = services.notice_set_recipients(
                        actor=request.user, notice=item, data=upload.read()
                    )
                except InvalidTransition as exc:
                    form.add_error(None, str(exc))
                else:
                    if csv_result.ok:
                        messages.success(
                            request,
                            ngettext(
                                "Đã nhận danh sách %(n)s người.",
                                "Đã nhận danh sách %(n)s người.",
                                len(csv_result.rows),
                            )
                            % {"n": len(csv_result.rows)},
                        )
                        return redirect(_notice_url(breach, item))
    recipients = item.recipients.all()
    return render(
        request,
        "breaches/notice.html",
        {
            "breach": breach,
            "notice": item,
            "form": form,
            "csv_result": csv_result,
            "recipient_count": recipients.count(),
            "recipients": recipients[:50],
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def notice_send(request, pk, notice_id):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    item = get_object_or_404(SubjectNotice, pk=notice_id, breach=breach)
    run_for_page(
        request,
        lambda: services.notice_send(actor=request.user, notice=item),
        lambda count: (
            ngettext(
                "Đã xếp %(n)s thư thông báo vào hàng gửi.",
                "Đã xếp %(n)s thư thông báo vào hàng gửi.",
                count,
            )
            % {"n": count}
        ),
    )
    return redirect(_notice_url(breach, item))


@login_required
def public_notice(request, pk):
    breach = get_breach_for_user(request.user, pk, CHANGE)
    initial_text = breach.public_notice_text or services.public_notice_default(breach)
    form = PublicNoticeForm(request.POST or None, initial={"text": initial_text})
    if request.method == "POST":
        if request.POST.get("withdraw"):
            services.breach_withdraw_notice(actor=request.user, breach=breach)
            messages.success(request, _("Đã gỡ thông báo công khai."))
            return redirect(breach)
        if form.is_valid():
            try:
                services.breach_publish_notice(
                    actor=request.user, breach=breach, text=form.cleaned_data["text"]
                )
            except (InvalidTransition, ValidationError) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã công bố thông báo công khai."))
                return redirect(breach)
    return render(request, "breaches/public_notice_form.html", {"form": form, "breach": breach})
