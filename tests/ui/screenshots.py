"""Screenshots of the reporting and verification screens on the demo database.

    QT_QPA_PLATFORM=offscreen python -m tests.ui.screenshots DEMO.sqlite OUT_DIR

Signs in as the demo accounts through the real dialog and saves one PNG per
screen at 1366×768. Not a test: the pictures are for people to look at.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from pmsdesk.db import open_database
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.sign_in import SignInDialog

SIZE = QSize(1366, 768)


def main(db_path: str, out: str) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    database = open_database(db_path)
    operations = ImmediateOperations(database)

    dialog = SignInDialog(operations)
    dialog.show()
    dialog.ui.username.setText("capturer")
    dialog.ui.password.setText("wrong")
    dialog.ui.sign_in.click()
    app.processEvents()
    dialog.grab().save(str(folder / "sign-in-refused.png"))
    dialog.ui.password.setText("capturer-demo-2025")
    dialog.ui.sign_in.click()

    def window_for(actor) -> MainWindow:
        window = MainWindow(database, actor, operations)
        window.resize(SIZE)
        window.show()
        app.processEvents()
        return window

    window = window_for(dialog.actor)
    reporting = window.open_screen("reporting")
    reporting.periods.select_label("Q3")
    model = reporting.model
    wanted = next((model.row_at(r).kpi_id for r in range(model.total_count()) if model.row_at(r).review_comment),
                  model.row_at(0).kpi_id if model.total_count() else None)
    if wanted:
        reporting.select_kpi(wanted)
    app.processEvents()
    window.grab().save(str(folder / "quarterly-reporting.png"))
    window.close()

    with database.session() as session:
        from pmsdesk.services.users import sign_in

        verifier = sign_in(session, "verifier", "verifier-demo-2025")
        approver = sign_in(session, "approver", "approver-demo-2025")
    for name, actor in (("verification", verifier), ("approval", approver)):
        window = window_for(actor)
        screen = window.open_screen("verification")
        counts = {}
        for label in ("Q1", "Q2", "Q3", "Q4"):
            screen.periods.select_label(label)
            counts[label] = screen.model.total_count()
        screen.periods.select_label(max(counts, key=counts.get))
        if screen.model.total_count():
            screen.table.selectRow(0)
        app.processEvents()
        window.grab().save(str(folder / f"{name}.png"))
        window.close()
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
