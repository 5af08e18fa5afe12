"""Vietnamese admin of the national-portal link: records, dead letters with "Gửi lại", reconciliation.

Records are view-only — they change through :mod:`.services` only: the "Gửi lại" action calls
:func:`services.resend`; the reconciliation page (``…/syncrecord/reconciliation/``) calls
:func:`dossier_sync.reconcile`, which compares with the dossiers actually received in the period (a
dossier never handed to the link shows as "not queued" instead of inflating the sync rate).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.lib import clock

from . import dossier_sync, services
from .models import DeadLetter, SyncAttempt, SyncProgress, SyncRecord, SyncState


class ProgressInline(admin.TabularInline):
    model = SyncProgress
    fields = ("occurred_at", "status_code", "payload", "sent_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttemptInline(admin.TabularInline):
    model = SyncAttempt
    fields = ("started_at", "operation", "sequence", "status_code", "outcome", "http_status", "error_code", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-started_at", "-id")

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    list_display = (
        "dossier_code",
        "status_code",
        "state",
        "attempts",
        "next_attempt_at",
        "acknowledged_at",
        "short_error",
    )
    list_filter = ("state", "status_code", "portal_has_record")
    search_fields = ("dossier_code",)
    date_hierarchy = "received_at"
    inlines = [ProgressInline, AttemptInline]
    actions = ["resend_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Pages of single records are view-only; the "change" permission is what the action needs.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj):
        return obj.last_error if len(obj.last_error) <= 120 else obj.last_error[:119] + "…"

    @admin.action(description=_("Gửi lại"), permissions=["change"])
    def resend_selected(self, request, queryset):
        done = 0
        for record in queryset:
            try:
                services.resend(record, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "Đã đưa %(n)d hồ sơ trở lại hàng đợi gửi Cổng DVCQG.",
                    "Đã đưa %(n)d hồ sơ trở lại hàng đợi gửi Cổng DVCQG.",
                    done,
                )
                % {"n": done},
                messages.SUCCESS,
            )


class ReconciliationForm(forms.Form):
    start = forms.DateField(label=_("Tiếp nhận từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


@admin.register(SyncRecord)
class SyncRecordAdmin(ReadOnlyRecordAdmin):
    change_list_template = "admin/nationalportal/syncrecord/change_list.html"

    def get_urls(self):
        return [
            path(
                "reconciliation/",
                self.admin_site.admin_view(self.reconciliation_view),
                name="nationalportal_reconciliation",
            ),
            *super().get_urls(),
        ]

    def reconciliation_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = clock.today()
        form = ReconciliationForm(request.GET or {"start": today.replace(day=1), "end": today})
        report = None
        if form.is_valid():
            report = dossier_sync.reconcile(services.Period(form.cleaned_data["start"], form.cleaned_data["end"]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Đối soát đồng bộ Cổng Dịch vụ công quốc gia"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "rate_percent": None if report is None or report.sync_rate is None else report.sync_rate * 100,
            "state_labels": dict(SyncState.choices) | {services.NOT_QUEUED: _("chưa đưa vào hàng đợi")},
        }
        return TemplateResponse(request, "admin/nationalportal/reconciliation.html", context)


@admin.register(DeadLetter)
class DeadLetterAdmin(ReadOnlyRecordAdmin):
    list_display = ("dossier_code", "status_code", "attempts", "dead_at", "short_error")
    list_filter = ("status_code",)
    date_hierarchy = "dead_at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=SyncState.DEAD)
