"""Vietnamese admin for the organisation: code table, centres, offices, staff, postings, equipment.

Every search box ignores diacritics (``nguyen van`` and ``Nguyễn Văn`` find the same staff member)
through :class:`FoldedSearchAdmin`: postings and equipment search their staff member's, centre's and
department's folded ``search_text``.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import FoldedSearchAdmin

from .models import (
    AdminUnit,
    CodeTableVersion,
    Department,
    EquipmentItem,
    Posting,
    Province,
    ServiceCentre,
    User,
)


@admin.register(CodeTableVersion)
class CodeTableVersionAdmin(admin.ModelAdmin):
    list_display = ("key", "retrieved_on", "is_current")


@admin.register(Province)
class ProvinceAdmin(FoldedSearchAdmin):
    list_display = ("code", "name", "division_type", "code_version")
    list_filter = ("code_version", "division_type")


@admin.register(AdminUnit)
class AdminUnitAdmin(FoldedSearchAdmin):
    list_display = ("code", "name", "kind", "province", "code_version")
    list_filter = ("code_version", "kind", "province")
    list_select_related = ("province", "code_version")


class DepartmentInline(admin.TabularInline):
    model = Department
    fields = ("code", "name", "kind", "is_active")
    extra = 0
    show_change_link = True


class EquipmentInline(admin.TabularInline):
    model = EquipmentItem
    fields = ("kind", "required", "available", "working", "note")
    extra = 0


@admin.register(ServiceCentre)
class ServiceCentreAdmin(FoldedSearchAdmin):
    list_display = ("code", "name", "level", "agency_id", "staffing_quota", "staffing_filled", "staffing_gap_display")
    list_filter = ("level", "is_active", "saturday_reception")
    readonly_fields = ("legacy_origin",)
    list_select_related = ("admin_unit",)
    inlines = [DepartmentInline, EquipmentInline]

    @admin.display(description=_("biên chế còn thiếu"))
    def staffing_gap_display(self, obj):
        gap = obj.staffing_gap
        return "—" if gap is None else gap


@admin.register(Department)
class DepartmentAdmin(FoldedSearchAdmin):
    list_display = ("code", "name", "kind", "level", "centre")
    list_filter = ("level", "kind")
    list_select_related = ("centre",)
    autocomplete_fields = ("centre",)


class PostingInline(admin.TabularInline):
    model = Posting
    fields = ("role", "centre", "department", "starts_on", "ends_on", "decision")
    autocomplete_fields = ("centre", "department")
    extra = 0


@admin.register(User)
class UserAdmin(FoldedSearchAdmin, DjangoUserAdmin):
    # FoldedSearchAdmin first: its search (also behind the posting form's user autocomplete) wins.
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Thông tin cán bộ"), {"fields": ("full_name", "phone")}),
    )
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(FoldedSearchAdmin):
    folded_search_fields = ("user__search_text", "centre__search_text", "department__search_text")
    search_fields = folded_search_fields
    list_display = ("user", "role", "centre", "department", "starts_on", "ends_on")
    list_filter = ("role",)
    autocomplete_fields = ("user", "centre", "department")
    list_select_related = ("user", "centre", "department")


class MissingEquipmentFilter(admin.SimpleListFilter):
    title = _("tình trạng")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("yes", _("Còn thiếu")), ("no", _("Đủ"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(working__lt=F("required"))
        if self.value() == "no":
            return queryset.filter(working__gte=F("required"))
        return queryset


@admin.register(EquipmentItem)
class EquipmentItemAdmin(FoldedSearchAdmin):
    folded_search_fields = ("centre__search_text",)
    search_fields = folded_search_fields
    list_display = ("centre", "kind", "required", "available", "working", "missing_display")
    list_filter = (MissingEquipmentFilter, "kind")
    autocomplete_fields = ("centre",)
    list_select_related = ("centre",)

    @admin.display(description=_("còn thiếu"))
    def missing_display(self, obj):
        return obj.missing
