"""pmsdesk uses only the public API of the libraries it is pinned loosely to.

A private name (a module or name with a leading underscore) changes without notice in any
release: an import of one must say why on its line (``# private: <reason>``), and the name must
still import, so an upgrade that drops it fails here rather than in an official's hands.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pmsdesk"
WATCHED = ("openpyxl", "reportlab", "sqlalchemy", "PySide6")
_REASON = re.compile(r"#\s*private:\s*\S")


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(source: str, filename: str = "<module>") -> list[tuple[int, str, str, bool]]:
    """(line, module, name or '', has a reason comment) for each private import of a watched library."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            imported = [(alias.name, "") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported = [(node.module, alias.name) for alias in node.names]
        else:
            continue
        text = "\n".join(lines[node.lineno - 1:node.end_lineno])
        for module, name in imported:
            if module.split(".")[0] not in WATCHED:
                continue
            if any(_private(part) for part in module.split(".")) or _private(name):
                found.append((node.lineno, module, name, bool(_REASON.search(text))))
    return found


def _all_private_imports() -> dict[str, list[tuple[int, str, str, bool]]]:
    return {str(path.relative_to(PACKAGE)): found for path in sorted(PACKAGE.rglob("*.py"))
            if (found := private_imports(path.read_text(encoding="utf-8"), str(path)))}


def test_no_private_name_is_imported_without_a_reason():
    unexplained = {path: [f"line {line}: {module} {name}".strip() for line, module, name, reason in found
                          if not reason]
                   for path, found in _all_private_imports().items()}
    assert {path: lines for path, lines in unexplained.items() if lines} == {}


def test_every_private_name_imported_with_a_reason_still_exists():
    for found in _all_private_imports().values():
        for _, module, name, _ in found:
            loaded = importlib.import_module(module)
            assert not name or hasattr(loaded, name), f"{module}.{name} is gone: see the '# private:' reason"


def test_the_check_catches_private_modules_and_names_and_accepts_a_reason():
    source = ("from openpyxl.worksheet._reader import WorkSheetParser\n"
              "import sqlalchemy.orm._orm_constructors\n"
              "from reportlab.pdfgen.canvas import _digester\n"
              "from PySide6.QtCore import __version__, Qt\n"
              "from openpyxl.utils import (\n    _private_helper,  # private: openpyxl 3.1 has no public way\n)\n"
              "from lxml._elementpath import x\n")
    assert private_imports(source) == [
        (1, "openpyxl.worksheet._reader", "WorkSheetParser", False),
        (2, "sqlalchemy.orm._orm_constructors", "", False),
        (3, "reportlab.pdfgen.canvas", "_digester", False),
        (5, "openpyxl.utils", "_private_helper", True),
    ]
