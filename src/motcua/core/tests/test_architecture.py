"""The dependency arrows of docs/architecture.md, checked on the source (imports parsed with ast).

A lower layer importing a higher one is how "one piece of code per piece of logic" erodes: the
calendar starts knowing about dossiers, then about the UI. This test names the offending import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # src/motcua

# app -> motcua apps it may import (besides itself). Apps not listed here may import anything
# below the UI layer; UIs may not import each other.
ALLOWED: dict[str, set[str]] = {
    "lib": set(),
    "core": {"lib"},
    "org": {"core", "lib"},
    "catalog": {"core", "lib"},
    "worktime": {"core", "lib"},
    "dossiers": {"core", "lib", "org", "catalog", "worktime", "printing"},
    "printing": {"core", "lib"},
    "integrations": {"core", "lib", "org", "catalog", "worktime", "printing", "dossiers"},
}
UI_APPS = {"backoffice", "portal"}
PURE_MODULES = [
    "lib", "worktime/engine.py", "worktime/statutory.py", "catalog/parsing.py", "printing/forms.py",
    "dossiers/ontime.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _source_files(app: str):
    root = PACKAGE / app
    if root.is_file():
        yield root
        return
    for path in root.rglob("*.py"):
        if "migrations" not in path.parts and "tests" not in path.parts:
            yield path


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_lower_layers_import_only_what_they_may(app):
    if not (PACKAGE / app).exists():
        pytest.skip(f"{app} not built yet")
    offending = []
    for path in _source_files(app):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "motcua" or len(parts) < 2:
                continue
            target = parts[1]
            if target != app and target in {p.name for p in PACKAGE.iterdir() if p.is_dir()} \
                    and target not in ALLOWED[app]:
                offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offending == []


def test_ui_apps_do_not_import_each_other():
    offending = []
    for app in UI_APPS:
        if not (PACKAGE / app).exists():
            continue
        for path in _source_files(app):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "motcua" and len(parts) > 1 and parts[1] in UI_APPS - {app}:
                    offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offending == []


@pytest.mark.parametrize("module", PURE_MODULES)
def test_framework_free_modules_do_not_import_django(module):
    if not (PACKAGE / module).exists():
        pytest.skip(f"{module} not built yet")
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _source_files(module)
        for name in _imports(path)
        if name.split(".")[0] == "django"
    ]
    assert offending == []


@pytest.mark.parametrize("leaf", ["devidp", "devgateway", "provisioning"])
def test_stand_ins_and_provisioning_are_imported_by_nobody(leaf):
    offending = []
    for app_dir in PACKAGE.iterdir():
        if not app_dir.is_dir() or app_dir.name == leaf:
            continue
        for path in _source_files(app_dir.name):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "motcua" and len(parts) > 1 and parts[1] == leaf:
                    offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offending == []
