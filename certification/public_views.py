"""Public pages: the registry of certified providers and the verification page of a certificate."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from pdp_portal.pagination import typed

from .models import Certificate, Service

PAGE_SIZE = 200


# Never the PDFs, the snapshots or who acted: the registry shows the public columns only.
PUBLIC_FIELDS = (
    "number",
    "holder_name",
    "holder_tax_code",
    "services",
    "issued_at",
    "status",
    "revoked_at",
    "revocation_ground",
    "revocation_notice",
    "revocation_notice_message",
    "revocation_notice_params",
)


def _public_fields(qs):
    return qs.only(*PUBLIC_FIELDS)


def registry(request):
    """List certified and revoked providers with search (name, tax code, number, service)."""
    qs = _public_fields(Certificate.objects.all())
    q = typed(request)
    if q:
        qs = qs.filter(
            Q(holder_name__icontains=q) | Q(holder_tax_code__icontains=q) | Q(number__icontains=q)
        )
    status = request.GET.get("status", "")
    if status in Certificate.Status.values:
        qs = qs.filter(status=status)
    service = request.GET.get("service", "")
    if service in Service.values:
        qs = qs.filter(services__icontains=f'"{service}"')
    certificates = list(qs.order_by("holder_name", "-issued_at")[:PAGE_SIZE])
    notices = list(
        _public_fields(Certificate.objects.filter(status=Certificate.Status.REVOKED)).order_by(
            "-revoked_at"
        )[:20]
    )
    return render(
        request,
        "certification/public/registry.html",
        {
            "certificates": certificates,
            "notices": notices,
            "q": q,
            "status": status,
            "service": service,
            "statuses": Certificate.Status.choices,
            "services": Service.choices,
        },
    )


def verify(request, number):
    """Say whether the certificate numbered ``number`` is valid, replaced or revoked; else 404."""
    try:
        certificate = (
            Certificate.objects.select_related("replaced_by")
            .only(*PUBLIC_FIELDS, "replaced_by__number", "replaced_by__status")
            .get(number=number.replace("\x00", "").strip().upper())
        )
    except Certificate.DoesNotExist:
        raise Http404(_("Không tìm thấy giấy chứng nhận.")) from None
    successor = getattr(certificate, "replaced_by", None)
    return render(
        request,
        "certification/public/verify.html",
        {"certificate": certificate, "successor": successor},
    )
