"""An in-memory gateway for service tests: the same isUpdating semantics as the stand-in, scripted faults.

``fail_next(error, operation=...)`` queues an exception raised by the next call of that operation
(any operation when ``None``); ``on_upsert`` runs a callback inside the call (e.g. a snapshot arriving
while the request is in flight).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from motcua.integrations.nationalportal.client import (
    DossierAlreadyExists,
    DossierNotFound,
    GatewayError,
    GatewayReply,
)
from motcua.integrations.nationalportal.messages import ProcedureInfo


class FakeGateway:
    def __init__(self) -> None:
        self.dossiers: dict[str, dict[str, Any]] = {}
        self.progress: dict[str, list[dict[str, Any]]] = {}
        self.calls: list[tuple[str, Any]] = []
        self._failures: list[tuple[str | None, GatewayError]] = []
        self.on_upsert: Callable[[], None] | None = None
        self.store_then_fail: GatewayError | None = None  # stores the dossier, then raises (reply lost)

    def fail_next(self, *errors: GatewayError, operation: str | None = None) -> None:
        self._failures += [(operation, error) for error in errors]

    def _maybe_fail(self, operation: str) -> None:
        for index, (wanted, error) in enumerate(self._failures):
            if wanted in (None, operation):
                del self._failures[index]
                raise error

    def upsert_dossiers(self, dossiers: Sequence[Mapping[str, Any]], *, is_updating: bool) -> GatewayReply:
        self.calls.append(("DongBoHoSoMC", {"is_updating": is_updating, "codes": [d["MaHoSo"] for d in dossiers]}))
        if self.on_upsert:
            callback, self.on_upsert = self.on_upsert, None
            callback()
        self._maybe_fail("DongBoHoSoMC")
        for dossier in dossiers:
            code = dossier["MaHoSo"]
            if not is_updating and code in self.dossiers:
                raise DossierAlreadyExists(f"{code} đã tồn tại", error_code=2)
            if is_updating and code not in self.dossiers:
                raise DossierNotFound(f"{code} chưa tồn tại", error_code=3)
        for dossier in dossiers:
            self.dossiers[dossier["MaHoSo"]] = dict(dossier)
        if self.store_then_fail is not None:
            error, self.store_then_fail = self.store_then_fail, None
            raise error
        return GatewayReply(0, "ok")

    def update_progress(self, entries: Sequence[Mapping[str, Any]]) -> GatewayReply:
        self.calls.append(("CapNhatTienDoHoSoMC", [(e["MaHoSo"], e["TrangThai"]) for e in entries]))
        self._maybe_fail("CapNhatTienDoHoSoMC")
        for entry in entries:
            if entry["MaHoSo"] not in self.dossiers:
                raise DossierNotFound(f"{entry['MaHoSo']} chưa tồn tại", error_code=3)
            timeline = self.progress.setdefault(entry["MaHoSo"], [])
            if dict(entry) not in timeline:
                timeline.append(dict(entry))
        return GatewayReply(0, "ok")

    def lookup_dossier(self, dossier_code: str) -> dict[str, Any] | None:
        self.calls.append(("TraCuuHoSo", dossier_code))
        self._maybe_fail("TraCuuHoSo")
        return self.dossiers.get(dossier_code)

    def get_procedure(self, procedure_code: str) -> ProcedureInfo | None:
        self.calls.append(("LayThuTuc", procedure_code))
        return None

    def operations(self) -> list[str]:
        return [name for name, _ in self.calls]
