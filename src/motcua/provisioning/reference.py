"""Load every app's reference data, in dependency order, each loader idempotent.

Loaders parse and validate their files before writing, and write in one transaction each, so a
malformed file stops the load with a clear message and leaves that app's data as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

# (label shown to the operator, "module:function"); order matters (catalog before calendar is
# irrelevant, org first because later loaders may look up centres).
LOADERS: tuple[tuple[str, str], ...] = (
    ("Tổ chức: danh mục đơn vị hành chính, trung tâm, cơ quan", "motcua.org.loading:load_org"),
    ("Danh mục thủ tục hành chính", "motcua.catalog.loading:load_catalog"),
    ("Lịch làm việc: ngày nghỉ, ngày làm bù", "motcua.worktime.loading:load_calendar"),
)


def _resolve(target: str) -> Callable[[], object]:
    module, _, name = target.partition(":")
    return getattr(import_module(module), name)


def load_reference_data(write: Callable[[str], None] = print) -> None:
    for label, target in LOADERS:
        write(f"→ {label}…")
        summary = _resolve(target)()
        write(f"  {summary}")
