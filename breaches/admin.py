from django.contrib import admin

from pdp_portal.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Breach, BreachReviewEvent, BreachSubmission, SubjectNotice


class SubmissionInline(ReadOnlyInline):
    model = BreachSubmission
    fields = ["version", "kind", "document_number", "submitted_at", "within_deadline"]
    readonly_fields = fields


class ReviewInline(ReadOnlyInline):
    model = BreachReviewEvent
    fields = ["kind", "message", "actor", "created_at"]
    readonly_fields = fields


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through breaches.services (audit, clocks, outbox).

    Decree 356 Art. 29(1)(c): the record is kept; deletion only through breach_delete, which
    refuses it inside the retention period.
    """

    list_display = ["reference", "organization", "status", "review_status", "discovered_at"]
    list_filter = ["status", "review_status", "severity"]
    search_fields = ["reference", "organization__name", "summary"]
    inlines = [SubmissionInline, ReviewInline]


@admin.register(SubjectNotice)
class SubjectNoticeAdmin(ReadOnlyAdmin):
    list_display = ["pk", "breach", "status", "sent_at"]
