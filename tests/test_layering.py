"""Layer edges: Qt only in pmsdesk/ui; no SQLAlchemy in the UI (services do the queries); the demo
only where demo data is built; no screen reaching into another screen's private helpers."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pmsdesk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


#: UI modules that may import SQLAlchemy, and why. Everything else in pmsdesk/ui goes through services.
SQLALCHEMY_IN_UI: dict[str, str] = {}
#: Modules outside pmsdesk/demo and pmsdesk/cli that may import the demo, and why.
DEMO_USERS = {
    "ui/app.py": "a first start with no database builds the demo, so there is something to look at",
    "selftest.py": "the installation self-test builds a demo database in a temporary folder",
}


def _imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of every import in ``path``, except those only for type checkers.

    Relative imports are resolved against the module's package.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    skipped = {id(child) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test)
               for statement in node.body for child in ast.walk(statement)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.append((module, tuple(alias.name for alias in node.names)))
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _qt_imports(path: Path) -> list[str]:
    return [module for module, _ in _imports(path) if module.split(".")[0] in QT_MODULES]


def _modules(*under: str):
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if not under or relative.parts[0] in under:
            yield str(relative.as_posix()), path


def test_no_module_outside_ui_imports_qt():
    offenders = {
        str(path.relative_to(PACKAGE)): _qt_imports(path)
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and _qt_imports(path)
    }
    assert offenders == {}


def test_the_check_would_catch_a_qt_import(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path)
    sample = tmp_path / "leaky.py"
    sample.write_text("from PySide6.QtWidgets import QMessageBox\n")
    assert _qt_imports(sample) == ["PySide6.QtWidgets"]


def test_the_ui_leaves_sqlalchemy_to_the_services():
    offenders = {name: [module for module, _ in _imports(path) if module.split(".")[0] == "sqlalchemy"]
                 for name, path in _modules("ui")}
    offenders = {name: found for name, found in offenders.items() if found and name not in SQLALCHEMY_IN_UI}
    assert offenders == {}
    for name in SQLALCHEMY_IN_UI:  # the list shrinks: an entry that no longer needs it goes
        assert any(module.startswith("sqlalchemy") for module, _ in _imports(PACKAGE / name)), name


def test_only_demo_builders_import_the_demo():
    offenders = {name for name, path in _modules()
                 if name.split("/")[0] not in ("demo", "cli") and name not in DEMO_USERS
                 and any(module.split(".")[:2] == ["pmsdesk", "demo"] for module, _ in _imports(path))}
    assert offenders == set()
    for name in DEMO_USERS:
        assert any(module.startswith("pmsdesk.demo") for module, _ in _imports(PACKAGE / name)), name


def test_screens_use_only_each_others_public_names():
    """A private helper wanted by two screens moves to pmsdesk/ui/widgets and loses its underscore."""
    offenders = []
    for name, path in _modules("ui"):
        parts = name.split("/")
        screen = parts[1] if len(parts) > 2 else None
        for module, names in _imports(path):
            target = module.split(".")
            if target[:2] != ["pmsdesk", "ui"] or len(target) < 4 or target[2] == screen:
                continue
            offenders += [f"{name}: {module}.{imported}" for imported in names
                          if imported.startswith("_") and not imported.startswith("__")]
    assert offenders == []


def test_type_only_and_relative_imports_are_read_right(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "pmsdesk")
    sample = tmp_path / "pmsdesk" / "ui" / "risks" / "form.py"
    sample.parent.mkdir(parents=True)
    sample.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sqlalchemy.orm import Session\n"
                      "from ..reporting.actual_form import _text_box\nimport sqlalchemy\n")
    assert _imports(sample)[1:] == [("pmsdesk.ui.reporting.actual_form", ("_text_box",)), ("sqlalchemy", ())]


def test_the_command_line_runs_without_loading_qt():
    code = (
        "import sys, pmsdesk.cli.main, pmsdesk.demo, pmsdesk.services.kpis, pmsdesk.db;"
        "pmsdesk.cli.main.build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
