"""Admin: the notification outbox, read-only, with the failure state visible and a "Gửi lại" action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import NotificationMessage


@admin.register(NotificationMessage)
class NotificationMessageAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "kind",
        "channel",
        "recipient",
        "dossier",
        "reference",
        "state",
        "attempts",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("state", "channel", "kind")
    search_fields = ("recipient", "dossier__code", "reference", "subject")
    date_hierarchy = "created_at"
    list_select_related = ("dossier",)
    actions = ["resend_selected"]
    readonly_fields = [f.name for f in NotificationMessage._meta.fields]

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj: NotificationMessage) -> str:
        return obj.last_error[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại"), permissions=["view"])
    def resend_selected(self, request, queryset):
        count = sum(services.resend(message, by=request.user) for message in queryset)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext(
                "Đã đưa %(n)d thông báo vào hàng đợi gửi lại.", "Đã đưa %(n)d thông báo vào hàng đợi gửi lại.", count
            )
            % {"n": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("%(n)d thông báo đang chờ gửi nên không cần gửi lại.") % {"n": skipped},
                messages.WARNING,
            )
