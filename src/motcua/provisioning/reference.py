"""Load every app's reference data, in dependency order, each loader idempotent — all or nothing.

Each loader parses and validates its files before writing and writes in a transaction of its own.
Here the whole load runs in one outer ``transaction.atomic()``, so the loaders' transactions become
savepoints of it: a malformed catalogue file stops the load *after* the organisation was written,
and the organisation's writes are rolled back with it. The operator is then told, truthfully, that
the database is unchanged — never left with half a release (new units, old catalogue).

Events the loaders queue with ``transaction.on_commit`` (``calendar_changed``, which makes every
process rebuild its calendar and recomputes open dossiers' deadlines) are held by Django until the
outer transaction commits, and dropped if it rolls back: no receiver hears of a change that was
undone.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from django.db import transaction

# (label shown to the operator, "module:function"); order matters (catalog before calendar is
# irrelevant, org first because later loaders may look up centres). Every loader accepts
# ``data_dir=`` (the folder holding its files; default: the app's own ``data/``).
LOADERS: tuple[tuple[str, str], ...] = (
    ("Tổ chức: danh mục đơn vị hành chính, trung tâm, cơ quan", "motcua.org.loading:load_org"),
    ("Danh mục thủ tục hành chính", "motcua.catalog.loading:load_catalog"),
    ("Lịch làm việc: ngày nghỉ, ngày làm bù", "motcua.worktime.loading:load_calendar"),
)


def _resolve(target: str) -> Callable[..., object]:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def load_reference_data(write: Callable[[str], None] = print, data_dir: Path | None = None) -> None:
    """Run every loader in one transaction.

    ``data_dir``: one folder holding the files of every app (their names do not collide), e.g. a
    new release to try before shipping it; ``None`` reads the files shipped in each app's ``data/``.
    """
    options = {} if data_dir is None else {"data_dir": Path(data_dir)}
    with transaction.atomic():
        for label, target in LOADERS:
            write(f"→ {label}…")
            summary = _resolve(target)(**options)
            write(f"  {summary}")
