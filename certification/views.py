"""Staff pages under /certification/: the application (Form 04), certificates, Form 06 requests."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.downloads import file_response, form_pdf_response, pdf_language, pdf_response
from pdp_portal.organizations.permissions import CHANGE, has_org_perm, visible_organizations
from pdp_portal.pagination import paginate
from pdp_portal.views import clock_row, form_page, row_or_new, run_for_page, run_form_for_page

from . import services
from .forms import (
    ApplicationForm,
    ChangeRequestForm,
    EnclosureForm,
    NewApplicationForm,
    ServicesForm,
    StaffForm,
    SubmitForm,
)
from .models import (
    MIN_QUALIFIED_STAFF,
    SCHEME_POINTS,
    Application,
    ApplicationVersion,
    Certificate,
    ChangeRequest,
    Enclosure,
    QualifiedStaff,
)
from .permissions import (
    get_application_for_user,
    get_certificate_for_user,
    visible_applications,
    visible_certificates,
)


def enclosure_response(request, enclosure: Enclosure) -> FileResponse:
    """Send an enclosure (of an application or a Form 06 request) and audit that it was seen."""
    services.enclosure_record_view(actor=request.user, enclosure=enclosure)
    return file_response(
        enclosure.file.open("rb"),
        filename=enclosure.original_name,
        content_type=enclosure.content_type,
    )


def clock_rows(*subjects) -> list[dict]:
    """Return each clock of ``subjects`` with its rule, basis and state, for the pages."""
    now = timezone.now()
    return [
        clock_row(deadline, now)
        for subject in subjects
        for deadline in services.deadlines_for(subject).order_by("pk")
    ]


def dossiers_url() -> str:
    """Return the organisation's impact dossiers page, if the dossiers app offers one."""
    for name in ("dossiers:index", "dossiers:list", "dossiers:register"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def application_context(application: Application) -> dict:
    """Return the checklists shared by the staff and the agency pages of an application."""
    rows = services.staff_rows(application)
    return {
        "application": application,
        "services_list": application.services.all(),
        "staff_rows": rows,
        "qualified_count": sum(1 for r in rows if r["qualified"]),
        "min_staff": MIN_QUALIFIED_STAFF,
        "enclosure_items": services.enclosure_checklist(application),
        "conditions": services.conditions_checklist(application, rows),
        "scheme": [
            (letter, label, application.scheme_points.get(letter, ""))
            for letter, label in SCHEME_POINTS
        ],
        "enclosures": application.enclosures.select_related("staff"),
        "versions": application.versions.defer("pdf", "snapshot").order_by("version"),
        "events": application.events.select_related("actor"),
        "clocks": clock_rows(application),
        "certificates": application.certificates.order_by("issued_at"),
        "dossiers_url": dossiers_url(),
    }


@login_required
def index(request):
    # Two lists on one page, each with its own page number.
    applications, applications_query = paginate(
        request,
        visible_applications(request.user)
        .select_related("organization")
        .order_by("-created_at", "-pk"),
        param="apage",
    )
    certificates, certificates_query = paginate(
        request,
        visible_certificates(request.user)
        .select_related("organization")
        .defer("pdf", "revocation_pdf", "snapshot")
        .order_by("-issued_at", "-pk"),
        param="cpage",
    )
    can_apply = visible_organizations(request.user, CHANGE).exists()
    return render(
        request,
        "certification/index.html",
        {
            "applications": applications,
            "applications_query": applications_query,
            "certificates": certificates,
            "certificates_query": certificates_query,
            "can_apply": can_apply,
        },
    )


@login_required
def application_new(request):
    organizations = visible_organizations(request.user, CHANGE).order_by("name")
    if not organizations.exists():
        raise Http404
    form = NewApplicationForm(request.POST or None, organizations=organizations)
    return form_page(
        request,
        form,
        lambda: services.application_create(
            actor=request.user, organization=form.cleaned_data["organization"]
        ),
        lambda application: (
            _("Đã lập hồ sơ %(ref)s. Hãy điền đủ các phần trước khi nộp.")
            % {"ref": application.reference}
        ),
        to=lambda application: application,
        template="certification/application_new.html",
    )


@login_required
def application_detail(request, pk):
    application = get_application_for_user(request.user, pk)
    can_change = has_org_perm(request.user, application.organization, CHANGE)
    context = application_context(application)
    context.update(
        {
            "can_change": can_change,
            "missing": services.application_missing(application) if application.editable else [],
            "submit_form": SubmitForm(),
            "supplement_request": application.events.filter(kind="request_supplement")
            .order_by("-pk")
            .first()
            if application.status == Application.Status.SUPPLEMENT_REQUESTED
            else None,
            "enclosure_form": EnclosureForm(application=application),
        }
    )
    return render(request, "certification/application_detail.html", context)


@login_required
def application_edit(request, pk):
    application = get_application_for_user(request.user, pk, CHANGE)
    form = ApplicationForm(request.POST or None, instance=Application.objects.get(pk=pk))
    return form_page(
        request,
        form,
        lambda: services.application_update(
            actor=request.user, application=application, **form.service_data()
        ),
        _("Đã lưu hồ sơ."),
        to=application,
        template="certification/application_edit.html",
        context={"application": application, "dossiers_url": dossiers_url()},
    )


@login_required
def application_services(request, pk):
    application = get_application_for_user(request.user, pk, CHANGE)
    current = {s.service: s.scope for s in application.services.all()}
    form = ServicesForm(request.POST or None, current=current)
    return form_page(
        request,
        form,
        lambda: services.application_set_services(
            actor=request.user, application=application, services=form.cleaned_data["services"]
        ),
        _("Đã lưu danh mục dịch vụ."),
        to=application,
        template="certification/services_form.html",
        context={"application": application},
    )


@login_required
def staff_edit(request, pk, staff_id=None):
    application = get_application_for_user(request.user, pk, CHANGE)
    instance = row_or_new(QualifiedStaff, staff_id, application=application)
    form = StaffForm(request.POST or None, instance=instance)
    return form_page(
        request,
        form,
        lambda: services.staff_save(
            actor=request.user, application=application, staff=form.instance
        ),
        _("Đã lưu nhân sự."),
        to=application,
        template="certification/staff_form.html",
        # Read once the form was checked: the findings are those of what was typed.
        context=lambda: {
            "application": application,
            "staff": instance,
            "findings": services.staff_findings(instance) if instance.pk else [],
        },
    )


@login_required
@require_POST
def staff_delete(request, pk, staff_id):
    application = get_application_for_user(request.user, pk, CHANGE)
    staff = get_object_or_404(QualifiedStaff, pk=staff_id, application=application)
    run_for_page(request, lambda: services.staff_delete(actor=request.user, staff=staff))
    return redirect(application)


@login_required
@require_POST
def enclosure_upload(request, pk):
    application = get_application_for_user(request.user, pk, CHANGE)
    form = EnclosureForm(request.POST, request.FILES, application=application)
    run_form_for_page(
        request,
        form,
        lambda: services.enclosure_add(
            actor=request.user,
            application=application,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            staff=form.cleaned_data["staff"],
            description=form.cleaned_data["description"],
        ),
        _("Đã đính kèm tài liệu."),
    )
    return redirect(application)


@login_required
def enclosure_download(request, pk, enclosure_id):
    application = get_application_for_user(request.user, pk)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_id, application=application)
    return enclosure_response(request, enclosure)


@login_required
@require_POST
def enclosure_delete(request, pk, enclosure_id):
    application = get_application_for_user(request.user, pk, CHANGE)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_id, application=application)
    run_for_page(
        request, lambda: services.enclosure_delete(actor=request.user, enclosure=enclosure)
    )
    return redirect(application)


@login_required
def form04_draft(request, pk):
    application = get_application_for_user(request.user, pk)
    language = pdf_language(request)
    with translation.override(language):
        snapshot = services.form04_snapshot(application, at=timezone.now())
    pdf = services.render_form04(snapshot, draft=True, language=language)
    return pdf_response(pdf, f"mau-04-{application.reference}-nhap.pdf")


def version_pdf_response(request, application: Application, version) -> HttpResponse:
    """Return the Form 04 of ``application`` as filed the ``version``-th time (404 if never)."""
    item = get_object_or_404(ApplicationVersion, application=application, version=version)
    return form_pdf_response(
        request,
        bytes(item.pdf),
        f"mau-04-{application.reference}-lan-{version}.pdf",
        lambda: services.render_form04(item.snapshot, language="en"),
    )


@login_required
def version_pdf(request, pk, version):
    application = get_application_for_user(request.user, pk)
    return version_pdf_response(request, application, version)


@login_required
@require_POST
def application_submit(request, pk):
    application = get_application_for_user(request.user, pk, CHANGE)
    form = SubmitForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    run_for_page(
        request,
        lambda: services.application_submit(actor=request.user, application=application, note=note),
        lambda version: (
            _("Đã nộp hồ sơ (Mẫu số 04) lần %(v)s đến cơ quan chuyên trách.")
            % {"v": version.version}
        ),
    )
    return redirect(application)


@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_application_for_user(request.user, pk, CHANGE)
    run_for_page(
        request,
        lambda: services.application_withdraw(actor=request.user, application=application),
        _("Đã rút hồ sơ."),
    )
    return redirect(application)


# --- certificates and Form 06 ------------------------------------------------------------------


def certificate_context(certificate: Certificate) -> dict:
    """Return what the staff and the agency pages show of a certificate."""
    changes = list(certificate.change_requests.defer("pdf").order_by("-submitted_at"))
    return {
        "certificate": certificate,
        "verify_url": services.verification_url(certificate.number),
        "changes": changes,
        "clocks": clock_rows(certificate, *changes),
        "successor": getattr(certificate, "replaced_by", None),
    }


@login_required
def certificate_detail(request, pk):
    certificate = get_certificate_for_user(request.user, pk)
    context = certificate_context(certificate)
    context["can_change"] = has_org_perm(request.user, certificate.organization, CHANGE)
    return render(request, "certification/certificate_detail.html", context)


def certificate_pdf_response(request, certificate: Certificate) -> HttpResponse:
    """Return the certificate (Form 05) as issued."""
    return form_pdf_response(
        request,
        bytes(certificate.pdf),
        f"giay-chung-nhan-{certificate.number}.pdf",
        lambda: services.render_form05(certificate.snapshot, language="en"),
    )


def revocation_pdf_response(request, certificate: Certificate) -> HttpResponse:
    """Return the revocation decision (Form 07) of a certificate (404 if it was never revoked)."""
    if not certificate.revocation_pdf:
        raise Http404
    return form_pdf_response(
        request,
        bytes(certificate.revocation_pdf),
        f"quyet-dinh-thu-hoi-{certificate.number}.pdf",
        lambda: services.render_form07(certificate, certificate.revocation_snapshot, language="en"),
    )


def change_pdf_response(request, change: ChangeRequest) -> HttpResponse:
    """Return a Form 06 request as filed."""
    return form_pdf_response(
        request,
        bytes(change.pdf),
        f"mau-06-{change.certificate.number}-{change.pk}.pdf",
        lambda: services.render_form06(change.snapshot, language="en"),
    )


@login_required
def certificate_pdf(request, pk):
    return certificate_pdf_response(request, get_certificate_for_user(request.user, pk))


@login_required
def revocation_pdf(request, pk):
    return revocation_pdf_response(request, get_certificate_for_user(request.user, pk))


@login_required
def change_new(request, pk):
    certificate = get_certificate_for_user(request.user, pk, CHANGE)
    form = ChangeRequestForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda: services.certificate_request_change(
            actor=request.user, certificate=certificate, **form.cleaned_data
        ),
        _("Đã nộp đơn đề nghị (Mẫu số 06)."),
        by_field=True,
        to=certificate,
        template="certification/change_form.html",
        context={"certificate": certificate},
    )


@login_required
def change_pdf(request, pk):
    change = get_object_or_404(ChangeRequest, pk=pk)
    get_certificate_for_user(request.user, change.certificate_id)
    return change_pdf_response(request, change)


@login_required
def change_enclosure(request, pk, enclosure_id):
    change = get_object_or_404(ChangeRequest, pk=pk)
    get_certificate_for_user(request.user, change.certificate_id)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_id, change_request=change)
    return enclosure_response(request, enclosure)


@login_required
@require_POST
def certificate_returned(request, pk):
    certificate = get_certificate_for_user(request.user, pk, CHANGE)
    record_return(request, certificate)
    return redirect(certificate)


def record_return(request, certificate: Certificate) -> None:
    """Record that the revoked certificate came back (Decree 356 Art. 27(3)), for both sides."""
    run_for_page(
        request,
        lambda: services.certificate_record_return(actor=request.user, certificate=certificate),
        _("Đã ghi nhận việc nộp lại giấy chứng nhận."),
    )
