"""The main window on a real database, driven like an official would."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from pmsdesk.ui.main_window import MainWindow


def visible_references(window):
    table = window.register.table
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_window_opens_on_the_organisations_register(qtbot, seeded_database, seeded):
    window = MainWindow(seeded_database)
    qtbot.addWidget(window)
    window.show()

    assert window.windowTitle() == "pmsdesk — Mkhondo Local Municipality"
    assert window.selector.year().label == "2025/26"
    assert window.navigation.item(0).text() == "KPI register"
    assert window.register.count_label.text() == "30 KPIs"
    assert visible_references(window)[:3] == ["KPI 1", "KPI 2", "KPI 3"]


def test_typing_in_the_search_box_narrows_the_register(qtbot, seeded_database, seeded):
    window = MainWindow(seeded_database)
    qtbot.addWidget(window)
    window.show()

    qtbot.keyClicks(window.register.search, "water")

    assert window.register.table.model().rowCount() == 6
    assert window.register.count_label.text() == "6 of 30 KPIs"
    names = [window.register.table.model().index(row, 1).data() for row in range(6)]
    assert all("water" in name.lower() for name in names)

    window.register.search.clear()
    assert window.register.count_label.text() == "30 KPIs"


def test_search_is_kept_when_another_year_is_chosen(qtbot, seeded_database, seeded):
    window = MainWindow(seeded_database)
    qtbot.addWidget(window)
    qtbot.keyClicks(window.register.search, "water")

    assert window.selector.select_year("2024/25")

    assert visible_references(window) == ["KPI 1"]
    assert window.register.count_label.text() == "1 of 1 KPI"


def test_ctrl_f_puts_the_cursor_in_the_search_box(qtbot, seeded_database, seeded):
    window = MainWindow(seeded_database)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.register.table.setFocus()

    qtbot.keyClick(window.register.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert window.register.search.hasFocus()


def test_clicking_a_header_sorts_the_register(qtbot, seeded_database, seeded):
    window = MainWindow(seeded_database)
    qtbot.addWidget(window)
    window.show()
    header = window.register.table.horizontalHeader()

    def click_header(column):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    click_header(window.register.model.REFERENCE)  # already ascending: now descending
    assert visible_references(window)[:2] == ["KPI 30", "KPI 29"]

    click_header(window.register.model.TARGET)
    targets = [window.register.table.model().index(row, window.register.model.TARGET).data() for row in range(3)]
    assert targets == ["0", "0", "0"]
