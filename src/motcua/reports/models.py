"""Report aggregates, maintained incrementally when dossiers change state (issue 7 §3).

Reports never scan the dossier table: they read these tables, whose size grows with the number of
(day × centre × department × procedure × channel) combinations that occurred — not with the number
of dossiers. See :mod:`motcua.reports.projection` for what each counter means and how a dossier's
history turns into deltas, and docs/reports.md for the query plan.

- :class:`DailyFigure` — per day: flows (received, ended early/on time/late…) and stock deltas
  (``d_open``/``d_overdue``: the running sum up to a day is "in progress at the end of that day");
- :class:`MonthlyFigure` — the same per calendar month, so a year is twelve rows per combination;
- :class:`PendingFigure` — dossiers waiting for a supplement (DOMAIN §7 rule 5: counted as resolved
  at the request while they wait), keyed by the request day;
- :class:`DossierStat` — one row per dossier: what the aggregates currently hold about it (the
  "before" of the next change) and the index behind drill-down lists.

All four are derived data: ``motcua reports-rebuild`` recomputes them from the dossiers' histories.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .projection import CHANNELS, PHASES

CHANNEL_CHOICES = [(c, c) for c in CHANNELS]


class FigureBase(models.Model):
    """The breakdown (receiving centre, resolving department, procedure, channel) and the counters.

    Counters are signed: ``d_open``/``d_overdue`` are deltas, and a retraction may land on a row
    whose other counters are zero. The names are :data:`.projection.COUNTERS`.
    """

    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.CASCADE, db_index=False, related_name="+",
        verbose_name=_("cơ quan giải quyết"),
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("thủ tục")
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=CHANNEL_CHOICES)
    received = models.IntegerField(_("tiếp nhận"), default=0)
    digitised = models.IntegerField(_("đã số hoá thành phần hồ sơ"), default=0)
    refused_intake = models.IntegerField(_("từ chối tiếp nhận"), default=0)
    ended_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    ended_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    ended_late = models.IntegerField(_("giải quyết quá hạn"), default=0)
    ended_withdrawn = models.IntegerField(_("kết thúc do rút hồ sơ, dừng xử lý"), default=0)
    ended_refused = models.IntegerField(_("kết thúc do từ chối giải quyết"), default=0)
    cancelled = models.IntegerField(_("huỷ (quản trị)"), default=0)
    disliked = models.IntegerField(_("phản ánh, không hài lòng"), default=0)
    d_open = models.IntegerField(_("biến động số đang giải quyết"), default=0)
    d_overdue = models.IntegerField(_("biến động số đang giải quyết quá hạn"), default=0)

    class Meta:
        abstract = True


class DailyFigure(FigureBase):
    """Số liệu theo ngày."""

    day = models.DateField(_("ngày"))

    class Meta:
        verbose_name = _("số liệu ngày")
        verbose_name_plural = _("số liệu ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "centre", "department", "procedure", "channel"], name="reports_daily_key"
            )
        ]
        indexes = [models.Index(fields=["centre", "day"], name="reports_daily_centre_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.centre_id}/{self.procedure_id}/{self.channel}"


class MonthlyFigure(FigureBase):
    """Số liệu theo tháng — the daily figures summed per calendar month."""

    month = models.DateField(_("tháng (ngày đầu tháng)"))

    class Meta:
        verbose_name = _("số liệu tháng")
        verbose_name_plural = _("số liệu tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "centre", "department", "procedure", "channel"], name="reports_monthly_key"
            )
        ]
        indexes = [models.Index(fields=["centre", "month"], name="reports_monthly_centre_month")]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.centre_id}/{self.procedure_id}/{self.channel}"


class StockTotal(models.Model):
    """Running total of the stock deltas (``d_open``/``d_overdue``) of every day, past and scheduled.

    "In progress at the end of day B" = this total − the deltas dated after B. For a recent B only the
    few rows scheduled ahead (overdue flips) are subtracted, so the dashboard's stock costs the
    number of breakdown combinations, whatever the history's length.
    """

    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("cơ quan")
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("thủ tục")
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=CHANNEL_CHOICES)
    d_open = models.IntegerField(_("tổng biến động số đang giải quyết"), default=0)
    d_overdue = models.IntegerField(_("tổng biến động số quá hạn"), default=0)

    class Meta:
        verbose_name = _("tổng biến động tồn")
        verbose_name_plural = _("tổng biến động tồn")
        constraints = [
            models.UniqueConstraint(fields=["centre", "department", "procedure", "channel"], name="reports_stock_key")
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}/{self.procedure_id}/{self.channel}"


class PendingFigure(models.Model):
    """Hồ sơ đang chờ bổ sung (DOMAIN §7 rule 5) — +1 on the request day, −1 when it comes back."""

    day = models.DateField(_("ngày"))
    request_day = models.DateField(_("ngày yêu cầu bổ sung"))
    outcome = models.CharField(_("xếp loại tại thời điểm yêu cầu"), max_length=12)
    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("cơ quan")
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("thủ tục")
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=CHANNEL_CHOICES)
    count = models.IntegerField(_("biến động"), default=0)

    class Meta:
        verbose_name = _("hồ sơ chờ bổ sung")
        verbose_name_plural = _("hồ sơ chờ bổ sung")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "request_day", "outcome", "centre", "department", "procedure", "channel"],
                name="reports_pending_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.request_day}) {self.outcome} {self.count:+d}"


class DossierStat(models.Model):
    """What the aggregates hold about one dossier — the state of :mod:`.projection`."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="report_stat",
        verbose_name=_("hồ sơ"),
    )
    centre = models.ForeignKey(
        "org.ServiceCentre", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("cơ quan")
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.CASCADE, db_index=False, related_name="+", verbose_name=_("thủ tục")
    )
    channel = models.CharField(_("kênh"), max_length=8, choices=CHANNEL_CHOICES)
    phase = models.CharField(_("giai đoạn"), max_length=10, choices=[(p, p) for p in PHASES], blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    digitised = models.BooleanField(_("đã số hoá"), default=False)
    overdue_on = models.DateField(_("quá hạn từ ngày"), null=True, blank=True)
    pending_on = models.DateField(_("chờ bổ sung từ ngày"), null=True, blank=True)
    outcome = models.CharField(_("xếp loại"), max_length=12, blank=True)
    kind = models.CharField(_("kết thúc bằng"), max_length=10, blank=True)
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    disliked = models.BooleanField(_("có phản ánh hoặc đánh giá không hài lòng"), default=False)

    class Meta:
        verbose_name = _("chỉ số hồ sơ")
        verbose_name_plural = _("chỉ số hồ sơ")
        indexes = [
            models.Index(fields=["centre", "received_on"], name="reports_stat_centre_recv"),
            models.Index(fields=["centre", "ended_on"], name="reports_stat_centre_end"),
            models.Index(fields=["received_on"], name="reports_stat_received"),
            models.Index(fields=["ended_on"], name="reports_stat_ended"),
            models.Index(fields=["phase", "overdue_on"], name="reports_stat_phase_overdue"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.phase}"


class SimulationRun(models.Model):
    """Một lần nạp dữ liệu mô phỏng (``motcua simulate``) — so screens can say the data is simulated."""

    profile = models.CharField(_("hồ sơ hiệu chỉnh"), max_length=64)
    seed = models.BigIntegerField(_("hạt giống ngẫu nhiên"))
    scale = models.FloatField(_("tỉ lệ"), default=1.0)
    method = models.CharField(_("cách nạp"), max_length=10)  # bulk / services
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    dossiers = models.PositiveIntegerField(_("số hồ sơ"))
    events = models.PositiveIntegerField(_("số thao tác"))
    seconds = models.FloatField(_("thời gian nạp (giây)"))
    loaded_at = models.DateTimeField(_("thời điểm nạp"))

    class Meta:
        verbose_name = _("lần nạp dữ liệu mô phỏng")
        verbose_name_plural = _("các lần nạp dữ liệu mô phỏng")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.profile} seed={self.seed} ({self.dossiers} hồ sơ)"
