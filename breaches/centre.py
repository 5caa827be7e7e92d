"""The breach part of the privacy centre: the public notices of violations the organisation has
published because it could not reach every person concerned (Decree 356/2025 Art. 29(3))."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.centre.registry import register_part

from .models import Breach


def build(organization, language: str) -> dict | None:
    breaches = list(
        Breach.objects.filter(organization=organization, public_notice_published_at__isnull=False)
        .only("pk", "public_id", "public_notice_published_at")
        .order_by("-public_notice_published_at")[:20]
    )
    if not breaches:
        return None
    return {
        "notices": [
            {
                "published_at": breach.public_notice_published_at,
                "url": reverse("breaches_public:notice", args=[breach.public_id]),
            }
            for breach in breaches
        ]
    }


register_part(
    "breach_notices", 50, build, "breaches/centre/notices.html", title=_("Thông báo vi phạm")
)
