from django.contrib import admin

from .models import Bundle, Inspection


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the services, with its audit event and notices."""

    list_display = ["reference", "organization", "kind", "status", "start_date"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "decision_number", "organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Bundle)
class BundleAdmin(InspectionAdmin):
    list_display = ["pk", "inspection", "status", "progress", "sha256", "finished_at", "filed_at"]
    list_filter = ["status"]
    search_fields = ["inspection__reference", "sha256"]
