"""The official working calendar as data: days off and make-up days per province, centre hours.

DOMAIN §6: working time is Monday–Friday, 07:00–11:00 and 13:00–17:00, except the official days
off, plus the official make-up working days (Saturdays worked in exchange for a swapped day off).
The official calendar is announced by the Government year by year, so it is data:

- :class:`CalendarYear` — one row per province and year: *provisional* (derived from Bộ luật Lao
  động 2019 Đ.111–112 by :mod:`motcua.worktime.statutory`) until an administrator confirms the
  year's announced schedule, then *official*. The shipped 2025–2026 schedule loads as official.
- :class:`CalendarDay` — a day off (of a kind, with its legal source) or a make-up working day.
  Any other Monday–Friday is a working day; any other Saturday/Sunday is not.
- :class:`CalendarChange` — append-only change log; :class:`CalendarRevision` — a per-province
  counter bumped by every change so every process rebuilds its cached calendar.
- :class:`CentreSchedule` — a centre's own sessions from a date (the province default otherwise).

Every write goes through :mod:`motcua.worktime.services` (the admin too). Centres are referred to
by their code, not by a foreign key: ``worktime`` sits below ``org`` (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.lib import clock

from .engine import Session, WorkSchedule

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class CalendarYear(TimeStampedModel):
    """Lịch làm việc của một năm tại một tỉnh: tạm tính hoặc chính thức."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", _("Tạm tính (theo Bộ luật Lao động)")
        OFFICIAL = "official", _("Chính thức")

    class Origin(models.TextChoices):
        OFFICIAL_FILE = "official_file", _("Lịch chính thức kèm theo phần mềm")
        LABOUR_CODE = "labour_code", _("Suy ra từ Bộ luật Lao động 2019")

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    origin = models.CharField(_("nguồn khởi tạo"), max_length=16, choices=Origin.choices)
    admin_edited = models.BooleanField(
        _("đã được quản trị viên chỉnh sửa"),
        default=False,
        help_text=_("Năm đã được quản trị viên sửa hoặc xác nhận: nạp lại dữ liệu tham chiếu không ghi đè năm này."),
    )
    source = models.TextField(
        _("căn cứ"),
        blank=True,
        help_text=_("Văn bản công bố lịch nghỉ của năm (ví dụ: công văn của Văn phòng Chính phủ, thông báo của Bộ)."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác nhận"),
    )
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch làm việc năm")
        verbose_name_plural = _("lịch làm việc năm")
        ordering = ["province_code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "year"], name="worktime_one_year_per_province"),
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.get_status_display()}) — tỉnh {self.province_code}"


class CalendarDay(TimeStampedModel):
    """Một ngày nghỉ chính thức, hoặc một ngày làm việc bù, trong lịch của một tỉnh."""

    class Kind(models.TextChoices):
        STATUTORY_HOLIDAY = "statutory_holiday", _("Nghỉ lễ, Tết (BLLĐ 2019 Đ.112)")
        COMPENSATORY_DAY_OFF = "compensatory_day_off", _("Nghỉ bù (BLLĐ 2019 Đ.111 k.3)")
        SWAPPED_DAY_OFF = "swapped_day_off", _("Nghỉ hoán đổi (làm bù vào ngày khác)")
        WEEKEND_IN_BREAK = "weekend_in_break", _("Cuối tuần trong kỳ nghỉ")
        MAKEUP_WORKDAY = "makeup_workday", _("Ngày làm việc bù")

    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    calendar_year = models.ForeignKey(
        CalendarYear, on_delete=models.PROTECT, related_name="days", verbose_name=_("lịch năm"), editable=False
    )
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại ngày"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=255)
    source = models.TextField(_("căn cứ pháp lý"), help_text=_("Điều luật hoặc văn bản công bố ngày này."))
    provisional = models.BooleanField(
        _("tạm tính"),
        default=False,
        help_text=_("Do hệ thống suy ra từ Bộ luật Lao động, chưa được đối chiếu với thông báo chính thức."),
    )

    class Meta:
        verbose_name = _("ngày nghỉ / ngày làm bù")
        verbose_name_plural = _("ngày nghỉ / ngày làm bù")
        ordering = ["province_code", "date"]
        constraints = [
            models.UniqueConstraint(fields=["province_code", "date"], name="worktime_one_entry_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind != self.Kind.MAKEUP_WORKDAY

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    def clean(self) -> None:
        if self.date and self.kind:
            check_day_kind(self.date, self.kind)

    def as_value(self) -> dict:
        """What the change log records for this day."""
        return {"kind": self.kind, "name": self.name, "source": self.source, "provisional": self.provisional}


def check_day_kind(day: dt.date, kind: str) -> None:
    """The weekday rules of each kind of day; ValidationError (Vietnamese) otherwise.

    A make-up working day or a weekend inside a break falls on Saturday/Sunday; a swapped or
    compensatory day off is a Monday–Friday (resting on a day that is off anyway changes nothing);
    a holiday may fall on any day (Giỗ Tổ 2026 is a Sunday — hence the compensatory Monday).
    """
    if kind not in CalendarDay.Kind.values:
        raise ValidationError(_("Loại ngày không hợp lệ: %(kind)s."), params={"kind": kind}, code="kind")
    weekend = day.weekday() >= 5
    label = CalendarDay.Kind(kind).label
    if kind in (CalendarDay.Kind.MAKEUP_WORKDAY, CalendarDay.Kind.WEEKEND_IN_BREAK) and not weekend:
        raise ValidationError(
            _("%(label)s phải là thứ Bảy hoặc Chủ nhật; ngày %(day)s là %(weekday)s."),
            params={"label": label, "day": f"{day:%d/%m/%Y}", "weekday": WEEKDAY_NAMES[day.weekday()]},
            code="weekday",
        )
    if kind in (CalendarDay.Kind.SWAPPED_DAY_OFF, CalendarDay.Kind.COMPENSATORY_DAY_OFF) and weekend:
        raise ValidationError(
            _("%(label)s phải là ngày từ thứ Hai đến thứ Sáu; ngày %(day)s là %(weekday)s."),
            params={"label": label, "day": f"{day:%d/%m/%Y}", "weekday": WEEKDAY_NAMES[day.weekday()]},
            code="weekday",
        )


class CalendarChangeQuerySet(models.QuerySet):
    """The change log is append-only: no bulk update or delete."""

    def update(self, **kwargs):
        raise TypeError("Nhật ký thay đổi lịch chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise TypeError("Nhật ký thay đổi lịch chỉ được ghi thêm, không được xóa.")


class CalendarChange(models.Model):
    """Nhật ký thay đổi lịch làm việc (chỉ ghi thêm)."""

    class Action(models.TextChoices):
        YEAR_LOADED = "year.loaded", _("Nạp lịch năm")
        YEAR_CONFIRMED = "year.confirmed", _("Xác nhận lịch chính thức")
        DAY_ADDED = "day.added", _("Thêm ngày")
        DAY_CHANGED = "day.changed", _("Sửa ngày")
        DAY_REMOVED = "day.removed", _("Xóa ngày")
        SCHEDULE_SET = "schedule.set", _("Đặt giờ làm việc của trung tâm")
        SCHEDULE_REMOVED = "schedule.removed", _("Xóa giờ làm việc của trung tâm")

    at = models.DateTimeField(_("thời điểm"), default=clock.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_label = models.CharField(
        _("người thực hiện (tên)"), max_length=150, help_text=_("Tên đăng nhập, hoặc tác vụ hệ thống.")
    )
    action = models.CharField(_("thao tác"), max_length=20, choices=Action.choices)
    province_code = models.CharField(_("mã tỉnh"), max_length=2, blank=True)
    centre_code = models.CharField(_("mã trung tâm"), max_length=20, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    old_value = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new_value = models.JSONField(_("giá trị mới"), null=True, blank=True)
    reason = models.TextField(_("lý do"))
    revision = models.PositiveIntegerField(_("số hiệu phiên bản lịch"), default=0)

    objects = CalendarChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thay đổi lịch làm việc")
        verbose_name_plural = _("nhật ký thay đổi lịch làm việc")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["province_code", "date"], name="worktime_change_province_date")]

    def __str__(self) -> str:
        target = f"{self.date:%d/%m/%Y}" if self.date else (str(self.year or "") or self.centre_code)
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {target} — {self.actor_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Nhật ký thay đổi lịch chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Nhật ký thay đổi lịch chỉ được ghi thêm, không được xóa.")


class CalendarRevision(models.Model):
    """Số hiệu phiên bản lịch của một tỉnh: tăng ở mọi thay đổi (để các tiến trình nạp lại lịch)."""

    province_code = models.CharField(_("mã tỉnh"), max_length=2, unique=True)
    number = models.PositiveIntegerField(_("số hiệu"), default=0)
    # A fresh random token with every bump: the cache key of calendar_for. A number alone could be
    # reused after a rolled-back change (the bump rolls back too) and serve a stale calendar.
    token = models.CharField(_("mã phiên bản"), max_length=32, default="", editable=False)
    changed_at = models.DateTimeField(_("thời điểm thay đổi"), default=clock.now)

    class Meta:
        verbose_name = _("phiên bản lịch làm việc")
        verbose_name_plural = _("phiên bản lịch làm việc")

    def __str__(self) -> str:
        return f"{self.province_code} #{self.number}"


class CentreSchedule(TimeStampedModel):
    """Giờ làm việc riêng của một trung tâm, áp dụng từ một ngày (mặc định của tỉnh: 07–11, 13–17)."""

    centre_code = models.CharField(
        _("mã trung tâm"), max_length=20, help_text=_("Mã trung tâm phục vụ hành chính công (ví dụ 86, 29410).")
    )
    effective_from = models.DateField(_("áp dụng từ ngày"))
    morning_start = models.TimeField(_("buổi sáng bắt đầu"), default=dt.time(7, 0))
    morning_end = models.TimeField(_("buổi sáng kết thúc"), default=dt.time(11, 0))
    afternoon_start = models.TimeField(_("buổi chiều bắt đầu"), null=True, blank=True, default=dt.time(13, 0))
    afternoon_end = models.TimeField(_("buổi chiều kết thúc"), null=True, blank=True, default=dt.time(17, 0))
    saturday_reception = models.CharField(
        _("tiếp nhận sáng thứ Bảy"),
        max_length=200,
        blank=True,
        help_text=_(
            "Chỉ để thông báo giờ mở cửa (ví dụ: 07:30–11:30). Thời gian này không bao giờ được tính vào thời hạn "
            "giải quyết; chỉ thứ Bảy làm bù theo lịch chính thức mới là ngày làm việc (theo giờ làm việc ở trên)."
        ),
    )
    note = models.TextField(_("ghi chú, căn cứ"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
        editable=False,
    )

    class Meta:
        verbose_name = _("giờ làm việc của trung tâm")
        verbose_name_plural = _("giờ làm việc của trung tâm")
        ordering = ["centre_code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["centre_code", "effective_from"], name="worktime_one_schedule_per_date"),
        ]

    def __str__(self) -> str:
        sessions = ", ".join(f"{s.start:%H:%M}–{s.end:%H:%M}" for s in self.sessions())
        return f"{self.centre_code} từ {self.effective_from:%d/%m/%Y}: {sessions}"

    def sessions(self) -> tuple[Session, ...]:
        """The sessions as engine values (ValueError with a Vietnamese message if inconsistent)."""
        if (self.afternoon_start is None) != (self.afternoon_end is None):
            raise ValueError("Buổi chiều cần cả giờ bắt đầu và giờ kết thúc (hoặc để trống cả hai).")
        pairs = [(self.morning_start, self.morning_end)]
        if self.afternoon_start is not None:
            pairs.append((self.afternoon_start, self.afternoon_end))
        return tuple(Session(start, end) for start, end in pairs)

    def work_schedule(self) -> WorkSchedule:
        return WorkSchedule(self.sessions())

    def clean(self) -> None:
        try:
            self.work_schedule()
        except (ValueError, TypeError) as exc:
            raise ValidationError(str(exc), code="schedule") from exc
