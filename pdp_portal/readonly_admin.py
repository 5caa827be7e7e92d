"""Admin pages that only show: the records they list change through services, with their audit
events, clocks and notices, never by hand in the admin."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model the admin lists and shows but never adds, changes or deletes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent, with no blank row to add and no box to delete."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
