"""Only pmsdesk/ui may import Qt: the core, models and reports must run headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pmsdesk"
QT_MODULES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [name for name in names if name.split(".")[0] in QT_MODULES]
    return found


def test_no_module_outside_ui_imports_qt():
    offenders = {
        str(path.relative_to(PACKAGE)): _qt_imports(path)
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and _qt_imports(path)
    }
    assert offenders == {}


def test_the_check_would_catch_a_qt_import(tmp_path):
    sample = tmp_path / "leaky.py"
    sample.write_text("from PySide6.QtWidgets import QMessageBox\n")
    assert _qt_imports(sample) == ["PySide6.QtWidgets"]


def test_the_command_line_runs_without_loading_qt():
    code = (
        "import sys, pmsdesk.cli.main, pmsdesk.demo, pmsdesk.services.kpis, pmsdesk.db;"
        "pmsdesk.cli.main.build_parser();"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
