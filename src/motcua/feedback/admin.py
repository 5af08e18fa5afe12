"""Admin of ratings and feedback. Ratings are read-only (private: only staff with the view permission
see them, never publicly one by one). Feedback can be handled here too (reject, request details,
answer, publish) through :mod:`motcua.feedback.services` — the same functions as the back office's
feedback desk, where centre staff work."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import ReadOnlyAdmin

from . import services
from .models import Feedback, Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "score", "via", "rated_at")
    list_filter = ("score", "via")
    search_fields = ("dossier__code",)
    date_hierarchy = "rated_at"


class FeedbackHandlingForm(forms.ModelForm):
    handling = forms.ChoiceField(
        label=_("Xử lý"),
        required=False,
        choices=[
            ("", _("— Không thay đổi —")),
            ("reject", _("Từ chối tiếp nhận (trong 2 ngày làm việc)")),
            ("details", _("Đề nghị người gửi bổ sung thông tin (trong 5 ngày làm việc)")),
            ("resolve", _("Trả lời (trong 15 ngày làm việc)")),
            ("publish", _("Công khai trả lời (trong 2 ngày làm việc sau khi trả lời)")),
        ],
    )
    text = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Lý do từ chối, thông tin cần bổ sung, nội dung trả lời, hoặc tóm tắt công khai "
            "(không ghi thông tin cá nhân)."
        ),
    )

    class Meta:
        model = Feedback
        fields: list[str] = []


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    form = FeedbackHandlingForm
    list_display = ("reference", "kind", "subject", "state", "received_at", "resolve_due_at", "overdue")
    list_filter = ("state", "kind", "centre")
    search_fields = ("reference", "subject", "dossier__code")
    date_hierarchy = "received_at"
    # everything recorded is read-only here: it changes only through the handling steps below
    _RECORD = ("reference", "kind", "subject", "content", "dossier", "centre", "state")
    _SENDER = ("name", "phone", "email")
    _DUE = ("received_at", "reject_due_at", "details_due_at", "resolve_due_at", "publish_due_at")
    _HANDLED = (
        "details_request", "details_requested_at", "details_answer", "details_answered_at", "reject_reason",
        "rejected_at", "answer", "resolved_at", "public_summary", "published_at", "handled_by",
    )
    readonly_fields = _RECORD + _SENDER + _DUE + _HANDLED
    fieldsets = (
        (None, {"fields": _RECORD}),
        (_("Người gửi"), {"fields": _SENDER}),
        (_("Thời hạn (DOMAIN §7)"), {"fields": _DUE}),
        (_("Quá trình xử lý"), {"fields": _HANDLED}),
        (_("Xử lý"), {"fields": ("handling", "text")}),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("quá hạn"), boolean=True)
    def overdue(self, obj: Feedback) -> bool:
        return services.feedback_timeliness(obj).overdue_now

    def save_model(self, request, obj, form, change):
        handling, text = form.cleaned_data.get("handling"), form.cleaned_data.get("text", "")
        if not handling:
            return
        try:
            services.handle_feedback(obj, request.user, handling, text)
        except services.FeedbackError as exc:
            messages.error(request, exc.message)
