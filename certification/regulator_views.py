"""The agency's pages under /regulator/certification/: submitted applications only, never drafts."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pdp_portal.filings.regulator_views import filing_context
from pdp_portal.organizations.regulator_views import regulator_required
from pdp_portal.views import run_for_page

from . import services
from .forms import GrantForm, MessageForm, RevokeForm
from .models import Enclosure
from .permissions import (
    get_certificate_for_regulator,
    get_change_for_regulator,
    get_submitted_application_for_regulator,
)
from .views import (
    application_context,
    certificate_context,
    certificate_pdf_response,
    change_pdf_response,
    enclosure_response,
    record_return,
    revocation_pdf_response,
    version_pdf_response,
)


def _grant_initial(user) -> dict:
    profile = getattr(user, "regulator_profile", None)
    proposer = ", ".join(
        p for p in (getattr(profile, "position", ""), getattr(profile, "unit", "")) if p
    )
    return {"signer_title": "THỦ TRƯỞNG CƠ QUAN", "proposed_by": proposer}


@regulator_required
def application_detail(request, pk):
    application = get_submitted_application_for_regulator(request.user, pk)
    context = filing_context(request, application)
    context.update(application_context(application))
    context.update(
        {
            "message_form": MessageForm(),
            "grant_form": GrantForm(initial=_grant_initial(request.user)),
            "missing": services.application_missing(application),
        }
    )
    return render(request, "certification/regulator/application_detail.html", context)


@regulator_required
def version_pdf(request, pk, version):
    application = get_submitted_application_for_regulator(request.user, pk)
    return version_pdf_response(request, application, version)


@regulator_required
def enclosure_download(request, pk, enclosure_id):
    application = get_submitted_application_for_regulator(request.user, pk)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_id, application=application)
    return enclosure_response(request, enclosure)


def _act(request, pk, run, success):
    """Run a decision on the application; come back to its page with the outcome."""
    application = get_submitted_application_for_regulator(request.user, pk)
    _done, result = run_for_page(request, lambda: run(application), success)
    return redirect("certification_regulator:application", pk=application.pk), result


def _message(request) -> str:
    form = MessageForm(request.POST)
    return form.cleaned_data["message"] if form.is_valid() else ""


def _decision(service, keyword: str, success):
    """Return the agency's POST view of a decision on the application that takes the reviewer's
    message under ``keyword``; it comes back to the application's page with the outcome."""

    @regulator_required
    @require_POST
    def view(request, pk):
        response, _result = _act(
            request,
            pk,
            lambda a: service(actor=request.user, application=a, **{keyword: _message(request)}),
            success,
        )
        return response

    return view


request_supplement = _decision(
    services.application_request_supplement,
    "message",
    gettext_lazy("Đã gửi yêu cầu bổ sung hồ sơ."),
)
complete = _decision(
    services.application_complete, "message", gettext_lazy("Đã xác nhận hồ sơ đầy đủ, hợp lệ.")
)
refuse = _decision(
    services.application_refuse, "reason", gettext_lazy("Đã thông báo không cấp giấy chứng nhận.")
)


@regulator_required
@require_POST
def grant(request, pk):
    form = GrantForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    response, certificate = _act(
        request,
        pk,
        lambda a: services.application_grant(actor=request.user, application=a, **data),
        _("Đã cấp giấy chứng nhận."),
    )
    if certificate is not None:
        return redirect("certification_regulator:certificate", pk=certificate.pk)
    return response


@regulator_required
def certificate_detail(request, pk):
    certificate = get_certificate_for_regulator(request.user, pk)
    context = certificate_context(certificate)
    context["revoke_form"] = RevokeForm(initial=_grant_initial(request.user))
    return render(request, "certification/regulator/certificate_detail.html", context)


@regulator_required
def certificate_pdf(request, pk):
    return certificate_pdf_response(request, get_certificate_for_regulator(request.user, pk))


@regulator_required
def revocation_pdf(request, pk):
    return revocation_pdf_response(request, get_certificate_for_regulator(request.user, pk))


@regulator_required
@require_POST
def revoke(request, pk):
    certificate = get_certificate_for_regulator(request.user, pk)
    form = RevokeForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"ground": ""}
    run_for_page(
        request,
        lambda: services.certificate_revoke(actor=request.user, certificate=certificate, **data),
        _("Đã thu hồi giấy chứng nhận và công bố thông báo."),
    )
    return redirect("certification_regulator:certificate", pk=certificate.pk)


@regulator_required
@require_POST
def returned(request, pk):
    certificate = get_certificate_for_regulator(request.user, pk)
    record_return(request, certificate)
    return redirect("certification_regulator:certificate", pk=certificate.pk)


@regulator_required
def change_detail(request, pk):
    change = get_change_for_regulator(request.user, pk)
    context = filing_context(request, change)
    context.update(
        {
            "change": change,
            "certificate": change.certificate,
            "enclosures": change.enclosures.all(),
            "grant_form": GrantForm(initial=_grant_initial(request.user)),
            "message_form": MessageForm(),
        }
    )
    return render(request, "certification/regulator/change_detail.html", context)


@regulator_required
def change_pdf(request, pk):
    return change_pdf_response(request, get_change_for_regulator(request.user, pk))


@regulator_required
def change_enclosure(request, pk, enclosure_id):
    change = get_change_for_regulator(request.user, pk)
    enclosure = get_object_or_404(Enclosure, pk=enclosure_id, change_request=change)
    return enclosure_response(request, enclosure)


@regulator_required
@require_POST
def change_grant(request, pk):
    change = get_change_for_regulator(request.user, pk)
    form = GrantForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    done, new = run_for_page(
        request,
        lambda: services.certificate_change_grant(actor=request.user, change=change, **data),
        lambda new: _("Đã cấp giấy chứng nhận số %(n)s.") % {"n": new.number},
    )
    if not done:
        return redirect("certification_regulator:change", pk=change.pk)
    return redirect("certification_regulator:certificate", pk=new.pk)


@regulator_required
@require_POST
def change_refuse(request, pk):
    change = get_change_for_regulator(request.user, pk)
    run_for_page(
        request,
        lambda: services.certificate_change_refuse(
            actor=request.user, change=change, reason=_message(request)
        ),
        _("Đã thông báo không cấp."),
    )
    return redirect("certification_regulator:change", pk=change.pk)
