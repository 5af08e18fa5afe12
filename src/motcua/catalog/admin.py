"""Vietnamese admin for the procedure catalogue.

Search ignores diacritics (``ho tich`` finds ``Hộ tịch``) through :class:`FoldedSearchAdmin`.
Published versions are view-only: editing starts with the "create a new draft" action on the
procedure, and a draft is published from its own page (button "Công bố") — both call
:mod:`motcua.catalog.services`, never ``save()`` on a published row.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.core.admin import FoldedSearchAdmin

from . import services
from .models import (
    ChannelOption,
    GuidanceNote,
    Procedure,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
    ResultDocument,
    SampleDossier,
    Sector,
    VersionStatus,
)


@admin.register(Sector)
class SectorAdmin(FoldedSearchAdmin):
    list_display = ("name", "procedure_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_procedure_count=Count("procedures"))

    @admin.display(description=_("số thủ tục"), ordering="_procedure_count")
    def procedure_count(self, obj):
        return obj._procedure_count


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("number", "status", "origin", "valid_from", "valid_until", "publishing_decision")
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False


class GuidanceNoteInline(admin.StackedInline):
    model = GuidanceNote
    fields = ("order", "audience", "title", "body")
    extra = 0


class SampleDossierInline(admin.TabularInline):
    model = SampleDossier
    fields = ("order", "audience", "title", "description", "file")
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(FoldedSearchAdmin):
    list_display = ("code", "short_name", "sector", "level", "in_demo_subset", "time_unit_missing")
    list_display_links = ("code", "short_name")
    list_filter = ("level", "in_demo_subset", "demo_tier", "time_unit_missing", "source_group", "sector")
    list_select_related = ("sector",)
    list_per_page = 50
    autocomplete_fields = ("sector",)
    readonly_fields = ("reference_release", "detail_link")
    fieldsets = (
        (None, {"fields": ("code", "name", "sector", "procedure_type", "detail_link")}),
        (
            _("Cấp thực hiện"),
            {"fields": ("level", "at_central", "at_province", "at_commune", "at_other", "levels_text")},
        ),
        (
            _("Dữ liệu nguồn"),
            {"fields": ("reference_release", "source_group", "detail_url", "time_unit_missing")},
        ),
        (_("Bộ thủ tục demo"), {"fields": ("in_demo_subset", "demo_tier")}),
    )
    inlines = [VersionInline, GuidanceNoteInline, SampleDossierInline]
    actions = ["create_draft"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "code"] if obj is not None else fields

    @admin.display(description=_("tên thủ tục"), ordering="name")
    def short_name(self, obj):
        return obj.name if len(obj.name) <= 140 else obj.name[:139] + "…"

    @admin.display(description=_("trang chi tiết trên Cổng DVCQG"))
    def detail_link(self, obj):
        if not obj.detail_url:
            return "—"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.detail_url, obj.detail_url)

    @admin.action(description=_("Tạo phiên bản nháp mới"))
    def create_draft(self, request, queryset):
        created = 0
        for procedure in queryset:
            try:
                services.create_draft_version(procedure, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.WARNING)
            else:
                created += 1
        if created:
            self.message_user(
                request,
                ngettext("Đã tạo %(n)d bản nháp.", "Đã tạo %(n)d bản nháp.", created) % {"n": created},
                messages.SUCCESS,
            )


class DraftOnlyInline:
    """Inline rows of a version are editable only while the version is a draft."""

    extra = 0

    def _editable(self, obj):
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class ChannelOptionInline(DraftOnlyInline, admin.StackedInline):
    model = ChannelOption
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("order", "channel"),
                    ("time_value", "time_unit"),
                    ("time_raw", "unit_missing", "time_fee_merged"),
                    "time_note",
                    ("unit_hint", "unit_hint_evidence"),
                    ("fee_text", "fee_amount", "fee_currency", "is_free"),
                    ("fee_amount_doubtful", "fee_note"),
                    "description",
                )
            },
        ),
    )
    readonly_fields = (
        "time_raw",
        "unit_missing",
        "time_fee_merged",
        "time_note",
        "unit_hint",
        "unit_hint_evidence",
        "fee_amount_doubtful",
        "fee_note",
    )


class RequiredDocumentInline(DraftOnlyInline, admin.TabularInline):
    model = RequiredDocument
    fields = ("order", "group", "name", "originals", "copies")


class ResultDocumentInline(DraftOnlyInline, admin.TabularInline):
    model = ResultDocument
    fields = ("order", "name", "code")


class ProcessingStepInline(DraftOnlyInline, admin.TabularInline):
    model = ProcessingStep
    fields = ("order", "name", "role", "responsible_unit", "budget_hours")


class PublishForm(forms.Form):
    valid_from = forms.SplitDateTimeField(
        label=_("Có hiệu lực từ"),
        widget=AdminSplitDateTime,
        help_text=_("Không được ở quá khứ; phiên bản đang công bố vẫn áp dụng đến thời điểm này."),
    )


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(FoldedSearchAdmin):
    folded_search_fields = ("procedure__search_text",)
    search_fields = ("procedure__search_text",)
    list_display = ("procedure_code", "number", "status", "origin", "valid_from", "valid_until", "online_service_level")
    list_filter = ("status", "origin", "online_service_level", "boundary_free", "supplement_policy")
    list_select_related = ("procedure",)
    list_per_page = 50
    raw_id_fields = ("procedure",)
    readonly_fields = (
        "procedure",
        "number",
        "status",
        "origin",
        "valid_from",
        "valid_until",
        "published_at",
        "published_by",
        "created_by",
        "channels_source_text",
    )
    fieldsets = (
        (
            None,
            {"fields": ("procedure", "number", "status", "origin", ("valid_from", "valid_until"))},
        ),
        (
            _("Thông tin công bố"),
            {
                "fields": (
                    "publishing_decision",
                    "implementing_agency",
                    "competent_agency",
                    "audience",
                    "document_count",
                    "result_text",
                )
            },
        ),
        (
            _("Quy tắc áp dụng cho hồ sơ"),
            {
                "fields": (
                    "online_service_level",
                    "required_eid_level",
                    "same_day_cutoff",
                    "supplement_policy",
                    ("boundary_free", "boundary_free_decision"),
                )
            },
        ),
        (
            _("Văn bản của thủ tục"),
            {
                "classes": ("collapse",),
                "fields": ("steps_text", "legal_basis_text", "conditions_text", "channels_source_text"),
            },
        ),
        (_("Công bố"), {"fields": ("created_by", "published_at", "published_by")}),
    )
    inlines = [ChannelOptionInline, RequiredDocumentInline, ResultDocumentInline, ProcessingStepInline]
    actions = ["apply_unit_hints"]
    change_form_template = "admin/catalog/procedureversion/change_form.html"

    @admin.display(description=_("mã thủ tục"), ordering="procedure__code")
    def procedure_code(self, obj):
        return obj.procedure.code

    def has_add_permission(self, request):
        return False  # drafts are opened from the procedure ("Tạo phiên bản nháp mới")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.status == VersionStatus.DRAFT)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == VersionStatus.DRAFT)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # would bypass the "drafts only" rule in bulk
        return actions

    @admin.action(description=_("Áp dụng đơn vị thời hạn gợi ý (đã xác minh) cho bản nháp"))
    def apply_unit_hints(self, request, queryset):
        changed = 0
        for version in queryset:
            try:
                changed += len(services.apply_unit_hints(version, actor=request.user))
            except ValidationError as exc:
                self.message_user(request, f"{version}: {'; '.join(exc.messages)}", messages.WARNING)
        self.message_user(
            request,
            ngettext("Đã cập nhật %(n)d kênh.", "Đã cập nhật %(n)d kênh.", changed) % {"n": changed},
            messages.SUCCESS if changed else messages.INFO,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="catalog_procedureversion_publish",
            ),
            *super().get_urls(),
        ]

    def publish_view(self, request, pk):
        version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        form = PublishForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.publish_version(version, form.cleaned_data["valid_from"], actor=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, _("Đã công bố %(version)s.") % {"version": version}, messages.SUCCESS)
                return redirect(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Công bố phiên bản thủ tục"),
            "opts": self.model._meta,
            "original": version,
            "form": form,
            "unresolved": services.unresolved_channels(version),
        }
        return TemplateResponse(request, "admin/catalog/procedureversion/publish.html", context)
