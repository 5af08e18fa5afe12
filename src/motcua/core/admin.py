"""Admin helpers shared by the apps.

:class:`FoldedSearchAdmin` replaces the admin's search with a diacritic-insensitive one over the
model's ``search_text`` (see :class:`motcua.core.models.FoldedSearchModel`): the folded query as a
phrase first ("ho tich" finds Hộ tịch, not "phòng hộ … chủ tịch"); only when the phrase matches
nothing, every word anywhere. Exact codes still match because codes fold to themselves.

:class:`ReadOnlyAdmin`: records that only services write (timelines, audit, ratings, drafts) are shown,
never added, changed or deleted by hand.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from motcua.lib.text import fold


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FoldedSearchAdmin(admin.ModelAdmin):
    # Shown so the admin renders its search box; the lookup itself is ours.
    search_fields = ("search_text",)
    folded_search_fields: tuple[str, ...] = ("search_text",)

    def get_search_results(self, request, queryset, search_term):
        phrase = fold(search_term)
        if not phrase:
            return queryset, False
        return folded_search(queryset, phrase, self.folded_search_fields), False


def folded_search(queryset, phrase: str, fields: tuple[str, ...] = ("search_text",)):
    """Phrase match on folded text, falling back to all-words match (shared by admin and UIs)."""

    def contains(term: str) -> Q:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__contains": term})
        return condition

    by_phrase = queryset.filter(contains(phrase))
    words = phrase.split()
    if len(words) < 2 or by_phrase.exists():
        return by_phrase
    condition = Q()
    for word in words:
        condition &= contains(word)
    return queryset.filter(condition)
