from django.contrib import admin

from pdp_portal.readonly_admin import ReadOnlyAdmin

from .models import Bundle, Inspection


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the services, with its audit event and notices."""

    list_display = ["reference", "organization", "kind", "status", "start_date"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "decision_number", "organization__name"]


@admin.register(Bundle)
class BundleAdmin(ReadOnlyAdmin):
    list_display = ["pk", "inspection", "status", "progress", "sha256", "finished_at", "filed_at"]
    list_filter = ["status"]
    search_fields = ["inspection__reference", "sha256"]
