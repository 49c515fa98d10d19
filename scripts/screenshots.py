"""Screenshots of every screen of the real app on the demo database, for people to look at.

    scripts/screenshots [OUT_DIR [NAME ...]]   # under Xvfb at 1366×768 (default docs/screenshots, every picture)

Builds the demo (one municipality; three for the head-office view) in a
temporary folder, signs in as the demo account who does that work, opens each
screen in the main window exactly as the app does (background operations, real
X11 window), waits for its data, and grabs the whole 1366×768 screen. Not a
test: the pictures are checked by eye and shown in the README.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.services.users import sign_in
from pmsdesk.ui.agreements.view import ASSESSMENT_TAB
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import Operations

WIDTH, HEIGHT = 1366, 768
SMALL = (1024, 600)
Prepare = Callable[[MainWindow, QWidget], None]


def settle(app: QApplication, operations: Operations, seconds: float = 30) -> None:
    """Let background work finish and its results reach the window."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if operations.is_idle():
            app.processEvents()
            time.sleep(0.05)
            app.processEvents()
            if operations.is_idle():
                return
        time.sleep(0.02)


def _busiest_quarter(_window: MainWindow, screen) -> None:
    counts = {}
    for label in ("Q1", "Q2", "Q3", "Q4"):
        screen.periods.select_label(label)
        settle(QApplication.instance(), _window.operations)
        counts[label] = screen.model.total_count()
    screen.periods.select_label(max(counts, key=counts.get))


def _first_row(_window: MainWindow, screen) -> None:
    settle(QApplication.instance(), _window.operations)
    if screen.table.model().rowCount():
        screen.table.selectRow(0)


def _first_row_of_users(window: MainWindow, screen) -> None:
    _first_row(window, screen.users)


def _reporting(window: MainWindow, screen) -> None:
    _busiest_quarter(window, screen)
    settle(QApplication.instance(), window.operations)
    model = screen.model
    wanted = next((model.row_at(r).kpi_id for r in range(model.total_count()) if model.row_at(r).review_comment),
                  model.row_at(0).kpi_id if model.total_count() else None)
    if wanted:
        screen.select_kpi(wanted)


def _verification(window: MainWindow, screen) -> None:
    _busiest_quarter(window, screen)
    _first_row(window, screen)


def _kpi_editor(window: MainWindow, screen) -> None:
    settle(QApplication.instance(), window.operations)
    screen.table.selectRow(0)
    dialog = screen.edit_kpi(screen.table.currentIndex())
    if dialog is not None:
        dialog.move(150, 30)


def _preview_agreement(window: MainWindow, screen) -> None:
    _first_row(window, screen)
    settle(QApplication.instance(), window.operations)
    screen.form.preview.click()


def _assessment(window: MainWindow, screen) -> None:
    _first_row(window, screen)
    settle(QApplication.instance(), window.operations)
    screen.tabs.setCurrentIndex(ASSESSMENT_TAB)


def _a_directorate(window: MainWindow, screen) -> None:
    settle(QApplication.instance(), window.operations)
    units = screen.tree.topLevelItem(0)
    if units is not None and units.childCount():
        screen.tree.setCurrentItem(units.child(units.childCount() - 1))


def _quarterly_report(window: MainWindow, screen) -> None:
    settle(QApplication.instance(), window.operations)
    screen.choose_kind("quarterly")
    screen.show_preview()


def _nothing(_window: MainWindow, _screen) -> None:
    pass


def _larger_evidence(window: MainWindow, screen) -> None:
    _reporting(window, screen)
    settle(QApplication.instance(), window.operations)
    dialog = screen.editor.ui.evidence.show_larger()
    if dialog is not None:
        dialog.move(200, 0)


def _submit_question(window: MainWindow, screen) -> None:
    """The question before submitting, left open for the picture (its exec shows it without waiting)."""
    model, wanted = screen.model, None
    for label in ("Q3", "Q4", "Q2", "Q1"):  # a quarter with values still to submit
        screen.periods.select_label(label)
        settle(QApplication.instance(), window.operations)
        rows = [model.row_at(r) for r in range(model.total_count())]
        editable = [row for row in rows if row.status is None or row.status.value in ("draft", "returned")]
        wanted = next((row for row in editable if not row.evidence_count), editable[0] if editable else None)
        if wanted is not None:
            break
    if wanted is None:
        return
    screen.select_kpi(wanted.kpi_id)
    settle(QApplication.instance(), window.operations)
    if not screen.editor.ui.number.text():
        screen.editor.ui.number.setText("42")
    QMessageBox.exec = lambda box: box.show() or 0  # type: ignore[method-assign]
    screen.editor.submit()


#: (screen key, demo account who does this work, file name, what to do before the picture).
SHOTS: tuple[tuple[str, str, str, Prepare], ...] = (
    ("dashboard", "pmsofficer", "dashboard", _nothing),
    ("register", "pmsofficer", "kpi-register", _nothing),
    ("register", "pmsofficer", "kpi-editor", _kpi_editor),
    ("plans", "pmsofficer", "plans", _a_directorate),
    ("reporting", "capturer", "quarterly-reporting", _reporting),
    ("verification", "verifier", "verification", _verification),
    ("agreements", "pmsofficer", "agreements", _first_row),
    ("agreements", "pmsofficer", "agreement-preview", _preview_agreement),
    ("agreements", "approver", "assessment", _assessment),
    ("reports", "pmsofficer", "reports-1366x768", _quarterly_report),
    ("risks", "pmsofficer", "risks", _first_row),
    ("service-providers", "pmsofficer", "service-providers", _first_row),
    ("data-quality", "pmsofficer", "data-quality", _nothing),
    ("importing", "pmsofficer", "import-sdbip", _nothing),
    ("sync", "admin", "sync", _nothing),
    ("administration", "admin", "administration", _first_row_of_users),
    ("reporting", "capturer", "evidence-preview", _larger_evidence),
    ("reporting", "capturer", "submit-question", _submit_question),
)
#: The same screens on a 1024×600 laptop.
SMALL_SHOTS: tuple[tuple[str, str, str, Prepare], ...] = (
    ("dashboard", "pmsofficer", "dashboard-1024x600", _nothing),
    ("register", "pmsofficer", "kpi-register-1024x600", _nothing),
    ("reporting", "capturer", "quarterly-reporting-1024x600", _reporting),
    ("verification", "approver", "verification-approver-1024x600", _verification),
    ("reports", "pmsofficer", "reports-1024x600", _quarterly_report),
    ("service-providers", "pmsofficer", "service-providers-1024x600", _first_row),
)


def shoot(app: QApplication, database_path: Path, username: str, key: str, prepare: Prepare, out: Path,
          settings_dir: Path, size: tuple[int, int] = (WIDTH, HEIGHT)) -> bool:
    database = open_database(database_path)
    operations = Operations(database)
    try:
        with database.session() as session:
            actor = sign_in(session, username, f"{username}-demo-2025")
        settings = QSettings(str(settings_dir / f"{username}-{key}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(database, actor, operations, settings=settings)
        if not window.has_screen(key):
            print(f"  {username} has no screen {key!r}: skipped", file=sys.stderr)
            window.close()
            return False
        window.setGeometry(0, 0, *size)
        window.show()
        settle(app, operations)
        screen = window.open_screen(key)
        settle(app, operations)
        prepare(window, screen)
        settle(app, operations)
        app.primaryScreen().grabWindow(0).copy(0, 0, *size).save(str(out))
        for widget in app.topLevelWidgets():  # a dialog or question opened for the picture
            if widget is not window and widget.isVisible():
                widget.close()
        window.close()
        return True
    finally:
        operations.wait()
        database.dispose()


def build(path: Path, *, organisations: int) -> None:
    database = open_database(path)
    try:
        build_demo(database, profile="za-municipality", orgs=organisations, seed=1)
    finally:
        database.dispose()


def main(out_dir: str = "docs/screenshots", *names: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        office = work / "demo.sqlite"
        build(office, organisations=1)
        taken = []
        only = set(names)  # the pictures to take again (default: all)
        shots = [(shot, (WIDTH, HEIGHT)) for shot in SHOTS] + [(shot, SMALL) for shot in SMALL_SHOTS]
        for (key, username, name, prepare), size in shots:
            if only and name not in only:
                continue
            if shoot(app, office, username, key, prepare, out / f"{name}.png", work, size):
                taken.append(name)
        head_office = work / "head-office.sqlite"
        if not only or "head-office" in only:
            build(head_office, organisations=3)
            if shoot(app, head_office, "admin", "head-office", _nothing, out / "head-office.png", work):
                taken.append("head-office")
    print(f"{len(taken)} screenshots in {out}: {', '.join(taken)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
