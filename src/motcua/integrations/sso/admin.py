from django.contrib import admin

from .models import CitizenAccount


@admin.register(CitizenAccount)
class CitizenAccountAdmin(admin.ModelAdmin):
    """Read-only apart from blocking: identity data comes from the provider at each sign-in."""

    list_display = (
        "full_name",
        "organisation_name",
        "id_number",
        "assurance_level",
        "kind",
        "last_login_at",
        "is_active",
    )
    list_filter = ("assurance_level", "kind", "is_active")
    search_fields = ("full_name", "organisation_name", "id_number", "tax_code", "subject", "tech_id")
    readonly_fields = tuple(f.name for f in CitizenAccount._meta.fields if f.name not in ("id", "is_active"))

    def has_add_permission(self, request) -> bool:
        return False
