from django.contrib import admin

from .models import IntakeKey, RightsRequest


@admin.register(RightsRequest)
class RightsRequestAdmin(admin.ModelAdmin):
    # Read-only: every change goes through the services (and their audit events).
    list_display = ["reference", "organization", "request_type", "status", "received_at", "due_at"]
    list_filter = ["status", "request_type", "channel"]
    search_fields = ["reference"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
