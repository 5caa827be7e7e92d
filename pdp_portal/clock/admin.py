"""Admin for the calendar: Government day swaps and corrections, confirmed years."""

from django.contrib import admin
from django.db import transaction

from pdp_portal.audit.services import audit_record

# Importing the calendars module connects the signals that drop cached calendars on every change.
from . import calendars  # noqa: F401
from .models import CalendarAdjustment, CalendarYear


class _AuditedAdmin(admin.ModelAdmin):
    """Record every change of the calendar in the audit chain: it moves statutory due dates."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"clock.{obj._meta.model_name}.{'change' if change else 'create'}",
                summary=str(obj),
                obj=obj,
                data={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"clock.{obj._meta.model_name}.delete",
                summary=str(obj),
                obj=obj,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(_AuditedAdmin):
    list_display = ["date", "kind", "calendar", "name_vi", "legal_document"]
    list_filter = ["calendar", "kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name_vi", "name_en", "legal_document", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(_AuditedAdmin):
    list_display = ["year", "note"]
    search_fields = ["note"]
    ordering = ["-year"]


# ---------------------------------------------------------------------------------------------
# Deadlines (Deadline, DeadlineReminder, CalendarFeed): added below by the deadline services work.
# ---------------------------------------------------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from django.utils.translation import ngettext  # noqa: E402

from . import services as deadline_services  # noqa: E402
from .models import Deadline, DeadlineReminder  # noqa: E402


class DeadlineReminderInline(admin.TabularInline):
    model = DeadlineReminder
    fields = ["stage", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Deadline)
class DeadlineAdmin(_AuditedAdmin):
    """Deadlines are read here; their status and dates change only through clock.services."""

    list_display = ["id", "rule", "organization", "label", "status", "due_at", "extended_due_at"]
    list_filter = ["status", "party", "calendar", "rule"]
    search_fields = ["label", "rule", "organization__name", "object_id"]
    list_select_related = ["organization"]
    raw_id_fields = ["responsible"]
    date_hierarchy = "due_at"
    ordering = ["due_at"]
    inlines = [DeadlineReminderInline]
    # Only who is responsible and the label may be edited here (audited); everything else is the
    # clock's and moves through services (TRANSITIONS, audit event, next_check_at).
    readonly_fields = [
        "organization",
        "rule",
        "content_type",
        "object_id",
        "party",
        "calendar",
        "started_at",
        "due_at",
        "extended_due_at",
        "extension_days",
        "extension_reason",
        "next_check_at",
        "met_at",
        "breached_at",
        "cancelled_at",
        "status",
        "created_at",
    ]
    actions = ["recompute"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Tính lại thời hạn theo lịch hiện hành"))
    def recompute(self, request, queryset):
        done = 0
        for deadline in queryset:
            try:
                deadline_services.deadline_recompute(deadline=deadline, actor=request.user)
            except deadline_services.ClockError as exc:
                self.message_user(request, f"#{deadline.pk}: {exc}", messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("Đã tính lại %(count)s thời hạn.", "Đã tính lại %(count)s thời hạn.", done)
            % {"count": done},
        )
