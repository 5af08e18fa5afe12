"""Abstract model bases shared by the apps.

* :class:`TimeStampedModel` — created/updated moments from the one time seam (``clock.now``), not
  ``auto_now`` (which reads the wall clock and cannot be frozen in tests).
* :class:`FoldedSearchModel` — keeps a diacritic-free ``search_text`` beside the searchable fields so
  ``ho tich`` finds ``Hộ tịch`` with the same query on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.lib import clock
from motcua.lib.text import fold


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("thời điểm cập nhật"), default=clock.now, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)


class FoldedSearchModel(models.Model):
    """Subclasses list the fields that feed search in ``SEARCH_FIELDS``."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = models.TextField(_("chuỗi tìm kiếm không dấu"), blank=True, editable=False, default="")

    class Meta:
        abstract = True

    def build_search_text(self) -> str:
        return fold(" ".join(str(getattr(self, name) or "") for name in self.SEARCH_FIELDS))

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
