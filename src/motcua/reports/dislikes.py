"""Which dossiers have a complaint or a "Không hài lòng" rating — asked of the apps that record them.

The 766 satisfaction indicator subtracts the rate of resolved dossiers "with a complaint or a dislike"
(DOMAIN §7, :mod:`.metrics`). Ratings and complaints are the ``feedback`` app's records, and that app
sits above the reports (it refreshes their aggregates): the reports never import it
(docs/architecture.md). So it registers a *source* here in its ``AppConfig.ready()``::

    register_dislike_source(fn)   # fn(dossier_ids: list[int] | None) -> set[int]

``fn`` returns those of ``dossier_ids`` (every dossier when ``None``) that have a complaint or a
dislike, in **one query** — the rebuild asks once per batch of dossiers. The aggregates read the
flag through :func:`flagged` (:func:`.aggregates.live_snapshot`, the rebuild) and the feedback services call
:func:`.aggregates.refresh_dossier` inside its own transaction when it records a rating or a
complaint, so the figures move with it.

Without any source (the feedback app not installed) no dossier is flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

DislikeSource = Callable[[list[int] | None], Iterable[int]]

_sources: list[DislikeSource] = []


def register_dislike_source(fn: DislikeSource) -> DislikeSource:
    """Add a source (idempotent: registering the same function twice keeps it once)."""
    if fn not in _sources:
        _sources.append(fn)
    return fn


def unregister_dislike_source(fn: DislikeSource) -> None:
    if fn in _sources:
        _sources.remove(fn)


def flagged(dossier_ids: Iterable[int] | None) -> set[int]:
    """The ids among ``dossier_ids`` (all when None) with a complaint or a dislike, from every source."""
    ids = None if dossier_ids is None else list(dossier_ids)
    if ids is not None and not ids:
        return set()
    result: set[int] = set()
    for source in _sources:
        result.update(source(ids))
    return result if ids is None else result & set(ids)


def is_flagged(dossier_id: int) -> bool:
    return dossier_id in flagged([dossier_id])
