"""Who may see which application and certificate: one gate each, 404 for missing and forbidden."""

from django.db.models import QuerySet
from django.http import Http404

from pdp_portal.gates import one_or_404
from pdp_portal.organizations.permissions import VIEW, is_regulator, visible_organizations

from .models import Application, Certificate, ChangeRequest


def visible_applications(user, perm: str = VIEW) -> QuerySet[Application]:
    """Return the applications of the organisations on which ``user`` holds ``perm``."""
    return Application.objects.filter(
        organization__in=visible_organizations(user, perm).values("pk")
    )


def get_application_for_user(user, pk, perm: str = VIEW) -> Application:
    """Return the application, or raise Http404 for missing and forbidden alike."""
    return one_or_404(
        visible_applications(user, perm).select_related("organization"), "application", pk=pk
    )


def visible_certificates(user, perm: str = VIEW) -> QuerySet[Certificate]:
    """Return the certificates of the organisations on which ``user`` holds ``perm``."""
    return Certificate.objects.filter(
        organization__in=visible_organizations(user, perm).values("pk")
    )


def get_certificate_for_user(user, pk, perm: str = VIEW) -> Certificate:
    """Return the certificate, or raise Http404 for missing and forbidden alike."""
    return one_or_404(
        visible_certificates(user, perm).select_related("organization"), "certificate", pk=pk
    )


def submitted_applications(user) -> QuerySet[Application]:
    """Return what the agency may see: applications actually submitted, never drafts."""
    if not is_regulator(user):
        return Application.objects.none()
    return Application.objects.filter(submitted_at__isnull=False)


def get_submitted_application_for_regulator(user, pk) -> Application:
    """Return a submitted application for a reviewer of the agency, or raise Http404."""
    return one_or_404(
        submitted_applications(user).select_related("organization"), "application", pk=pk
    )


def get_certificate_for_regulator(user, pk) -> Certificate:
    """Return any certificate for a reviewer of the agency, or raise Http404."""
    if not is_regulator(user):
        raise Http404("No such certificate")
    return one_or_404(
        Certificate.objects.select_related("organization", "application"), "certificate", pk=pk
    )


def get_change_for_regulator(user, pk) -> ChangeRequest:
    """Return a Form 06 request for a reviewer of the agency, or raise Http404."""
    if not is_regulator(user):
        raise Http404("No such request")
    return one_or_404(
        ChangeRequest.objects.select_related("certificate", "certificate__organization"),
        "request",
        pk=pk,
    )
