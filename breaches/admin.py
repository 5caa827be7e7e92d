from django.contrib import admin

from .models import Breach, BreachReviewEvent, BreachSubmission, SubjectNotice


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubmissionInline(ReadOnlyInline):
    model = BreachSubmission
    fields = ["version", "kind", "document_number", "submitted_at", "within_deadline"]
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = BreachReviewEvent
    fields = ["kind", "message", "actor", "created_at"]
    readonly_fields = fields


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    """Read-only: every change goes through breaches.services (audit, clocks, outbox)."""

    list_display = ["reference", "organization", "status", "review_status", "discovered_at"]
    list_filter = ["status", "review_status", "severity"]
    search_fields = ["reference", "organization__name", "summary"]
    inlines = [SubmissionInline, ReviewInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Decree 356 Art. 29(1)(c): the record is kept; deletion only through breach_delete,
        # which refuses it inside the retention period.
        return False


@admin.register(SubjectNotice)
class SubjectNoticeAdmin(admin.ModelAdmin):
    list_display = ["pk", "breach", "status", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
