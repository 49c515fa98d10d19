"""Every user-visible string in pmsdesk/ui is marked for translation (scripts/mark_strings.py finds none left)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _codemod():
    spec = importlib.util.spec_from_file_location("mark_strings", ROOT / "scripts" / "mark_strings.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mark_strings", module)
    spec.loader.exec_module(module)
    return module


def test_no_user_visible_string_in_the_window_is_left_unmarked():
    codemod = _codemod()
    files = sorted((ROOT / "pmsdesk" / "ui").rglob("*.py"))
    qobjects = codemod.qobject_classes(files)
    unmarked = [f"{path.relative_to(ROOT)}:{found.line}: {found.text!r}"
                for path in files for found in codemod.find_unmarked(path, qobjects)]
    assert unmarked == [], ("Mark them: python scripts/mark_strings.py (or end the line with "
                            "'# not translated' for a word that must stay English)\n" + "\n".join(unmarked))


def test_the_check_finds_an_unmarked_caption_and_the_codemod_marks_it(tmp_path, monkeypatch):
    codemod = _codemod()
    ui = tmp_path / "pmsdesk" / "ui"
    ui.mkdir(parents=True)
    screen = ui / "screen.py"
    screen.write_text(
        "from PySide6.QtWidgets import QLabel, QWidget\n\n"
        "TITLE = 'Quarterly reporting'\n\n\n"
        "class Screen(QWidget):\n"
        "    def __init__(self, count: int) -> None:\n"
        "        super().__init__()\n"
        "        self.setObjectName('quarterly-screen')\n"
        "        self.label = QLabel(f'{count:,} KPIs to report', self)\n"
        "        self.settings_key = 'register/filters'\n\n\n"
        "def heading() -> str:\n"
        "    return 'Choose a quarter'\n", encoding="utf-8")
    monkeypatch.setattr(codemod, "UI", ui)
    qobjects = codemod.qobject_classes([screen])

    assert [found.text for found in codemod.find_unmarked(screen, qobjects)] == [
        "Quarterly reporting", "{} KPIs to report", "Choose a quarter"]
    assert codemod.mark(screen, qobjects) == 3
    marked = screen.read_text(encoding="utf-8")
    assert "TITLE = QT_TR_NOOP('Quarterly reporting')" in marked
    assert 'QLabel(self.tr("{0:,} KPIs to report").format(count), self)' in marked
    assert "return QCoreApplication.translate(\"screen\", 'Choose a quarter')" in marked
    assert "setObjectName('quarterly-screen')" in marked and "'register/filters'" in marked
    assert codemod.find_unmarked(screen, qobjects) == []  # a second run changes nothing
