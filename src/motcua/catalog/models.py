"""The catalogue of administrative procedures (danh mục thủ tục hành chính), versioned.

DOMAIN §6 and §11: the time limit, fees and documents are part of each *published* procedure, rules
change, and "a dossier keeps the rules it was received under". So everything a dossier depends on
lives on a :class:`ProcedureVersion`; the :class:`Procedure` only carries the identity (national
code, name, sector, level) and source-data flags.

Lifecycle of a version (all changes through :mod:`motcua.catalog.services`):

- ``draft`` — editable (admin inlines), not usable for dossiers;
- ``published`` — immutable; in force from ``valid_from`` until a later version's ``valid_from``;
- ``retired`` — superseded: a later version was published (``valid_until`` is set to its
  ``valid_from``; until that moment this one is still in force). Still immutable, still what the
  dossiers filed under it point at.

At most one version per procedure is ``published`` and at most one is ``draft`` (constraints).

Lower layer: imports nothing from ``org`` or any higher app (users are referenced through
``settings.AUTH_USER_MODEL``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import FoldedSearchModel, TimeStampedModel
from motcua.lib.text import fold

WORKING_HOURS_PER_DAY = 8  # DOMAIN §6: 07:00–11:00 and 13:00–17:00
DEFAULT_SAME_DAY_CUTOFF = dt.time(15, 0)  # DOMAIN §6 (default)


class Channel(models.TextChoices):
    """DOMAIN §3 — national channel codes 1 direct, 2 online, 3 postal."""

    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Dịch vụ bưu chính")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    HOURS = "hours", _("giờ (nguồn không nói rõ giờ làm việc hay giờ liên tục)")
    SAME_DAY = "same_day", _("trong ngày (nhận sau giờ chốt thì ngày làm việc tiếp theo)")
    CALENDAR_DAYS = "calendar_days", _("ngày (theo lịch)")
    MONTHS = "months", _("tháng")
    UNKNOWN = "unknown", _("chưa xác định")


class Level(models.TextChoices):
    """Cấp thực hiện, summarised; the exact combination is kept in the ``at_*`` flags."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
    BOTH = "both", _("Cấp tỉnh và cấp xã")
    CENTRAL = "central", _("Cấp bộ (trung ương)")
    OTHER = "other", _("Cơ quan khác")


class DemoTier(models.TextChoices):
    NONE = "", _("—")
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


class Sector(FoldedSearchModel):
    """Lĩnh vực thủ tục hành chính (e.g. Hộ tịch, Đất đai)."""

    SEARCH_FIELDS = ("name",)

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(FoldedSearchModel, TimeStampedModel):
    """Thủ tục hành chính, identified by its national code in the CSDLQG về TTHC (e.g. 1.001193)."""

    SEARCH_FIELDS = ("code", "name", "sector")

    code = models.CharField(
        _("mã thủ tục"),
        max_length=20,
        unique=True,
        help_text=_("Mã thủ tục hành chính trên Cơ sở dữ liệu quốc gia về thủ tục hành chính, ví dụ 1.001193."),
    )
    name = models.TextField(_("tên thủ tục"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực"))
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices, db_index=True)
    at_central = models.BooleanField(_("cấp bộ"), default=False)
    at_province = models.BooleanField(_("cấp tỉnh"), default=False)
    at_commune = models.BooleanField(_("cấp xã"), default=False)
    at_other = models.BooleanField(_("cơ quan khác"), default=False)
    levels_text = models.CharField(_("cấp thực hiện (theo nguồn)"), max_length=120, blank=True)
    procedure_type = models.CharField(_("loại thủ tục"), max_length=120, blank=True)
    source_group = models.CharField(
        _("nhóm nguồn"), max_length=40, blank=True, help_text=_("Bộ, ngành có danh sách được thu thập.")
    )
    detail_url = models.URLField(_("trang chi tiết trên Cổng DVCQG"), max_length=500, blank=True)
    in_demo_subset = models.BooleanField(_("thuộc bộ thủ tục demo"), default=False, db_index=True)
    demo_tier = models.CharField(_("nhóm demo"), max_length=10, choices=DemoTier.choices, blank=True, default="")
    time_unit_missing = models.BooleanField(
        _("nguồn mất đơn vị thời hạn"),
        default=False,
        db_index=True,
        help_text=_(
            "Dữ liệu nguồn có thời hạn chỉ ghi số, không ghi đơn vị (ngày làm việc, giờ…). "
            "Cần xác minh và công bố phiên bản mới trước khi dùng để tính hạn."
        ),
    )
    reference_release = models.CharField(
        _("đợt dữ liệu tham chiếu"),
        max_length=40,
        blank=True,
        help_text=_("Đợt dữ liệu danh mục quốc gia đã nạp thủ tục này (trống nếu tạo tay)."),
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def build_search_text(self) -> str:
        return procedure_search_text(self.code, self.name, self.sector.name if self.sector_id else "")


def procedure_search_text(code: str, name: str, sector_name: str) -> str:
    """The folded text admin search runs on (also computed in bulk by the loader)."""
    return fold(f"{code} {name} {sector_name}")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")
    RETIRED = "retired", _("Đã được thay thế")


class OnlineServiceLevel(models.TextChoices):
    """Mức độ dịch vụ công trực tuyến (Nghị định 45/2020, 42/2022)."""

    UNDECLARED = "", _("Chưa xác định")
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    OFFLINE = "offline", _("Không cung cấp trực tuyến")


class SupplementPolicy(models.TextChoices):
    """DOMAIN §6 — what a supplement request during processing does to the clock."""

    PAUSE = "pause", _("Tạm dừng, tính tiếp thời gian còn lại")
    RESTART = "restart", _("Tính lại toàn bộ thời hạn từ khi nhận đủ bổ sung")


class VersionOrigin(models.TextChoices):
    REFERENCE = "reference", _("Nạp từ danh mục quốc gia")
    MANUAL = "manual", _("Cán bộ soạn")


class EidLevel(models.IntegerChoices):
    LEVEL_1 = 1, _("Mức 1")
    LEVEL_2 = 2, _("Mức 2")


LIFECYCLE_FIELDS = frozenset({"status", "valid_until", "updated_at"})


class PublishedVersionError(ValidationError):
    """Raised when something tries to change a published (immutable) version or its parts."""


class ProcedureVersion(TimeStampedModel):
    """Phiên bản thủ tục: what applies to a dossier received while it is in force."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="versions", verbose_name=_("thủ tục")
    )
    number = models.PositiveIntegerField(_("số phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    origin = models.CharField(_("nguồn"), max_length=10, choices=VersionOrigin.choices, default=VersionOrigin.MANUAL)
    valid_from = models.DateTimeField(_("có hiệu lực từ"), null=True, blank=True, db_index=True)
    valid_until = models.DateTimeField(
        _("hết hiệu lực từ"),
        null=True,
        blank=True,
        help_text=_("Đặt tự động khi công bố phiên bản kế tiếp."),
    )
    publishing_decision = models.CharField(
        _("quyết định công bố"), max_length=120, blank=True, help_text=_("Ví dụ 163/QĐ-BTP.")
    )
    implementing_agency = models.TextField(_("cơ quan thực hiện"), blank=True)
    competent_agency = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    audience = models.TextField(_("đối tượng thực hiện"), blank=True)
    online_service_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=10,
        choices=OnlineServiceLevel.choices,
        blank=True,
        default=OnlineServiceLevel.UNDECLARED,
    )
    required_eid_level = models.PositiveSmallIntegerField(
        _("mức định danh điện tử yêu cầu khi nộp trực tuyến"),
        choices=EidLevel.choices,
        default=EidLevel.LEVEL_2,
        help_text=_("Mặc định mức 2 (tài khoản VNeID mức 2 có giá trị như xuất trình thẻ căn cước)."),
    )
    same_day_cutoff = models.TimeField(
        _("giờ chốt nhận trong ngày"),
        default=DEFAULT_SAME_DAY_CUTOFF,
        help_text=_(
            "Thủ tục giải quyết trong ngày: nhận trước giờ này thì trả trong ngày, "
            "nhận sau thì trả trong ngày làm việc tiếp theo (mặc định 15:00)."
        ),
    )
    supplement_policy = models.CharField(
        _("cách tính thời hạn khi yêu cầu bổ sung"),
        max_length=10,
        choices=SupplementPolicy.choices,
        default=SupplementPolicy.PAUSE,
    )
    boundary_free = models.BooleanField(
        _("tiếp nhận không phụ thuộc địa giới hành chính"),
        default=False,
        help_text=_("Mọi trung tâm trong tỉnh được tiếp nhận hồ sơ của thủ tục này (theo quyết định của tỉnh)."),
    )
    boundary_free_decision = models.CharField(
        _("quyết định danh mục không phụ thuộc địa giới"), max_length=120, blank=True
    )
    document_count = models.PositiveIntegerField(_("số giấy tờ (theo nguồn)"), null=True, blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    legal_basis_text = models.TextField(_("căn cứ pháp lý"), blank=True)
    conditions_text = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    result_text = models.TextField(_("kết quả thực hiện (theo nguồn)"), blank=True)
    channels_source_text = models.TextField(
        _("cách thức thực hiện (văn bản gốc)"),
        blank=True,
        help_text=_("Bảng cách thức thực hiện như trang DVCQG hiển thị, giữ làm bằng chứng khi xác minh thời hạn."),
    )
    source_hash = models.CharField(_("dấu vân tay dữ liệu nguồn"), max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(status="draft"), name="catalog_one_draft_per_procedure"
            ),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(status="published"), name="catalog_one_published_per_procedure"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(valid_from__isnull=False),
                name="catalog_published_has_valid_from",
            ),
        ]
        indexes = [models.Index(fields=["procedure", "status", "valid_from"], name="catalog_version_in_force")]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def save(self, *args, **kwargs):
        # A published version is immutable (DOMAIN §11: a dossier keeps the rules it was received
        # under); only the lifecycle fields may move, and only through services.publish_version.
        if self.pk and not self._state.adding:
            stored = ProcedureVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored and stored != VersionStatus.DRAFT:
                update_fields = kwargs.get("update_fields")
                if update_fields is None or not set(update_fields) <= LIFECYCLE_FIELDS:
                    raise PublishedVersionError(_("Phiên bản đã công bố không được sửa; hãy tạo phiên bản nháp mới."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != VersionStatus.DRAFT:
            raise PublishedVersionError(_("Không được xoá phiên bản đã công bố."))
        return super().delete(*args, **kwargs)

    def is_in_force(self, at: dt.datetime) -> bool:
        return (
            self.status != VersionStatus.DRAFT
            and self.valid_from is not None
            and self.valid_from <= at
            and (self.valid_until is None or at < self.valid_until)
        )

    def channel_options_for(self, channel: str) -> list[ChannelOption]:
        return [o for o in self.channel_options.all() if o.channel == channel]

    def duration_for_channel(self, channel: str) -> str | None:
        """The time limit of ``channel`` as the worktime engine reads it, or None when unknown.

        ``"Nd"`` working days, ``"Nh"`` working hours, ``"sameday"`` (cut-off 15:00) or
        ``"sameday@HH:MM"`` (this version's other cut-off), ``"Ncd"`` calendar days.

        None when the channel is not offered; when the unit is unknown (lost in the source) or not
        countable by the engine (months, "Giờ" of unknown kind); and when the channel lists
        several cases with different limits (1.000045: 2, 3 or 4 working days depending on
        verification) — the caller then lets staff pick the case (:meth:`channel_options_for`,
        :meth:`ChannelOption.duration`).
        """
        durations = {o.duration(self.same_day_cutoff) for o in self.channel_options_for(channel)}
        return durations.pop() if len(durations) == 1 else None


class VersionPart(models.Model):
    """Base of the rows that make up a version: they freeze with it."""

    class Meta:
        abstract = True

    def _check_editable(self):
        version = ProcedureVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        if version and version != VersionStatus.DRAFT:
            raise PublishedVersionError(_("Phiên bản đã công bố không được sửa; hãy tạo phiên bản nháp mới."))

    def save(self, *args, **kwargs):
        self._check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_editable()
        return super().delete(*args, **kwargs)


class ChannelOption(VersionPart):
    """Cách thức thực hiện: one channel with its time limit and fee (a channel may list several cases)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="channel_options", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    time_value = models.DecimalField(_("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True)
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=15, choices=TimeUnit.choices, default=TimeUnit.UNKNOWN
    )
    unit_missing = models.BooleanField(
        _("nguồn mất đơn vị"),
        default=False,
        help_text=_("Nguồn chỉ ghi số, không ghi đơn vị. Chọn đơn vị đã xác minh thì cờ này được xoá."),
    )
    time_fee_merged = models.BooleanField(
        _("thời hạn và lệ phí dính liền trong nguồn"),
        default=False,
        help_text=_("Nguồn ghép chữ số thời hạn với số tiền lệ phí; cả hai phải được nhập lại."),
    )
    time_raw = models.CharField(_("thời hạn (văn bản gốc)"), max_length=100, blank=True)
    time_note = models.CharField(_("ghi chú về thời hạn"), max_length=255, blank=True)
    unit_hint = models.CharField(
        _("đơn vị gợi ý"),
        max_length=15,
        choices=TimeUnit.choices,
        blank=True,
        help_text=_("Gợi ý từ chính văn bản của thủ tục, chỉ để cán bộ xác minh — không dùng để tính hạn."),
    )
    unit_hint_evidence = models.TextField(_("căn cứ gợi ý"), blank=True)
    fee_text = models.TextField(_("phí, lệ phí"), blank=True)
    fee_amount = models.DecimalField(_("số tiền (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True)
    fee_currency = models.CharField(_("đơn vị tiền"), max_length=3, blank=True)
    is_free = models.BooleanField(_("miễn phí"), default=False)
    fee_amount_doubtful = models.BooleanField(
        _("số tiền đáng ngờ"),
        default=False,
        help_text=_("Nguồn ghi số tiền dưới 1.000 đồng, có thể theo đơn vị nghìn đồng; chưa lưu số tiền."),
    )
    fee_note = models.CharField(_("ghi chú về phí"), max_length=255, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="catalog_channel_order_unique")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.time_label()}"

    def clean(self):
        if self.time_unit != TimeUnit.UNKNOWN:
            self.unit_missing = False
            self.time_fee_merged = False
        if self.time_unit not in (TimeUnit.SAME_DAY, TimeUnit.UNKNOWN) and self.time_value is None:
            raise ValidationError({"time_value": _("Nhập thời hạn cho đơn vị đã chọn.")})

    def time_label(self) -> str:
        if self.time_unit == TimeUnit.SAME_DAY:
            return str(TimeUnit.SAME_DAY.label)
        if self.time_value is None:
            return self.time_raw or "?"
        value = self.time_value.normalize()
        unit = "" if self.time_unit == TimeUnit.UNKNOWN else f" {self.get_time_unit_display()}"
        return f"{value:f}{unit}"

    def duration(self, same_day_cutoff: dt.time | None = None) -> str | None:
        """This option's time limit in the worktime engine's notation, or None (see the version)."""
        unit, value = self.time_unit, self.time_value
        if unit == TimeUnit.SAME_DAY:
            # same notation as worktime's str(Duration): the bare form means the 15:00 default
            cutoff = same_day_cutoff or DEFAULT_SAME_DAY_CUTOFF
            return "sameday" if cutoff == DEFAULT_SAME_DAY_CUTOFF else f"sameday@{cutoff:%H:%M}"
        if value is None or value <= 0 or self.unit_missing:
            return None
        if unit == TimeUnit.WORKING_DAYS:
            if value == value.to_integral_value():
                return f"{int(value)}d"
            hours = value * WORKING_HOURS_PER_DAY  # 1.5 working days = 12 working hours
            return f"{int(hours)}h" if hours == hours.to_integral_value() else None
        if unit == TimeUnit.WORKING_HOURS:
            return f"{int(value)}h" if value == value.to_integral_value() else None
        if unit == TimeUnit.CALENDAR_DAYS:
            return f"{int(value)}cd" if value == value.to_integral_value() else None
        return None  # months, "Giờ" of unknown kind, unknown


class RequiredDocument(VersionPart):
    """Thành phần hồ sơ — the published list is the maximum that may be asked (DOMAIN §11)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="required_documents", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    group = models.CharField(
        _("nhóm"), max_length=255, blank=True, help_text=_("Ví dụ: Giấy tờ phải nộp, Giấy tờ phải xuất trình.")
    )
    quantity_raw = models.CharField(_("số lượng (văn bản gốc)"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="catalog_document_order_unique")]

    def __str__(self) -> str:
        return self.name[:120]


class ResultDocument(VersionPart):
    """Kết quả thực hiện thủ tục (with the national result code, e.g. KQ.G15.000031)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="result_documents", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.TextField(_("tên kết quả"))
    code = models.CharField(_("mã kết quả"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kết quả thực hiện")
        verbose_name_plural = _("kết quả thực hiện")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name[:120]


class StepRole(models.TextChoices):
    """DOMAIN §1 roles that take part in a dossier's internal processing."""

    COUNTER_OFFICER = "counter_officer", _("Cán bộ tiếp nhận (một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    CLERK = "clerk", _("Văn thư")


class ProcessingStep(VersionPart):
    """Quy trình nội bộ: one step, who is responsible, and its share of the time limit."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="processing_steps", verbose_name=_("phiên bản")
    )
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=StepRole.choices)
    responsible_unit = models.CharField(_("bộ phận thực hiện"), max_length=255, blank=True)
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Trống khi thời hạn của thủ tục chưa xác định hoặc không tính bằng ngày/giờ làm việc."),
    )

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "order"], name="catalog_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Audience(models.TextChoices):
    STAFF = "staff", _("Cán bộ")
    CITIZEN = "citizen", _("Người dân, doanh nghiệp")
    BOTH = "both", _("Cả hai")


class GuidanceNote(TimeStampedModel):
    """Ghi chú hướng dẫn — what an experienced officer would tell a newcomer (or a citizen)."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="guidance_notes", verbose_name=_("thủ tục")
    )
    audience = models.CharField(_("dành cho"), max_length=10, choices=Audience.choices, default=Audience.STAFF)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("ghi chú hướng dẫn")
        verbose_name_plural = _("ghi chú hướng dẫn")
        ordering = ["procedure", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class SampleDossier(TimeStampedModel):
    """Bộ hồ sơ mẫu — a filled-in example dossier, for learning on the job and for citizens."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="sample_dossiers", verbose_name=_("thủ tục")
    )
    audience = models.CharField(_("dành cho"), max_length=10, choices=Audience.choices, default=Audience.BOTH)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("tiêu đề"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    file = models.FileField(_("tệp"), upload_to="catalog/samples/%Y/")

    class Meta:
        verbose_name = _("bộ hồ sơ mẫu")
        verbose_name_plural = _("bộ hồ sơ mẫu")
        ordering = ["procedure", "order", "pk"]

    def __str__(self) -> str:
        return self.title
