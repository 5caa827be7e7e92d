from django.contrib import admin

from pdp_portal.readonly_admin import ReadOnlyAdmin

from .models import IntakeKey, RightsRequest


@admin.register(RightsRequest)
class RightsRequestAdmin(ReadOnlyAdmin):
    # Read-only: every change goes through the services (and their audit events).
    list_display = ["reference", "organization", "request_type", "status", "received_at", "due_at"]
    list_filter = ["status", "request_type", "channel"]
    search_fields = ["reference"]


@admin.register(IntakeKey)
class IntakeKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "prefix", "created_at", "revoked_at"]
    readonly_fields = [
        "prefix",
        "key_hash",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request):
        return False
