"""Account ▸ Language: each official reads the window in the language they choose."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from pmsdesk.i18n import LANGUAGES, current_language


def language_menu(parent: QWidget, choose: Callable[[str], None]) -> QMenu:
    """One checkable entry per language, named in its own words; ``choose`` gets the code picked."""
    menu = QMenu(parent.tr("&Language"), parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    for code, name in LANGUAGES.items():
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.setData(code)
        action.triggered.connect(lambda _checked=False, code=code: choose(code))
        group.addAction(action)
        menu.addAction(action)
    return menu
