from django.contrib import admin

from .models import AuditCheckpoint, AuditEvent


class ReadOnly(admin.ModelAdmin):
    """Read-only: the ledger is append-only (database triggers refuse changes too)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly):
    list_display = ["id", "seq", "created_at", "actor_label", "organization", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["message", "actor_label", "object_id"]
    date_hierarchy = "created_at"


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnly):
    list_display = ["id", "tree_size", "root_hash", "created_at", "key_id"]
