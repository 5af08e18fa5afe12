"""The registry through which the reports learn which dossiers have a complaint or a dislike (the portal
registers the real source; here a stand-in, so the reports are tested on their own)."""

from __future__ import annotations

import pytest

from motcua.reports import dislikes
from motcua.reports.aggregates import rebuild
from motcua.reports.models import DossierStat

from .story import fortnight


@pytest.fixture
def source(monkeypatch):
    """A stand-in source instead of the registered ones; records every call."""
    calls: list[list[int] | None] = []
    flagged: set[int] = set()

    def fake(ids):
        calls.append(ids)
        return flagged if ids is None else {i for i in flagged if i in ids}

    monkeypatch.setattr(dislikes, "_sources", [fake])
    return calls, flagged


def test_without_a_source_nothing_is_flagged(monkeypatch):
    monkeypatch.setattr(dislikes, "_sources", [])
    assert dislikes.flagged([1, 2]) == set() and dislikes.flagged(None) == set()


def test_sources_are_united_and_kept_to_the_ids_asked(monkeypatch):
    monkeypatch.setattr(dislikes, "_sources", [])
    first, second = (lambda ids: {1, 5}), (lambda ids: {2, 9})
    dislikes.register_dislike_source(first)
    dislikes.register_dislike_source(first)  # idempotent
    dislikes.register_dislike_source(second)
    assert len(dislikes._sources) == 2
    assert dislikes.flagged([1, 2, 3]) == {1, 2} and dislikes.flagged(None) == {1, 2, 5, 9}
    assert dislikes.flagged([]) == set() and dislikes.is_flagged(5) and not dislikes.is_flagged(3)


def test_the_feedback_app_registers_its_source():
    from django.apps import apps

    assert apps.is_installed("motcua.feedback")
    assert [f"{fn.__module__}.{fn.__name__}" for fn in dislikes._sources] == [
        "motcua.feedback.services.complained_or_disliked"
    ]


def test_rebuild_asks_once_per_batch(world, source):
    calls, flagged = source
    story = fortnight(world)
    story.run()
    flagged.add(story.d["d1"].pk)
    calls.clear()
    rebuild(batch=4)  # 15 dossiers: 4 batches
    assert len(calls) == 4 and all(len(ids) <= 4 for ids in calls)
    assert list(DossierStat.objects.filter(disliked=True).values_list("pk", flat=True)) == [story.d["d1"].pk]

