"""Organisation of a province under the two-tier local government (from 1/7/2025).

DOMAIN §1: the province (UBND tỉnh and its sở/ban/ngành) and the commune level (xã, phường, đặc
khu) — no districts. One provincial Trung tâm Phục vụ hành chính công and one centre per
commune-level unit. Staff act through **postings** (phân công): a role, scoped to a centre or a
department, valid for a period — access rights follow postings, with history (DOMAIN §1: counter
postings last 12–36 months).

Administrative-unit codes change between releases of the national code table, so every code is
stored with the :class:`CodeTableVersion` it belongs to (``Xã Song Phú`` was 29752, is 29740).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.models import FoldedSearchModel, TimeStampedModel
from motcua.lib import clock


class CodeTableVersion(models.Model):
    """Phiên bản bảng danh mục và mã số đơn vị hành chính."""

    key = models.CharField(_("mã phiên bản"), max_length=64, unique=True)
    source = models.TextField(_("nguồn"))
    retrieved_on = models.DateField(_("ngày lấy dữ liệu"))
    is_current = models.BooleanField(_("đang áp dụng"), default=False)

    class Meta:
        verbose_name = _("phiên bản bảng mã đơn vị hành chính")
        verbose_name_plural = _("phiên bản bảng mã đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_code_table")
        ]

    def __str__(self) -> str:
        return self.key


class Province(FoldedSearchModel):
    """Tỉnh / thành phố trực thuộc trung ương (34 from 12/6/2025)."""

    SEARCH_FIELDS = ("code", "name")

    code = models.CharField(_("mã tỉnh"), max_length=2)
    code_version = models.ForeignKey(CodeTableVersion, on_delete=models.PROTECT, verbose_name=_("phiên bản bảng mã"))
    name = models.CharField(_("tên"), max_length=100)
    division_type = models.CharField(_("loại"), max_length=40)
    phone_code = models.CharField(_("mã vùng điện thoại"), max_length=8, blank=True)
    legacy_names = models.TextField(_("tỉnh cũ hợp nhất"), blank=True)

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "code_version"], name="province_code_per_version")]

    def __str__(self) -> str:
        return self.name


class AdminUnit(FoldedSearchModel):
    """Đơn vị hành chính cấp xã: xã, phường, đặc khu."""

    SEARCH_FIELDS = ("code", "name")

    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Xã")
        WARD = "phuong", _("Phường")
        SPECIAL_ZONE = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=5)
    code_version = models.ForeignKey(CodeTableVersion, on_delete=models.PROTECT, verbose_name=_("phiên bản bảng mã"))
    name = models.CharField(_("tên"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units", verbose_name=_("tỉnh"))
    legacy_province = models.CharField(_("tỉnh trước sắp xếp"), max_length=100, blank=True)
    legacy_districts = models.CharField(_("huyện trước sắp xếp"), max_length=255, blank=True)
    legacy_unit_codes = models.CharField(_("mã các đơn vị cũ"), max_length=255, blank=True)
    legacy_unit_names = models.TextField(_("các đơn vị cũ hợp nhất"), blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính cấp xã")
        verbose_name_plural = _("đơn vị hành chính cấp xã")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "code_version"], name="unit_code_per_version")]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class ServiceCentre(FoldedSearchModel, TimeStampedModel):
    """Trung tâm Phục vụ hành chính công (cấp tỉnh hoặc cấp xã)."""

    SEARCH_FIELDS = ("code", "name", "legacy_origin")

    code = models.CharField(_("mã trung tâm"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    province_code = models.CharField(_("mã tỉnh"), max_length=2)
    admin_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("đơn vị hành chính cấp xã")
    )
    agency_id = models.CharField(
        _("mã định danh điện tử của cơ quan"),
        max_length=20,
        unique=True,
        help_text=_(
            "Dùng làm phần đầu mã số hồ sơ (Thông tư 03/2025/TT-VPCP), ví dụ 000.17.22.H56. "
            "Giá trị mặc định là tạm thời cho đến khi tỉnh cấp mã chính thức."
        ),
    )
    legacy_origin = models.TextField(_("nguồn gốc trước sắp xếp"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    staffing_quota = models.PositiveSmallIntegerField(
        _("biên chế được giao"), null=True, blank=True, help_text=_("Để trống nếu chưa cập nhật.")
    )
    staffing_filled = models.PositiveSmallIntegerField(_("số người đang làm việc"), null=True, blank=True)
    saturday_reception = models.BooleanField(
        _("tiếp nhận sáng thứ Bảy"),
        default=False,
        help_text=_("Trung tâm mở cửa sáng thứ Bảy; thời gian này không tính vào thời hạn giải quyết."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("trung tâm phục vụ hành chính công")
        verbose_name_plural = _("trung tâm phục vụ hành chính công")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", admin_unit__isnull=True) | Q(level="commune", admin_unit__isnull=False),
                name="centre_level_matches_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def staffing_gap(self) -> int | None:
        """Biên chế còn thiếu (quota − filled); None while either figure is unknown."""
        if self.staffing_quota is None or self.staffing_filled is None:
            return None
        return self.staffing_quota - self.staffing_filled

    def clean(self) -> None:
        if (
            self.staffing_quota is not None
            and self.staffing_filled is not None
            and self.staffing_filled > self.staffing_quota
        ):
            raise ValidationError({"staffing_filled": _("Số người đang làm việc vượt biên chế được giao.")})


class Department(FoldedSearchModel):
    """Cơ quan chuyên môn giải quyết TTHC: sở/ban/ngành (cấp tỉnh) hoặc phòng chuyên môn (cấp xã)."""

    SEARCH_FIELDS = ("code", "name")

    class Kind(models.TextChoices):
        PROVINCE_DEPARTMENT = "so_nganh", _("Sở, ban, ngành cấp tỉnh")
        COMMUNE_OFFICE = "phong_xa", _("Phòng chuyên môn cấp xã")
        VERTICAL_AGENCY = "nganh_doc", _("Cơ quan ngành dọc")

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    # Commune offices belong to their commune's centre; provincial departments to the provincial one.
    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.PROTECT, related_name="departments", verbose_name=_("trung tâm")
    )
    sectors = models.JSONField(
        _("lĩnh vực phụ trách"),
        default=list,
        blank=True,
        help_text=_("Tên các lĩnh vực thủ tục hành chính do cơ quan này giải quyết (theo danh mục TTHC)."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan, phòng chuyên môn")
        verbose_name_plural = _("cơ quan, phòng chuyên môn")
        ordering = ["centre__name", "name"]

    def __str__(self) -> str:
        return self.name


class User(FoldedSearchModel, AbstractUser):
    """Tài khoản cán bộ. Quyền hạn đến từ các phân công (:class:`Posting`), không từ tài khoản.

    ``search_text`` (folded username, full name, e-mail) lets the admin find ``Nguyễn Văn Hướng`` by
    ``nguyen van huong``; code that writes accounts without ``save()`` (``bulk_create``, ``update``)
    must fill it with :meth:`build_search_text`.
    """

    SEARCH_FIELDS = ("username", "full_name", "email")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("tài khoản cán bộ")
        verbose_name_plural = _("tài khoản cán bộ")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    """Vai trò (DOMAIN §1). ``SCOPE`` below says what each must be attached to."""

    COUNTER_OFFICER = "counter_officer", _("Cán bộ tiếp nhận")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    CLERK = "clerk", _("Văn thư")
    CENTRE_DIRECTOR = "centre_director", _("Giám đốc trung tâm")
    PROVINCE_SUPERVISOR = "province_supervisor", _("Giám sát cấp tỉnh")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


class Scope(models.TextChoices):
    CENTRE = "centre", _("Trung tâm")
    DEPARTMENT = "department", _("Cơ quan, phòng chuyên môn")
    PROVINCE = "province", _("Toàn tỉnh")


# What each role is scoped to. Counter staff and directors work for a centre; specialists,
# approvers and clerks for the competent department; supervisors and administrators see the province.
ROLE_SCOPE: dict[str, str] = {
    Role.COUNTER_OFFICER: Scope.CENTRE,
    Role.CENTRE_DIRECTOR: Scope.CENTRE,
    Role.SPECIALIST: Scope.DEPARTMENT,
    Role.APPROVER: Scope.DEPARTMENT,
    Role.CLERK: Scope.DEPARTMENT,
    Role.PROVINCE_SUPERVISOR: Scope.PROVINCE,
    Role.SYSTEM_ADMIN: Scope.PROVINCE,
}


class PostingQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> PostingQuerySet:
        """Postings in force on a business date (default: today in Asia/Ho_Chi_Minh)."""
        on = on or clock.today()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Posting(TimeStampedModel):
    """Phân công: a staff member holds a role at a centre or department for a period."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="postings", verbose_name=_("cán bộ"))
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("trung tâm")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("cơ quan, phòng")
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    decision = models.CharField(_("quyết định phân công"), max_length=100, blank=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["user", "role", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="posting_period_valid"
            ),
            # A posting has at most one scope object: a centre, or a department, or (province) none.
            models.CheckConstraint(
                condition=Q(centre__isnull=True) | Q(department__isnull=True), name="posting_single_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.scope_object or _('toàn tỉnh')}"

    @property
    def scope_object(self) -> ServiceCentre | Department | None:
        return self.department or self.centre

    def clean(self) -> None:
        scope = ROLE_SCOPE.get(self.role)
        if scope == Scope.CENTRE and (self.centre_id is None or self.department_id is not None):
            raise ValidationError(
                {"centre": _("Vai trò %(role)s phải gắn với một trung tâm.") % {"role": self.get_role_display()}}
            )
        if scope == Scope.DEPARTMENT and (self.department_id is None or self.centre_id is not None):
            raise ValidationError(
                {"department": _("Vai trò %(role)s phải gắn với một cơ quan, phòng chuyên môn.")
                 % {"role": self.get_role_display()}}
            )
        if scope == Scope.PROVINCE and (self.centre_id is not None or self.department_id is not None):
            raise ValidationError(
                {"role": _("Vai trò %(role)s áp dụng toàn tỉnh, không gắn với trung tâm hay phòng.")
                 % {"role": self.get_role_display()}}
            )
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class EquipmentItem(models.Model):
    """Trang thiết bị của trung tâm: đủ hay thiếu — the province plans purchases from this register."""

    class Kind(models.TextChoices):
        PC = "pc", _("Máy tính")
        SCANNER = "scanner", _("Máy quét (scan)")
        PRINTER = "printer", _("Máy in")
        CERTIFICATE_PRINTER = "certificate_printer", _("Máy in phôi giấy tờ")
        QUEUE_KIOSK = "queue_kiosk", _("Máy lấy số thứ tự")
        SIGNATURE_TOKEN = "signature_token", _("Thiết bị ký số")
        RATING_DEVICE = "rating_device", _("Thiết bị đánh giá hài lòng")

    centre = models.ForeignKey(
        ServiceCentre, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("trung tâm")
    )
    kind = models.CharField(_("loại thiết bị"), max_length=24, choices=Kind.choices)
    required = models.PositiveSmallIntegerField(_("số lượng cần"), default=0)
    available = models.PositiveSmallIntegerField(_("số lượng hiện có"), default=0)
    working = models.PositiveSmallIntegerField(_("số lượng hoạt động tốt"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("trang thiết bị")
        verbose_name_plural = _("trang thiết bị")
        constraints = [models.UniqueConstraint(fields=["centre", "kind"], name="one_equipment_row_per_kind")]

    def __str__(self) -> str:
        return f"{self.centre} — {self.get_kind_display()}"

    @property
    def missing(self) -> int:
        """Số còn thiếu so với nhu cầu (thiết bị hỏng tính là thiếu)."""
        return max(self.required - self.working, 0)

    def clean(self) -> None:
        if self.working > self.available:
            raise ValidationError({"working": _("Số thiết bị hoạt động tốt không thể lớn hơn số hiện có.")})
