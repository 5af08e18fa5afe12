"""Admin of the stand-in: see what "the portal" holds (read-only) and enter procedures for LayThuTuc."""

from django.contrib import admin

from .models import PortalDossier, PortalProcedure, PortalProgress


class ProgressInline(admin.TabularInline):
    model = PortalProgress
    fields = ("occurred_at", "status", "data", "received_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PortalDossier)
class PortalDossierAdmin(admin.ModelAdmin):
    list_display = ("code", "status", "unit_code", "update_count", "created_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("code",)
    inlines = [ProgressInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(PortalProcedure)
class PortalProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sector_code", "sector_name")
    search_fields = ("code", "name")
