"""The reports' pure modules import no Django (STYLE §1: metric formulas live in plain modules).

They may import only other pure modules of the project (``lib``, ``dossiers.ontime``,
``worktime.engine``) and each other — checked on the source, as ``core/tests/test_architecture.py``
checks the project's arrows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1]
PURE = ["metrics.py", "projection.py", "periods.py", "charts.py", "simulation/profile.py", "simulation/planner.py"]
ALLOWED_MOTCUA = {"motcua.lib.clock", "motcua.dossiers.ontime", "motcua.worktime.engine"}


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            names.add("." * node.level + (node.module or ""))
    return names


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_django(module):
    names = imports(APP / module)
    assert not [n for n in names if n.split(".")[0] == "django"]
    project = {n for n in names if n.startswith("motcua.")}
    assert project <= ALLOWED_MOTCUA, project - ALLOWED_MOTCUA
    relative = {n.lstrip(".") for n in names if n.startswith(".")}
    assert relative <= {"profile", "metrics", "projection", "periods"}, relative
