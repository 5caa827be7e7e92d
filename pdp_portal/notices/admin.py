from django.contrib import admin

from .models import Notification, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "key",
        "recipient",
        "subject",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "template"]
    search_fields = ["key", "recipient", "subject"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # The text in the reader's language (the stored message is its Vietnamese key).
    list_display = ["id", "user", "text", "created_at", "read_at"]
