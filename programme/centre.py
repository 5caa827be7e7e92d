"""The automated-processing part of the privacy centre: a notice per AI or automated system in
operation, with the right to opt out (Law 91/2025 Art. 30; Decree 356/2025 Art. 10(3))."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.centre.registry import register_part

from .models import AISystem


def build(organization, language: str) -> dict | None:
    systems = list(
        AISystem.objects.filter(organization=organization, active=True)
        .only("pk", "name", "purpose", "public_id")
        .order_by("name")
    )
    if not systems:
        return None
    return {
        "systems": [
            {
                "name": system.name,
                "purpose": system.purpose,
                "url": reverse(
                    "programme_public:ai_system", args=[organization.slug, system.public_id]
                ),
            }
            for system in systems
        ]
    }


register_part("automated", 40, build, "programme/centre/automated.html", title=_("Xử lý tự động"))
