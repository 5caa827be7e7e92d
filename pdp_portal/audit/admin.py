from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the chain is append-only and only services append to it."""

    list_display = ["id", "created_at", "actor_label", "organization", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "actor_label", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
