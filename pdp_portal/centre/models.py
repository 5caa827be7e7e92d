"""Models of the privacy centre: the DPO's draft texts and the frozen published versions.

Decree 356/2025 Art. 5(1): the organisation makes sure data subjects know how to exercise each
right of Law 91/2025 Art. 4(1); the centre is where it says so. What it publishes is kept as it
was published (content and hash), so the organisation can show what a person could read and when.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The texts the DPO writes, each in Vietnamese and English (in this order on the page).
TEXT_FIELDS = (
    "introduction_vi",
    "introduction_en",
    "contact_hours_vi",
    "contact_hours_en",
    "notes_vi",
    "notes_en",
)


def content_hash(content: dict) -> str:
    """Return the SHA-256 hex digest of a centre's texts (keys sorted, UTF-8 JSON)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class CentreDraft(models.Model):
    """The texts being edited; never shown to the public until a version is published."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="centre_draft"
    )
    introduction_vi = models.TextField(_("lời giới thiệu (tiếng Việt)"), blank=True)
    introduction_en = models.TextField(_("lời giới thiệu (tiếng Anh)"), blank=True)
    contact_hours_vi = models.CharField(
        _("thời gian tiếp nhận (tiếng Việt)"), max_length=300, blank=True
    )
    contact_hours_en = models.CharField(
        _("thời gian tiếp nhận (tiếng Anh)"), max_length=300, blank=True
    )
    notes_vi = models.TextField(_("ghi chú thêm (tiếng Việt)"), blank=True)
    notes_en = models.TextField(_("ghi chú thêm (tiếng Anh)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bản nháp trung tâm quyền riêng tư")
        verbose_name_plural = _("bản nháp trung tâm quyền riêng tư")

    def __str__(self):
        return f"{self.organization_id}: draft"

    def content(self) -> dict:
        return {name: getattr(self, name) for name in TEXT_FIELDS}


class CentreVersion(models.Model):
    """One publication of the centre, frozen: its texts, their hash, who published it and when.

    The live version is the one not withdrawn; publishing again withdraws it and freezes a new
    one, unpublishing withdraws it. Nothing else of a version changes after it is written.
    """

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="centre_versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    content = models.JSONField(_("nội dung"))
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("thôi công bố lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản trung tâm quyền riêng tư")
        verbose_name_plural = _("phiên bản trung tâm quyền riêng tư")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="centre_version_number_unique"
            ),
            # At most one live version per organisation (wagtail's "one open workflow").
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(withdrawn_at__isnull=True),
                name="centre_one_live_version",
            ),
        ]

    def __str__(self):
        return f"{self.organization_id} v{self.number}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None

    def text(self, name: str, language: str | None = None) -> str:
        """Return a text in the reader's language, or the Vietnamese one when it has none."""
        language = (language or get_language() or "vi")[:2]
        if language == "en" and self.content.get(f"{name}_en", "").strip():
            return self.content[f"{name}_en"]
        return self.content.get(f"{name}_vi", "")
