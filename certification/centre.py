"""The certificate part of the privacy centre: the status of the organisation's certificates of
eligibility to provide processing services (Law 91/2025 Art. 33; Decree 356/2025 Art. 21-27)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.centre.registry import register_part

from .models import Certificate


def build(organization, language: str) -> dict | None:
    certificates = list(
        Certificate.objects.filter(organization=organization)
        .only("pk", "number", "status", "issued_at", "revoked_at")
        .order_by("-issued_at", "-pk")[:5]
    )
    if not certificates:
        return None
    return {
        "certificates": [
            {
                "number": c.number,
                "status": c.status,
                "status_label": c.get_status_display(),
                "issued_at": c.issued_at,
                "url": reverse("certification_public:verify", args=[c.number]),
            }
            for c in certificates
        ],
        "registry_url": reverse("certification_public:registry"),
    }


register_part(
    "certificates", 60, build, "certification/centre/certificates.html", title=_("Giấy chứng nhận")
)
