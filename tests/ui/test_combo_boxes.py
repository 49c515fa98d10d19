"""No combo box on a screen cuts the text it shows, on a 1024×600 laptop or at 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

from .helpers import open_screen, sign_in

SIZES = (QSize(1024, 600), QSize(1366, 768))


def cut_combos(root) -> list[str]:
    """'Screen: accessible name shows "…" in N of M pixels' for every visible combo too narrow for its text."""
    found = []
    for combo in root.findChildren(QComboBox):
        if not combo.isVisibleTo(root) or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if needed > room:
            found.append(f"{combo.accessibleName() or combo.objectName()}: {combo.currentText()!r} "
                         f"needs {needed} px, has {room}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size.width()}x{size.height()}")
def test_no_screen_cuts_the_text_of_its_combo_boxes(qtbot, seeded_database, operations, size):
    window = sign_in(qtbot, seeded_database, operations, "admin")
    window.resize(size)
    problems = []
    for row in range(window.navigation.count()):
        title = window.navigation.item(row).text()
        screen = open_screen(window, title)
        qtbot.wait(20)
        problems += [f"{title}: {problem}" for problem in cut_combos(screen)]
    problems += [f"top bar: {problem}" for problem in cut_combos(window.menuWidget() or window)
                 if problem not in problems]
    assert not problems, "\n".join(problems)
