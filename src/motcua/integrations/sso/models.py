"""A citizen's (or organisation's) account as known from the national portal's sign-in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel

from . import claims


class CitizenAccount(TimeStampedModel):
    """Tài khoản người dân/tổ chức đăng nhập qua Cổng Dịch vụ công quốc gia (VNeID).

    Refreshed from the provider at every sign-in: the provider, not this system, is the source of
    truth for the identity data and the assurance level.
    """

    class Kind(models.TextChoices):
        CITIZEN = claims.CITIZEN, _("Công dân")
        ORGANISATION = claims.ORGANISATION, _("Tổ chức, doanh nghiệp")

    class Level(models.IntegerChoices):
        LEVEL_1 = 1, _("Mức độ 1")
        LEVEL_2 = 2, _("Mức độ 2")

    issuer = models.CharField(_("hệ thống xác thực"), max_length=255)
    subject = models.CharField(_("định danh tại hệ thống xác thực (sub)"), max_length=255)
    tech_id = models.CharField(_("TechID"), max_length=255, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True, db_index=True)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    kind = models.CharField(_("loại tài khoản"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    organisation_name = models.CharField(_("tên tổ chức, doanh nghiệp"), max_length=300, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=30, blank=True)
    email = models.CharField(_("thư điện tử"), max_length=254, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    assurance_level = models.PositiveSmallIntegerField(
        _("mức độ tài khoản định danh điện tử"),
        choices=Level.choices,
        help_text=_(
            "Mức độ 2: đăng ký trực tiếp tại cơ quan Công an có xác thực sinh trắc học, có giá trị như xuất "
            "trình thẻ căn cước; cần để nộp hồ sơ trực tuyến. Mức độ 1: tự đăng ký trên ứng dụng VNeID."
        ),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    last_login_at = models.DateTimeField(_("lần đăng nhập gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản công dân")
        verbose_name_plural = _("tài khoản công dân")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_citizen_unique_subject"),
            models.UniqueConstraint(
                fields=["issuer", "tech_id"], condition=~models.Q(tech_id=""), name="sso_citizen_unique_tech_id"
            ),
        ]

    def __str__(self) -> str:
        name = self.organisation_name or self.full_name or self.subject
        return f"{name} ({self.get_assurance_level_display()})"

    @property
    def display_name(self) -> str:
        return self.organisation_name or self.full_name

    def has_level(self, level: int) -> bool:
        return self.assurance_level >= level
