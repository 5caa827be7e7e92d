from django.contrib import admin
from guardian.admin import GuardedModelAdmin

from . import services
from .models import Membership, Organization, ProtectionContact, RegulatorProfile


class ProtectionContactInline(admin.StackedInline):
    model = ProtectionContact
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(GuardedModelAdmin):
    list_display = ["name", "tax_code", "size_class", "calendar", "slug"]
    search_fields = ["name", "name_foreign", "tax_code", "slug"]
    list_filter = ["size_class", "calendar", "is_state_agency", "processes_sensitive_data"]
    inlines = [ProtectionContactInline]
    prepopulated_fields = {"slug": ("abbreviation",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user"]

    # Memberships grant object permissions, so they go through the service here too.
    def save_model(self, request, obj, form, change):
        membership = services.membership_set(
            actor=request.user, organization=obj.organization, user=obj.user, role=obj.role
        )
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        services.membership_remove(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            services.membership_remove(actor=request.user, membership=membership)


@admin.register(RegulatorProfile)
class RegulatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "position"]
