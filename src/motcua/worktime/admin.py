"""Vietnamese admin for the working calendar: years, days, centre hours, and the change log.

Every save and delete goes through :mod:`motcua.worktime.services` (``save_model``/``delete_model``
are overridden), so an administrator's edit is logged with a reason, bumps the calendar revision
and — after commit — sends the signal that recomputes open dossiers' due moments. The forms run
the services' checks first, so mistakes come back as form errors rather than server errors.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CalendarChange, CalendarDay, CalendarYear, CentreSchedule

REASON_HELP = _("Ghi số hiệu văn bản công bố hoặc lý do; được lưu vào nhật ký thay đổi lịch làm việc.")


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("lý do thay đổi"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP, max_length=2000
    )


# --- years ----------------------------------------------------------------------------------------


class CalendarYearForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label=_("xác nhận là lịch chính thức"),
        required=False,
        help_text=_(
            "Đánh dấu khi lịch nghỉ của năm đã được đối chiếu với thông báo chính thức ghi ở ô căn cứ. "
            "Sau khi xác nhận, việc nạp lại dữ liệu không ghi đè năm này."
        ),
    )
    reason = _reason_field()

    class Meta:
        model = CalendarYear
        fields = ("source",)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("confirm"):
            raise ValidationError(
                _("Chỉ thay đổi được lịch năm bằng cách xác nhận lịch chính thức; sửa từng ngày ở mục Ngày nghỉ.")
            )
        if not (cleaned.get("source") or "").strip():
            raise ValidationError({"source": _("Cần ghi căn cứ của lịch chính thức.")})
        return cleaned


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ("year", "province_code", "status", "origin", "admin_edited", "confirmed_by", "confirmed_at")
    list_filter = ("province_code", "status", "origin", "admin_edited")
    readonly_fields = ("province_code", "year", "status", "origin", "admin_edited", "notes", "confirmed_by",
                       "confirmed_at", "days_display")
    fields = ("province_code", "year", "status", "origin", "admin_edited", "notes", "confirmed_by", "confirmed_at",
              "days_display", "source", "confirm", "reason")

    @admin.display(description=_("các ngày nghỉ / ngày làm bù"))
    def days_display(self, obj):
        rows = format_html_join(
            "",
            "<li>{} ({}) — {}: {}{}</li>",
            (
                (f"{d.date:%d/%m/%Y}", d.weekday_name, d.get_kind_display(), d.name,
                 " [tạm tính]" if d.provisional else "")
                for d in obj.days.order_by("date")
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "—"

    def has_add_permission(self, request):
        return False  # years come from `motcua load-reference-data`

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.confirm_year(
            obj.province_code, obj.year, source=form.cleaned_data["source"], by=request.user,
            reason=form.cleaned_data["reason"],
        )
        obj.refresh_from_db()


# --- days -----------------------------------------------------------------------------------------


class CalendarDayForm(forms.ModelForm):
    reason = _reason_field()

    class Meta:
        model = CalendarDay
        fields = ("province_code", "date", "kind", "name", "source")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "province_code" in self.fields and not self.instance.pk:
            self.fields["province_code"].initial = services.default_province()

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province_code") or self.instance.province_code
        day = cleaned.get("date") or self.instance.date
        if province and day and not CalendarYear.objects.filter(province_code=province, year=day.year).exists():
            raise ValidationError(
                _("Chưa có lịch năm %(year)s của tỉnh %(province)s; chạy `motcua load-reference-data` trước."),
                params={"year": day.year, "province": province},
            )
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "weekday_display", "kind", "name", "provisional", "province_code")
    list_filter = ("province_code", "kind", "provisional", "calendar_year__year", "calendar_year__status")
    date_hierarchy = "date"
    search_fields = ("name", "source")
    ordering = ("-date",)

    @admin.display(description=_("thứ"))
    def weekday_display(self, obj):
        return obj.weekday_name

    def get_fields(self, request, obj=None):
        return ("province_code", "date", "kind", "name", "source", "provisional", "reason")

    def get_readonly_fields(self, request, obj=None):
        return ("province_code", "date", "provisional") if obj else ("provisional",)

    def save_model(self, request, obj, form, change):
        row = services.set_day(
            obj.province_code, obj.date, kind=obj.kind, name=obj.name, source=obj.source, by=request.user,
            reason=form.cleaned_data["reason"],
        )
        obj.pk, obj.calendar_year_id = row.pk, row.calendar_year_id
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.remove_day(obj.province_code, obj.date, by=request.user, reason=_deleted_reason(request))

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


def _deleted_reason(request) -> str:
    return f"Xóa qua trang quản trị bởi {request.user.get_username()}."


# --- centre hours ---------------------------------------------------------------------------------


class CentreScheduleForm(forms.ModelForm):
    reason = _reason_field()

    class Meta:
        model = CentreSchedule
        fields = ("centre_code", "effective_from", "morning_start", "morning_end", "afternoon_start",
                  "afternoon_end", "saturday_reception", "note")


@admin.register(CentreSchedule)
class CentreScheduleAdmin(admin.ModelAdmin):
    form = CentreScheduleForm
    list_display = ("centre_code", "effective_from", "morning_start", "morning_end", "afternoon_start",
                    "afternoon_end", "saturday_reception")
    search_fields = ("centre_code",)

    def get_fields(self, request, obj=None):
        return (*CentreScheduleForm.Meta.fields, "reason")

    def get_readonly_fields(self, request, obj=None):
        return ("centre_code", "effective_from") if obj else ()

    def save_model(self, request, obj, form, change):
        row = services.set_centre_schedule(
            obj.centre_code,
            effective_from=obj.effective_from,
            sessions=[(s.start, s.end) for s in obj.sessions()],
            saturday_reception=obj.saturday_reception,
            note=obj.note,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        obj.pk = row.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.remove_centre_schedule(
            obj.centre_code, obj.effective_from, by=request.user, reason=_deleted_reason(request)
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


# --- the change log (read-only) -------------------------------------------------------------------


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "province_code", "centre_code", "date", "year", "actor_label", "reason",
                    "revision")
    list_filter = ("action", "province_code")
    search_fields = ("reason", "actor_label", "centre_code")
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
