"""Driving the windows like an official: sign in, open a screen, click a row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.sign_in import SignInDialog

from .conftest import password_of


def sign_in(qtbot, database, operations, username: str) -> MainWindow:
    """Type the account into the sign-in dialog and open the main window for it."""
    dialog = SignInDialog(operations)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.username, username)
    qtbot.keyClicks(dialog.ui.password, password_of(username))
    qtbot.keyClick(dialog.ui.password, Qt.Key.Key_Return)
    assert dialog.actor is not None, dialog.ui.error.text()
    window = MainWindow(database, dialog.actor, operations)
    qtbot.addWidget(window)
    window.show()
    return window


def open_screen(window: MainWindow, title: str):
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    window.navigation.setCurrentRow(titles.index(title))
    return window.stack.currentWidget()


def click_row(qtbot, table: QTableView, reference: str) -> None:
    """Click the row whose first column reads ``reference``."""
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == reference)
    index = model.index(row, 1)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def column_text(table: QTableView, reference: str, column: int) -> str:
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == reference)
    return model.index(row, column).data()
