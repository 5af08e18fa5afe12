"""Admin helpers shared by the apps.

:class:`FoldedSearchAdmin` replaces the admin's search with a diacritic-insensitive one over the
model's ``search_text`` (see :class:`motcua.core.models.FoldedSearchModel`): every word of the query,
folded, must occur. Exact codes still match because codes fold to themselves.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from motcua.lib.text import fold


class FoldedSearchAdmin(admin.ModelAdmin):
    # Shown so the admin renders its search box; the lookup itself is ours.
    search_fields = ("search_text",)
    folded_search_fields: tuple[str, ...] = ("search_text",)

    def get_search_results(self, request, queryset, search_term):
        words = fold(search_term).split()
        if not words:
            return queryset, False
        condition = Q()
        for word in words:
            any_field = Q()
            for field in self.folded_search_fields:
                any_field |= Q(**{f"{field}__contains": word})
            condition &= any_field
        return queryset.filter(condition), False
