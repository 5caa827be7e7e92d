from django.contrib import admin

from pdp_portal.readonly_admin import ReadOnlyAdmin

from .models import AuditCheckpoint, AuditEvent

# Read-only: the ledger is append-only (database triggers refuse changes too).


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "seq", "created_at", "actor_label", "organization", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["message", "actor_label", "object_id"]
    date_hierarchy = "created_at"


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["id", "tree_size", "root_hash", "created_at", "key_id"]
