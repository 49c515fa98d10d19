"""What runs in a fresh process: start-up to a usable window, and the register with its peak memory.

    python -m bench.probes startup DATABASE     # the main window on DATABASE, shown, register filled
    python -m bench.probes empty-window         # the floor: an empty PySide6 window
    python -m bench.probes register DATABASE YEAR PHRASE

Each prints one JSON line; the start-up probes print the wall-clock moment the
window was usable, so the parent measures from before it launched the process.
Runs Qt offscreen.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _finish(result: dict) -> None:
    print(json.dumps(result), flush=True)
    os._exit(0)  # tearing Qt down is not part of any workload


def startup(database_path: str) -> None:
    """The app's own window on the KPI register (the screen the benchmark defines as usable).

    Imports in the app's order (``pmsdesk.ui.app``): the database layer before Qt.
    """
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from pmsdesk.db import open_database
    from pmsdesk.services.actor import Actor
    from pmsdesk.ui.main_window import LAST_SCREEN_KEY, MainWindow
    from pmsdesk.ui.operations import Operations
    from pmsdesk.ui.user_settings import user_key

    app = QApplication(sys.argv[:1])
    database = open_database(database_path)
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.Format.IniFormat)
    settings.setValue(user_key("bench", LAST_SCREEN_KEY), "register")  # the last screen is kept per user
    window = MainWindow(database, Actor.system("bench"), Operations(database), settings=settings)
    window.show()
    deadline = time.monotonic() + 60
    while not (window.isVisible() and window.register.model.total_count()) and time.monotonic() < deadline:
        app.processEvents()
    app.processEvents()
    _finish({"usable_at": time.time(), "kpis": window.register.model.total_count()})


def empty_window() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    while not window.isVisible():
        app.processEvents()
    app.processEvents()
    _finish({"usable_at": time.time(), "kpis": 0})


def register(database_path: str, year_label: str, phrase: str) -> None:
    """Load the year into the register view, type ``phrase`` a key at a time, then delete it again."""
    from PySide6.QtWidgets import QApplication

    from bench.timing import peak_rss_mb
    from pmsdesk.db import open_database
    from pmsdesk.services import register as register_service
    from pmsdesk.ui.register import KpiRegisterView

    app = QApplication(sys.argv[:1])
    database = open_database(database_path)
    with database.session() as session:
        organisation = register_service.list_organisations(session)[0]
        year = next(y for y in register_service.list_financial_years(session, organisation.id)
                    if y.label == year_label)
    view = KpiRegisterView(database)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    started = time.perf_counter()
    view.show_year(year)
    app.processEvents()
    load_s = time.perf_counter() - started
    model = view.model
    keystrokes, matches = [], {}
    for length in [*range(1, len(phrase) + 1), *range(len(phrase) - 1, -1, -1)]:
        started = time.perf_counter()
        view.search.setText(phrase[:length])
        app.processEvents()
        keystrokes.append(time.perf_counter() - started)
        typed = " ".join(phrase[:length].casefold().split())
        expected = sum(1 for row in range(model.total_count()) if typed in model.search_text(row))
        matches[phrase[:length]] = [view.filter.rowCount(), expected]
    _finish({"rows": model.total_count(), "load_s": load_s, "keystroke_s": keystrokes,
             "matches": matches, "peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    command, *arguments = sys.argv[1:]
    {"startup": startup, "empty-window": empty_window, "register": register}[command](*arguments)
