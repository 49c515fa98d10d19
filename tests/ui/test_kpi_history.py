"""A KPI's history is one double-click away in the register, read from the audit trail."""

from __future__ import annotations

from pmsdesk.services import kpis
from pmsdesk.services.actor import Actor
from pmsdesk.ui.main_window import MainWindow


def test_the_history_of_a_kpi_shows_who_changed_it_and_why(qtbot, seeded_database, operations, actor_named):
    window = MainWindow(seeded_database, actor_named("viewer"), operations)
    qtbot.addWidget(window)
    window.show()
    register = window.open_screen("register")
    index = register.table.model().index(0, 0)
    register.table.setCurrentIndex(index)
    assert register.history_button.isEnabled()
    row = register.model.row_at(register.filter.mapToSource(index).row())
    with seeded_database.session() as session:
        kpis.update_kpi(session, Actor.system("pmsofficer"), row.id, {"annual_target": 999},
                        reason="Adjustment budget, February")

    dialog = register.show_history(index)
    qtbot.addWidget(dialog)
    rows = [[dialog.table.item(line, column).text() for column in range(dialog.table.columnCount())]
            for line in range(dialog.table.rowCount())]
    assert rows[0][1:4] == ["system", "added", "KPI"]
    assert rows[-1][1:4] == ["pmsofficer", "changed", "KPI"]
    assert rows[-1][4].startswith("annual target changed from ") and rows[-1][4].endswith(" to 999")
    assert rows[-1][5] == "Adjustment budget, February"
    assert dialog.windowTitle() == f"History: {row.reference} {row.name}"
