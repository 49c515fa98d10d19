"""Starting the app: which database it opens, creating the demo, refusing bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import pmsdesk.demo
from pmsdesk.db import DatabaseError
from pmsdesk.services import register
from pmsdesk.ui import app
from pmsdesk.ui.main_window import MainWindow
from pmsdesk.ui.sign_in import SignInDialog

from .conftest import seed_organisation


@pytest.fixture
def fake_demo(monkeypatch):
    """Stands in for the real demo builder (seconds of work) with a three-KPI organisation."""
    calls = []

    def build_demo(database, profile, orgs, seed):
        calls.append((profile, orgs, seed))
        seed_organisation(database, kpi_count=3, name="Demo Local Municipality")

    monkeypatch.setattr(pmsdesk.demo, "build_demo", build_demo)
    return calls


def test_a_missing_database_file_is_created_with_the_demo(qapp, tmp_path, fake_demo):
    path = tmp_path / "new" / "pmsdesk.sqlite"

    database = app.open_or_create_demo(str(path))
    try:
        with database.session() as session:
            names = [organisation.name for organisation in register.list_organisations(session)]
    finally:
        database.dispose()

    assert fake_demo == [("za-municipality", 1, 1)]
    assert names == ["Demo Local Municipality"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["pmsdesk.sqlite"]


def test_an_existing_database_is_opened_without_building_the_demo(qapp, seeded_database, fake_demo):
    reopened = app.open_or_create_demo(seeded_database.url.removeprefix("sqlite:///"))
    reopened.dispose()

    assert fake_demo == []


def test_a_failed_demo_build_leaves_no_file_behind(qapp, tmp_path, monkeypatch):
    def broken_build(database, **options):
        raise pmsdesk.demo.DemoError("the disk is full")

    monkeypatch.setattr(pmsdesk.demo, "build_demo", broken_build)
    path = tmp_path / "pmsdesk.sqlite"

    with pytest.raises(DatabaseError, match="the disk is full"):
        app.open_or_create_demo(str(path))
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_reported_and_exits_with_2(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")

    assert app.run_app(str(notes)) == 2
    assert "not a SQLite database" in shown[0]


def test_run_app_given_an_actor_opens_the_main_window_and_returns_the_exit_code(qapp, seeded_database, actor_named):
    titles = []

    def look_and_quit():
        titles.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.exit(0)

    QTimer.singleShot(0, look_and_quit)

    assert app.run_app(seeded_database.url, actor=actor_named("viewer")) == 0
    assert "pmsdesk — Mkhondo Local Municipality — viewer" in titles


def _visible(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def test_run_app_asks_to_sign_in_first_and_signing_out_asks_again(qapp, seeded_database):
    """Real background sign-in: the steps poll until the dialog or window they need is there."""
    seen = []
    steps = [
        lambda: _sign_in_with(SignInDialog, "verifier", "verifier-password"),
        lambda: _signed_in_window("verifier", seen) and _visible(MainWindow).sign_out_action.trigger() is None,
        lambda: _visible(SignInDialog) is not None and _visible(SignInDialog).reject() is None,
    ]

    def next_step():
        if steps and steps[0]():
            steps.pop(0)
        if steps:
            QTimer.singleShot(20, next_step)

    QTimer.singleShot(0, next_step)

    assert app.run_app(seeded_database.url) == 0
    assert seen == ["pmsdesk — Mkhondo Local Municipality — verifier"]
    assert steps == []


def _sign_in_with(kind, username, password) -> bool:
    dialog = _visible(kind)
    if dialog is None:
        return False
    dialog.ui.username.setText(username)
    dialog.ui.password.setText(password)
    dialog.ui.sign_in.click()
    return True


def _signed_in_window(username, seen) -> bool:
    window = _visible(MainWindow)
    if window is None or window.actor.username != username:
        return False
    seen.append(window.windowTitle())
    return True


def test_the_application_icon_ships_with_pmsdesk():
    from PySide6.QtGui import QIcon

    from pmsdesk.resources import app_icon_path

    icon = QIcon(str(app_icon_path()))
    assert not icon.isNull() and icon.availableSizes()[0].width() == 256


#: Starts the app's window on the register in a fresh process and reports what start-up loaded.
START_UP = """
import json, sys
from importlib.abc import MetaPathFinder

class NoteWhatCameBeforeQt(MetaPathFinder):
    seen = None

    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" and NoteWhatCameBeforeQt.seen is None:
            NoteWhatCameBeforeQt.seen = sorted(m for m in ("sqlalchemy.orm", "pmsdesk.models") if m in sys.modules)

sys.meta_path.insert(0, NoteWhatCameBeforeQt())
from pmsdesk.ui import app
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pmsdesk.db import open_database
from pmsdesk.models import Kpi
from pmsdesk.services.actor import Actor
from pmsdesk.ui.main_window import LAST_SCREEN_KEY, MainWindow
from pmsdesk.ui.user_settings import user_key
from pmsdesk.ui.operations import ImmediateOperations

qt = QApplication([])
database = open_database(sys.argv[1])
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
settings.setValue(user_key("test", LAST_SCREEN_KEY), "register")
window = MainWindow(database, Actor.system("test"), ImmediateOperations(database), settings=settings)
print(json.dumps({"before_qt": NoteWhatCameBeforeQt.seen, "kpis": window.register.model.total_count(),
                  "mappers_configured": Kpi.__mapper__.configured}))
"""


@pytest.fixture
def start_up(seeded_database, seeded, tmp_path) -> dict:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", START_UP, seeded_database.url.removeprefix("sqlite:///"), str(tmp_path / "app.ini")],
        capture_output=True, text=True, env=environment, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_start_up_loads_the_database_layer_before_qt(start_up):
    """PySide6's import hook reads the source of every module imported after Qt: SQLAlchemy goes first."""
    assert start_up["before_qt"] == ["pmsdesk.models", "sqlalchemy.orm"]


def test_the_first_screen_fills_without_configuring_the_orm(start_up, seeded):
    """The register's start-up reads are Core queries: configuring every mapper can wait for a screen that needs it."""
    assert start_up["kpis"] == seeded.kpi_count
    assert start_up["mappers_configured"] is False
