"""The main window on a real database, driven like an official would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from pmsdesk.ui.main_window import MainWindow


@pytest.fixture
def open_window(qtbot, seeded_database, operations, actor_named):
    """A main window for the named account, shown."""

    def open_window(username: str = "viewer") -> MainWindow:
        window = MainWindow(seeded_database, actor_named(username), operations)
        qtbot.addWidget(window)
        window.show()
        window.open_screen("register")
        return window

    return open_window


def visible_references(window):
    table = window.register.table
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_window_opens_on_the_organisations_dashboard_and_register(qtbot, open_window, seeded):
    window = open_window()

    assert window.windowTitle() == "pmsdesk — Mkhondo Local Municipality — viewer"
    assert window.selector.year().label == "2025/26"
    assert window.navigation.item(0).text() == "Dashboard"
    assert window.register.count_label.text() == "30 KPIs"
    assert visible_references(window)[:3] == ["KPI 1", "KPI 2", "KPI 3"]


def test_typing_in_the_search_box_narrows_the_register(qtbot, open_window, seeded):
    window = open_window()

    qtbot.keyClicks(window.register.search, "water")

    assert window.register.table.model().rowCount() == 6
    assert window.register.count_label.text() == "6 of 30 KPIs"
    names = [window.register.table.model().index(row, 1).data() for row in range(6)]
    assert all("water" in name.lower() for name in names)

    window.register.search.clear()
    assert window.register.count_label.text() == "30 KPIs"


def test_search_is_kept_when_another_year_is_chosen(qtbot, open_window, seeded):
    window = open_window()
    qtbot.keyClicks(window.register.search, "water")

    assert window.selector.select_year("2024/25")

    assert visible_references(window) == ["KPI 1"]
    assert window.register.count_label.text() == "1 of 1 KPI"


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot, open_window, seeded):
    window = open_window()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.register.table.setFocus()

    qtbot.keyClick(window.register.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert window.register.search.hasFocus()


def test_clicking_a_header_sorts_the_register(qtbot, open_window, seeded):
    window = open_window()
    header = window.register.table.horizontalHeader()

    def click_header(column):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click_header(window.register.model.REFERENCE)  # already ascending: now descending
    assert visible_references(window)[:2] == ["KPI 30", "KPI 29"]

    click_header(window.register.model.TARGET)
    targets = [window.register.table.model().index(row, window.register.model.TARGET).data() for row in range(3)]
    assert targets == ["0", "0", "0"]


@pytest.mark.parametrize(
    ("username", "screens"),
    [
        ("viewer", ["Dashboard", "KPI register", "Plans", "Agreements", "Reports", "Risks", "Service providers",
                    "Data quality"]),
        ("capturer", ["Dashboard", "KPI register", "Plans", "Quarterly reporting", "Agreements", "Reports", "Risks",
                      "Service providers", "Data quality"]),
        ("verifier", ["Dashboard", "KPI register", "Plans", "Verification", "Agreements", "Reports", "Risks",
                      "Service providers", "Data quality"]),
        ("approver", ["Dashboard", "KPI register", "Plans", "Verification", "Agreements", "Reports", "Risks",
                      "Service providers", "Data quality"]),
        ("admin", ["Dashboard", "KPI register", "Plans", "Quarterly reporting", "Verification", "Agreements", "People",
                   "Reports", "Risks", "Service providers", "Data quality", "Import SDBIP", "Sync", "Administration"]),
    ],
)
def test_the_navigation_lists_only_the_screens_the_role_can_use(open_window, username, screens):
    window = open_window(username)

    assert [window.navigation.item(row).text() for row in range(window.navigation.count())] == screens


def test_the_status_bar_says_who_is_signed_in(open_window):
    window = open_window("capturer")

    assert window.user_label.text() == "Signed in as capturer (capturer)"
