"""Vietnamese text folding for search that ignores diacritics.

``fold("Hộ tịch")`` → ``"ho tich"``. Stored beside searchable names (a ``search_text`` column) so
the same plain ``LIKE``/``icontains`` query works on SQLite and PostgreSQL, and can be indexed
(pg_trgm in production) — no database-specific ``unaccent`` in the query path.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse white space."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
