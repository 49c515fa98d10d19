"""Screenshots of every screen of the real app on the demo database, for people to look at.

    scripts/screenshots [OUT_DIR]      # runs this under Xvfb at 1366×768 (default docs/screenshots)

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
from PySide6.QtWidgets import QApplication, QWidget

from pmsdesk.db import open_database
from pmsdesk.demo import build_demo
from pmsdesk.services.users import sign_in
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.operations import Operations

WIDTH, HEIGHT = 1366, 768
#: Screen key → (demo account that does this work, file name).
SHOTS: dict[str, tuple[str, str]] = {
    "dashboard": ("pmsofficer", "dashboard"),
    "register": ("pmsofficer", "kpi-register"),
    "plans": ("pmsofficer", "plans"),
    "reporting": ("capturer", "quarterly-reporting"),
    "verification": ("verifier", "verification"),
    "agreements": ("pmsofficer", "agreements"),
    "risks": ("pmsofficer", "risks"),
    "data-quality": ("pmsofficer", "data-quality"),
    "importing": ("pmsofficer", "import-sdbip"),
    "sync": ("admin", "sync"),
    "administration": ("admin", "administration"),
}
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


PREPARE: dict[str, Prepare] = {
    "reporting": _reporting,
    "verification": _verification,
}


def shoot(app: QApplication, database_path: Path, username: str, key: str, out: Path, settings_dir: Path) -> bool:
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
        window.setGeometry(0, 0, WIDTH, HEIGHT)
        window.show()
        settle(app, operations)
        screen = window.open_screen(key)
        settle(app, operations)
        PREPARE.get(key, lambda *_: None)(window, screen)
        settle(app, operations)
        app.primaryScreen().grabWindow(0).copy(0, 0, WIDTH, HEIGHT).save(str(out))
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


def main(out_dir: str = "docs/screenshots") -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        office = work / "demo.sqlite"
        build(office, organisations=1)
        taken = []
        for key, (username, name) in SHOTS.items():
            if shoot(app, office, username, key, out / f"{name}.png", work):
                taken.append(name)
        head_office = work / "head-office.sqlite"
        build(head_office, organisations=3)
        if shoot(app, head_office, "admin", "head-office", out / "head-office.png", work):
            taken.append("head-office")
    print(f"{len(taken)} screenshots in {out}: {', '.join(taken)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
