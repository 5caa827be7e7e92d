"""Admin for the calendar: Government day swaps and corrections, confirmed years."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pdp_portal.audit.services import audit_record
from pdp_portal.messages import literal

# Importing the calendars module connects the signals that drop cached calendars on every change.
from . import calendars  # noqa: F401
from .models import CalendarAdjustment, CalendarYear


class _AuditedAdmin(admin.ModelAdmin):
    """Record every change of the calendar in the audit chain: it moves statutory due dates."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            previous = type(obj).objects.filter(pk=obj.pk).first() if change else None
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action=f"clock.{obj._meta.model_name}.{'change' if change else 'create'}",
                **self.audit_text(obj),
                obj=obj,
                data={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
            )
            self.after_change(request, obj, previous)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action=f"clock.{obj._meta.model_name}.delete",
                **self.audit_text(obj),
                obj=obj,
            )
            super().delete_model(request, obj)
            self.after_change(request, None, obj)

    def audit_text(self, obj) -> dict:
        """Return the audit summary of ``obj`` as a message and its parameters."""
        message, params = literal(str(obj))
        return {"message": message, "params": params}

    def after_change(self, request, obj, previous) -> None:
        """Recompute the running clocks the change touches (calendar models only)."""

    def _report(self, request, result) -> None:
        if result["moved"] or result["failed"]:
            self.message_user(
                request,
                _("Đã tính lại %(checked)s thời hạn đang chạy; %(moved)s thời hạn đổi hạn.")
                % result,
            )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarAdjustment)
class CalendarAdjustmentAdmin(_AuditedAdmin):
    list_display = ["date", "kind", "calendar", "name_vi", "uncertain", "legal_document"]
    list_filter = ["calendar", "kind", "uncertain", ("date", admin.DateFieldListFilter)]
    search_fields = ["name_vi", "name_en", "legal_document", "note"]
    date_hierarchy = "date"
    ordering = ["-date"]

    def audit_text(self, obj) -> dict:
        return {
            "message": gettext_noop("%(date)s %(kind)s (%(calendar)s)"),
            "params": {
                "date": f"{obj.date:%d/%m/%Y}",
                "kind": CalendarAdjustment.Kind(obj.kind).label,
                "calendar": obj.calendar,
            },
        }

    def after_change(self, request, obj, previous) -> None:
        days = {row.date for row in (obj, previous) if row is not None}
        result = deadline_services.deadlines_recompute_calendar(
            actor=request.user, days=sorted(days)
        )
        self._report(request, result)


@admin.register(CalendarYear)
class CalendarYearAdmin(_AuditedAdmin):
    list_display = ["year", "status", "note"]
    list_filter = ["status"]
    search_fields = ["note", "assumptions_vi"]
    ordering = ["-year"]

    def audit_text(self, obj) -> dict:
        return {
            "message": gettext_noop("%(year)s (%(status)s)"),
            "params": {"year": obj.year, "status": CalendarYear.Status(obj.status).label},
        }

    def after_change(self, request, obj, previous) -> None:
        year = (obj or previous).year
        result = deadline_services.deadlines_recompute_calendar(actor=request.user, year=year)
        self._report(request, result)


# ---------------------------------------------------------------------------------------------
# Deadlines (Deadline, DeadlineReminder, CalendarFeed): added below by the deadline services work.
# ---------------------------------------------------------------------------------------------

from django.contrib import messages  # noqa: E402
from django.utils.translation import gettext_lazy, ngettext  # noqa: E402

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
    exclude = ["label_params"]
    list_filter = ["status", "party", "calendar", "rule"]
    search_fields = ["label_message", "label_params", "rule", "organization__name", "object_id"]
    list_select_related = ["organization"]
    raw_id_fields = ["responsible"]
    date_hierarchy = "due_at"
    ordering = ["due_at"]
    inlines = [DeadlineReminderInline]
    # Only who is responsible and the label's key may be edited here (audited); everything else is the
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
        "provisional_reasons",
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

    @admin.action(description=gettext_lazy("Tính lại thời hạn theo lịch hiện hành"))
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
