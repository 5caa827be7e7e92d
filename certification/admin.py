from django.contrib import admin

from pdp_portal.readonly_admin import ReadOnlyAdmin

from .models import Application, Certificate, ChangeRequest


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through certification.services."""

    list_display = ("reference", "organization", "status", "submitted_at")
    list_filter = ("status",)
    search_fields = ("reference", "organization__name", "organization__tax_code")


@admin.register(Certificate)
class CertificateAdmin(ApplicationAdmin):
    list_display = ("number", "holder_name", "status", "issued_at")
    search_fields = ("number", "holder_name", "holder_tax_code")
    exclude = ("pdf", "revocation_pdf")


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ApplicationAdmin):
    list_display = ("certificate", "kind", "status", "submitted_at")
    list_filter = ("kind", "status")
    search_fields = ("certificate__number",)
    exclude = ("pdf",)
