"""Staff pages under /dossiers/: the register, the dossiers, their versions, PDFs and packages."""

import hashlib
import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pdp_portal.downloads import XLSX, document_response, file_response, pdf_language, pdf_response
from pdp_portal.organizations.permissions import (
    CHANGE,
    get_organization_for_user,
    has_org_perm,
    visible_organizations,
)
from pdp_portal.pagination import paginate
from pdp_portal.views import clock_row, form_page, run_for_page, run_form_for_page

from . import documents, domestic, services, xlsx
from .catalogue import FIELDS, PROCESSING, TRANSFER
from .forms import (
    ActivityForm,
    ChangeForm,
    DomesticTransferForm,
    EnclosureForm,
    ImportForm,
    RecipientForm,
    SubmitForm,
    TransferForm,
    answers_form_class,
    subjects_text,
)
from .models import (
    AWAITING_AGENCY,
    DomesticTransfer,
    Dossier,
    DossierEnclosure,
    DossierVersion,
    ProcessingActivity,
    Recipient,
    RegisterChange,
    Transfer,
    VersionEnclosure,
)
from .permissions import get_dossier_for_user


def clock_rows(dossier: Dossier, deadlines: dict | None = None) -> list[dict]:
    """Return each clock of the dossier with its rule, basis and state, for the pages."""
    if deadlines is None:
        deadlines = services.dossier_deadlines(dossier)
    now = timezone.now()
    return [clock_row(deadline, now) for deadline in deadlines.values()]


def _file_response(item, *, check_hash: bool) -> FileResponse:
    # A frozen enclosure is served only while it is still byte for byte what was submitted.
    return file_response(
        item.file.open("rb"),
        filename=item.original_name,
        content_type=item.content_type,
        sha256=item.sha256 if check_hash else None,
    )


def version_pdf(version: DossierVersion, doc: str, language: str = "vi") -> tuple[bytes, str]:
    """Return (bytes, file name) of one frozen PDF of a version, as the national portal names it.

    In English: the same snapshot rendered as a translation for reference (never stored).
    """
    s = version.snapshot
    base = f"{version.dossier.reference}-v{version.number}"
    if doc == "notice":
        data, name = bytes(version.notice_pdf), f"{_slug(s['notice_form'])}-{base}.pdf"
    elif doc == "report":
        data, name = bytes(version.report_pdf), f"{_slug(s['report_form'])}-{base}.pdf"
    elif doc == "update" and version.update_pdf:
        form = "Mẫu số 03b" if s["filer_kind"] == "individual" else "Mẫu số 03a"
        data, name = bytes(version.update_pdf), f"{_slug(form)}-{base}.pdf"
    else:
        raise Http404
    if language == "en":
        return _english_version_pdf(version, doc), name.removesuffix(".pdf") + "-en.pdf"
    return data, name


def _english_version_pdf(version: DossierVersion, doc: str) -> bytes:
    s = version.snapshot
    if doc == "notice":
        return documents.render_notice(s, language="en")
    if doc == "report":
        return documents.render_report(s, language="en")
    return documents.render_update(
        s,
        change_summary=version.change_summary,
        change_reason=version.change_reason,
        language="en",
    )


def _slug(form: str) -> str:
    # "Mẫu số 02a" -> "mau-02a"
    return "mau-" + form.split()[-1].lower()


def package_zip(version: DossierVersion) -> bytes:
    """Return the filing package: notice, report, update form and enclosures, numbered in order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        docs = ["notice", "report"] + (["update"] if version.update_pdf else [])
        lines = []
        for i, doc in enumerate(docs, start=1):
            data, name = version_pdf(version, doc)
            archive.writestr(f"{i:02d}-{name}", data)
            lines.append(f"{i:02d}-{name}  sha256={hashlib.sha256(data).hexdigest()}")
        for j, e in enumerate(version.enclosures.all(), start=len(docs) + 1):
            name = f"{j:02d}-tai-lieu-kem-theo-{e.category}-{e.original_name}"
            with e.file.open("rb") as handle:
                archive.writestr(name, handle.read())
            lines.append(f"{name}  sha256={e.sha256}")
        archive.writestr("DANH-MUC.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()


def compare_context(dossier: Dossier, request) -> dict:
    versions = list(
        dossier.versions.defer("notice_pdf", "report_pdf", "update_pdf").order_by("number")
    )
    if len(versions) < 1:
        raise Http404

    def pick(name, default):
        try:
            number = int(request.GET.get(name, default))
        except ValueError:
            number = default
        return next((v for v in versions if v.number == number), None)

    last = versions[-1].number
    a = pick("a", max(1, last - 1))
    b = pick("b", last)
    if a is None or b is None:
        raise Http404
    return {
        "dossier": dossier,
        "versions": versions,
        "a": a,
        "b": b,
        "rows": documents.diff(a.snapshot, b.snapshot),
    }


# --- overview and register ---------------------------------------------------------------------


@login_required
def index(request):
    # Every per-organisation fact is read for all organisations at once: the page costs the same
    # number of queries for one organisation as for a thousand.
    page, query = paginate(
        request,
        visible_organizations(request.user)
        .annotate(activity_count=Count("processing_activities"))
        .order_by("name", "pk"),
    )
    organizations = list(page.object_list)
    changeable = set(visible_organizations(request.user, CHANGE).values_list("pk", flat=True))
    dossiers = {
        (d.organization_id, d.kind): d
        for d in Dossier.objects.filter(organization__in=organizations).select_related(
            "organization"
        )
    }
    clocks = services.dossiers_clocks(dossiers.values())
    activities: dict[int, list] = {org.pk: [] for org in organizations}
    for activity in ProcessingActivity.objects.filter(organization__in=organizations):
        activities[activity.organization_id].append(activity)
    transfers: dict[int, list] = {org.pk: [] for org in organizations}
    for transfer in Transfer.objects.filter(organization__in=organizations).select_related(
        "activity"
    ):
        transfers[transfer.organization_id].append(transfer)
    blocks = []
    for org in organizations:
        kinds = []
        for kind in (PROCESSING, TRANSFER):
            dossier = dossiers.get((org.pk, kind))
            deadlines, complete = clocks.get(dossier.pk, ({}, None)) if dossier else ({}, None)
            kinds.append(
                {
                    "kind": kind,
                    "label": Dossier.Kind(kind).label,
                    "requirement": services.requirement(
                        org, kind, activities=activities[org.pk], transfers=transfers[org.pk]
                    ),
                    "dossier": dossier,
                    "clocks": clock_rows(dossier, deadlines) if dossier else [],
                    "flag": services.sanction_flag(dossier, complete) if complete else None,
                }
            )
        blocks.append(
            {
                "organization": org,
                "kinds": kinds,
                "can_change": org.pk in changeable,
                "activity_count": org.activity_count,
            }
        )
    return render(request, "dossiers/index.html", {"blocks": blocks, "page": page, "query": query})


@login_required
def register(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    # Four lists on one page, each with its own page parameter; the other lists keep their page.
    lists = {
        "activities": (
            organization.processing_activities.prefetch_related(
                "recipients", "transfers__recipient"
            ).order_by("name", "pk"),
            "pa",
        ),
        "recipients": (
            Recipient.objects.filter(organization=organization).order_by("name", "pk"),
            "pr",
        ),
        "transfers": (
            Transfer.objects.filter(organization=organization)
            .select_related("activity", "recipient")
            .order_by("activity__name", "pk"),
            "pt",
        ),
        "domestic": (
            DomesticTransfer.objects.filter(organization=organization)
            .select_related("activity", "recipient")
            .order_by("activity__name", "pk"),
            "pd",
        ),
    }
    context = {}
    for name, (items, param) in lists.items():
        page, query = paginate(request, items, param=param)
        context[name] = page
        context[f"{name}_query"] = query
    return render(
        request,
        "dossiers/register.html",
        {
            "organization": organization,
            **context,
            "changes": list(RegisterChange.objects.filter(organization=organization)[:30]),
            "can_change": has_org_perm(request.user, organization, CHANGE),
            "import_form": ImportForm(),
        },
    )


def _register_form(
    request, org_pk, pk, model, form_class, save, template_title, to_initial, to_fields
):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    item = get_object_or_404(model, pk=pk, organization=organization) if pk else None
    kwargs = (
        {"organization": organization}
        if form_class in (ActivityForm, TransferForm, DomesticTransferForm)
        else {}
    )
    form = form_class(request.POST or None, initial=to_initial(item) if item else None, **kwargs)
    return form_page(
        request,
        form,
        lambda: save(
            actor=request.user,
            organization=organization,
            item=item,
            **to_fields(form.cleaned_data),
        ),
        _("Đã lưu vào sổ đăng ký."),
        by_field=True,
        to=reverse("dossiers:register", kwargs={"org_pk": organization.pk}),
        template="dossiers/register_form.html",
        context={"organization": organization, "title": template_title, "item": item},
    )


def _activity_initial(a):
    return {
        "name": a.name,
        "purpose": a.purpose,
        "role": a.role,
        "subjects": subjects_text(a.subject_categories),
        "basic_data_types": a.basic_data_types,
        "sensitive_data_types": a.sensitive_data_types,
        "data_flow": a.data_flow,
        "consent_method": a.consent_method,
        "retention": a.retention,
        "deletion": a.deletion,
        "recipients": list(a.recipients.all()),
        "started_on": a.started_on,
        "ended_on": a.ended_on,
    }


def _activity_fields(data):
    data = dict(data)
    data["subject_categories"] = data.pop("subjects")
    return data


def _save_activity(*, actor, organization, item, recipients, **fields):
    return services.activity_save(
        actor=actor, organization=organization, activity=item, recipients=list(recipients), **fields
    )


@login_required
def activity_edit(request, org_pk, pk=None):
    return _register_form(
        request,
        org_pk,
        pk,
        ProcessingActivity,
        ActivityForm,
        _save_activity,
        _("Hoạt động xử lý dữ liệu cá nhân"),
        _activity_initial,
        _activity_fields,
    )


def _row_edit(request, org_pk, pk, model, form_class, title, fields, write, keyword):
    """A register row's page: its form filled from ``fields``, saved through ``write``."""

    def save(*, actor, organization, item, **data):
        return write(actor=actor, organization=organization, **{keyword: item}, **data)

    def initial(row):
        return {name: getattr(row, name) for name in fields}

    return _register_form(request, org_pk, pk, model, form_class, save, title, initial, dict)


@login_required
def recipient_edit(request, org_pk, pk=None):
    return _row_edit(
        request,
        org_pk,
        pk,
        Recipient,
        RecipientForm,
        _("Bên liên quan"),
        services.RECIPIENT_FIELDS,
        services.recipient_save,
        "recipient",
    )


def _transfer_save(*, exemption="", **data):
    return services.transfer_save(exemption=exemption or "", **data)


@login_required
def transfer_edit(request, org_pk, pk=None):
    return _row_edit(
        request,
        org_pk,
        pk,
        Transfer,
        TransferForm,
        _("Chuyển dữ liệu cá nhân xuyên biên giới"),
        services.TRANSFER_FIELDS,
        _transfer_save,
        "transfer",
    )


@login_required
def domestic_edit(request, org_pk, pk=None):
    return _row_edit(
        request,
        org_pk,
        pk,
        DomesticTransfer,
        DomesticTransferForm,
        _("Chuyển giao dữ liệu cá nhân trong nước"),
        domestic.DOMESTIC_FIELDS,
        domestic.domestic_transfer_save,
        "transfer",
    )


@login_required
def change_new(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    form = ChangeForm(
        request.POST or None,
        initial={"occurred_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    return form_page(
        request,
        form,
        lambda: services.change_declare(
            actor=request.user, organization=organization, **form.cleaned_data
        ),
        _("Đã ghi nhận thay đổi; thời hạn cập nhật hồ sơ (nếu có) đã được mở."),
        by_field=True,
        to=reverse("dossiers:register", kwargs={"org_pk": organization.pk}),
        template="dossiers/register_form.html",
        context={"organization": organization, "title": _("Khai báo thay đổi cần cập nhật hồ sơ")},
    )


@login_required
def register_export(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk)
    return document_response(
        xlsx.export_register(organization),
        filename=f"so-dang-ky-{organization.tax_code}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_POST
def register_import(request, org_pk):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Cần chọn tệp XLSX."))
        return redirect("dossiers:register", org_pk=organization.pk)
    try:
        result = xlsx.import_register(
            actor=request.user, organization=organization, upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        for text in exc.messages[:30]:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("Đã nhập %(a)s hoạt động, %(r)s bên liên quan, %(t)s hoạt động chuyển dữ liệu.")
            % result,
        )
    return redirect("dossiers:register", org_pk=organization.pk)


# --- dossiers ----------------------------------------------------------------------------------


@login_required
@require_POST
def dossier_new(request, org_pk, kind):
    organization = get_organization_for_user(request.user, org_pk, CHANGE)
    if kind not in Dossier.Kind.values:
        raise Http404
    dossier = services.dossier_open(actor=request.user, organization=organization, kind=kind)
    return redirect(dossier)


@login_required
def detail(request, pk):
    dossier = get_dossier_for_user(request.user, pk)
    can_change = has_org_perm(request.user, dossier.organization, CHANGE)
    versions = list(
        dossier.versions.defer("notice_pdf", "report_pdf", "update_pdf", "snapshot")
        .select_related("submitted_by")
        .order_by("number")
    )
    snapshot = documents.build_snapshot(dossier)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "can_change": can_change,
            "editable": dossier.status not in AWAITING_AGENCY,
            "requirement": services.requirement(dossier.organization, dossier.kind),
            "clocks": clock_rows(dossier),
            "flag": services.sanction_flag(dossier),
            "missing": documents.missing_by_section(dossier, snapshot),
            "snapshot": snapshot,
            "versions": versions,
            "events": dossier.review_events.select_related("actor", "reviewer", "version"),
            "completion_request": services.open_completion_request(dossier),
            "pending_changes": services.pending_changes(dossier),
            "enclosures": dossier.enclosures.all(),
            "enclosure_form": EnclosureForm(),
        },
    )


@login_required
def edit(request, pk):
    dossier = get_dossier_for_user(request.user, pk, CHANGE)
    form_class = answers_form_class(dossier.kind)
    initial = {}
    for key, value in documents.effective_answers(dossier).items():
        if key in form_class.base_fields:
            if FIELDS[key].kind == "yesno" and value is not None:
                value = "1" if value else "0"
            initial[key] = value
    form = form_class(request.POST or None, initial=initial)

    def context():
        snapshot = documents.build_snapshot(dossier)
        return {
            "dossier": dossier,
            "groups": [(section, [form[k] for k in keys]) for section, keys in form_class.groups],
            "large_scale": snapshot["large_scale"],
            "snapshot": snapshot,
        }

    return form_page(
        request,
        form,
        lambda: services.dossier_save_answers(
            actor=request.user, dossier=dossier, answers=form.cleaned_data
        ),
        _("Đã lưu nội dung hồ sơ."),
        to=dossier,
        template="dossiers/edit.html",
        context=context,
    )


@login_required
@require_POST
def enclosure_add(request, pk):
    dossier = get_dossier_for_user(request.user, pk, CHANGE)
    form = EnclosureForm(request.POST, request.FILES)
    run_form_for_page(
        request,
        form,
        lambda: services.enclosure_add(
            actor=request.user,
            dossier=dossier,
            upload=form.cleaned_data["file"],
            category=form.cleaned_data["category"],
            description=form.cleaned_data["description"],
        ),
        _("Đã đính kèm tài liệu."),
        invalid=_("Cần chọn loại tài liệu và tệp."),
    )
    return redirect(dossier)


@login_required
@require_POST
def enclosure_remove(request, pk, eid):
    dossier = get_dossier_for_user(request.user, pk, CHANGE)
    enclosure = get_object_or_404(DossierEnclosure, pk=eid, dossier=dossier)
    run_for_page(
        request,
        lambda: services.enclosure_remove(actor=request.user, dossier=dossier, enclosure=enclosure),
    )
    return redirect(dossier)


@login_required
def enclosure_download(request, pk, eid):
    dossier = get_dossier_for_user(request.user, pk)
    return _file_response(
        get_object_or_404(DossierEnclosure, pk=eid, dossier=dossier), check_hash=False
    )


@login_required
def preview(request, pk, doc):
    dossier = get_dossier_for_user(request.user, pk)
    snapshot = documents.build_snapshot(
        dossier, at=timezone.now(), place=documents.default_place(dossier.organization)
    )
    language = pdf_language(request)
    if doc == "notice":
        pdf = documents.render_notice(snapshot, draft=True, language=language)
    elif doc == "report":
        pdf = documents.render_report(snapshot, draft=True, language=language)
    elif doc == "update":
        last = dossier.versions.order_by("-number").first()
        if last is None:
            raise Http404
        rows = documents.diff(last.snapshot, snapshot)
        with translation.override(language):
            summary = documents.diff_summary(rows)
        pdf = documents.render_update(
            snapshot, change_summary=summary, change_reason="", draft=True, language=language
        )
    else:
        raise Http404
    return pdf_response(pdf, f"{doc}-{dossier.reference}-nhap.pdf")


@login_required
def submit(request, pk):
    dossier = get_dossier_for_user(request.user, pk, CHANGE)
    missing = documents.missing_by_section(dossier)
    is_update = dossier.status == Dossier.Status.ACCEPTED
    last = dossier.versions.order_by("-number").first()
    rows = documents.diff(last.snapshot, documents.build_snapshot(dossier)) if last else []
    changes = services.pending_changes(dossier)
    initial = {"place": documents.default_place(dossier.organization)}
    if is_update and changes:
        initial["change_reason"] = "; ".join(c.text for c in changes)[:2000]
    form = SubmitForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.dossier_submit(actor=request.user, dossier=dossier, **form.cleaned_data),
        lambda version: (
            _("Đã nộp hồ sơ %(ref)s, phiên bản %(v)s, đến cơ quan chuyên trách.")
            % {"ref": dossier.reference, "v": version.number}
        ),
        to=dossier,
        template="dossiers/submit.html",
        context={
            "dossier": dossier,
            "missing": missing,
            "is_update": is_update,
            "rows": rows,
            "changes": changes,
            "can_submit": dossier.status
            in (Dossier.Status.DRAFT, Dossier.Status.COMPLETION_REQUESTED, Dossier.Status.ACCEPTED),
        },
    )


def version_document_response(request, dossier: Dossier, number, doc) -> HttpResponse:
    """Return one frozen PDF of version ``number`` of ``dossier`` (``?lang=en``: in English)."""
    version = get_object_or_404(DossierVersion, dossier=dossier, number=number)
    data, name = version_pdf(version, doc, pdf_language(request))
    return pdf_response(data, name)


def version_enclosure_response(dossier: Dossier, number, eid) -> FileResponse:
    """Return an enclosure as filed with version ``number``, if it is still unaltered."""
    item = get_object_or_404(
        VersionEnclosure, pk=eid, version__dossier=dossier, version__number=number
    )
    return _file_response(item, check_hash=True)


def package_response(dossier: Dossier, number) -> HttpResponse:
    """Return the filing package of version ``number`` as a ZIP file."""
    version = get_object_or_404(DossierVersion, dossier=dossier, number=number)
    return document_response(
        package_zip(version),
        filename=f"ho-so-{dossier.reference}-v{number}.zip",
        content_type="application/zip",
    )


def compare_page(request, dossier: Dossier, *, regulator: bool = False) -> HttpResponse:
    """Return the page comparing two versions, in the staff's or the agency's frame."""
    ctx = compare_context(dossier, request)
    if regulator:
        ctx["base"] = "base_regulator.html"
        ctx["regulator"] = True
    else:
        ctx["base"] = "base_staff.html"
    return render(request, "dossiers/compare.html", ctx)


@login_required
def version_document(request, pk, number, doc):
    dossier = get_dossier_for_user(request.user, pk)
    return version_document_response(request, dossier, number, doc)


@login_required
def version_enclosure(request, pk, number, eid):
    return version_enclosure_response(get_dossier_for_user(request.user, pk), number, eid)


@login_required
def package(request, pk, number):
    return package_response(get_dossier_for_user(request.user, pk), number)


@login_required
def compare(request, pk):
    return compare_page(request, get_dossier_for_user(request.user, pk))
