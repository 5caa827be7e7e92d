"""The consent part of the privacy centre: where the organisation keeps consent records, the
person's page to see and withdraw them (Law 91/2025 Art. 4(1)(b), 9; Decree 356/2025 Art. 6)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdp_portal.centre.registry import register_part

from .models import ConsentRecord


def build(organization, language: str) -> dict | None:
    if not ConsentRecord.objects.filter(organization=organization).exists():
        return None
    return {"url": reverse("consents_public:ask", args=[organization.slug])}


register_part("consents", 30, build, "consents/centre/consents.html", title=_("Sự đồng ý"))
