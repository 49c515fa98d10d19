"""File → New…, Open… and Open recent: another database from the window, and every refusal plain, with
nothing written."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from pmsdesk.db import open_database
from pmsdesk.models import InstallationSetting, User
from pmsdesk.services.errors import ValidationError
from pmsdesk.services.installation import head_office_details, is_empty_database
from pmsdesk.services.setup import set_up_head_office
from pmsdesk.ui.desk import Desk
from pmsdesk.ui.file_menu import RECENT_KEY
from pmsdesk.ui.operations import ImmediateOperations
from pmsdesk.ui.setup.head_office_dialog import HeadOfficeDialog

from .conftest import password_of
from .file_new import click, file_new, file_open, fill_head_office, fill_wizard, immediate  # noqa: F401 - fixture

HQ_PASSWORD = "Bloemfontein-2026!"


@pytest.fixture
def desk(seeded_database, operations, actor_named, immediate):  # noqa: F811 - the fixture
    """A window on the seeded municipality, as the app opens it; closed with whatever database it ends on."""
    desk = Desk(seeded_database, operations, seeded_database.url.removeprefix("sqlite:///"))
    desk.show(actor_named("admin"))
    yield desk
    desk.window.discard_edits_and_close()
    desk.close()


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *rest: shown.append(f"{title}: {text}"))
    return shown


def test_file_new_sets_up_a_head_office_and_the_window_opens_it_signed_in(qtbot, monkeypatch, desk, tmp_path):
    first_window, first_database = desk.window, desk.database
    path = tmp_path / "fs-cogta.sqlite"

    form = file_new(qtbot, monkeypatch, desk, path, head_office=True)
    assert isinstance(form, HeadOfficeDialog)
    fill_head_office(qtbot, form, code="za-fs-cogta", name="Free State COGTA", country="ZA", region="Free State",
                     admin="lindiwe.mokoena", password=HQ_PASSWORD)
    click(qtbot, form.set_up_button)

    assert desk.window is not first_window and desk.database is not first_database
    assert not first_window.isVisible(), "the old window closed"
    assert desk.window.actor.username == "lindiwe.mokoena"
    assert desk.window.windowTitle() == "pmsdesk — Free State COGTA (head office) — lindiwe.mokoena"
    assert desk.window.statusBar().currentMessage() == \
        "No office has sent a package yet: import offices' packages on the Sync screen."
    assert desk.window.current_key() == "sync", "head office starts where the packages come in"
    assert not desk.window.screen_named("sync").ui.trust_button.isEnabled(), "nothing to trust yet"
    with desk.database.session() as session:
        assert head_office_details(session) == {"code": "ZA-FS-COGTA", "name": "Free State COGTA", "country": "ZA",
                                                "region": "Free State"}
        assert not is_empty_database(session), "opened again later it asks to sign in, not to set up"
    assert desk.window.file_actions.recent.paths()[0] == str(path.resolve())


def test_file_new_sets_up_a_kenyan_county_with_the_day_one_wizard(qtbot, monkeypatch, desk, tmp_path):
    wizard = file_new(qtbot, monkeypatch, desk, tmp_path / "nakuru.sqlite", head_office=False)
    fill_wizard(qtbot, wizard, name="County Government of Nakuru", code="KE-032", country="KE", kind="county",
                region="Nakuru", year="2026/27", admin="wanjiru.kamau", password="Menengai-Crater-9")

    assert desk.window.windowTitle() == "pmsdesk — County Government of Nakuru — wanjiru.kamau"
    assert desk.window.selector.year().label == "2026/27"


def test_cancelling_the_set_up_leaves_no_file_and_the_old_database_open(qtbot, monkeypatch, desk, tmp_path):
    first_window = desk.window
    path = tmp_path / "abandoned.sqlite"

    form = file_new(qtbot, monkeypatch, desk, path, head_office=True)
    assert path.exists(), "the file is made for the set-up"
    form.reject()

    assert desk.window is first_window and first_window.isVisible()
    assert list(tmp_path.glob("abandoned.sqlite*")) == []
    assert first_window.statusBar().currentMessage() == "No new database was made."


def test_file_new_onto_an_existing_file_is_refused_and_the_file_is_untouched(qtbot, monkeypatch, desk, tmp_path,
                                                                             warnings):
    existing = tmp_path / "existing.sqlite"
    existing.write_bytes(b"somebody's file")

    from .file_new import choose_file

    choose_file(monkeypatch, existing)
    desk.window.file_actions.new_action.trigger()

    assert warnings == [f"File exists: {existing} already exists. pmsdesk never writes a new database over a file: "
                        "choose another name, or open it with File → Open…."]
    assert existing.read_bytes() == b"somebody's file"
    assert desk.window.file_actions.dialog is None, "nothing else was asked"


def test_the_head_office_form_shows_each_problem_under_its_field_and_writes_nothing(qtbot, monkeypatch, desk,
                                                                                    tmp_path):
    path = tmp_path / "hq.sqlite"
    form = file_new(qtbot, monkeypatch, desk, path, head_office=True)
    form.code.clear()
    qtbot.keyClicks(form.username, "admin")
    qtbot.keyClicks(form.password, "short")

    click(qtbot, form.set_up_button)

    messages = form.form.messages
    assert messages.text_of("code").startswith("Type head office's code, e.g. HEAD-OFFICE")
    assert messages.text_of("name").startswith("Type head office's name")
    assert "demo account name" in messages.text_of("username")
    assert messages.text_of("password") == "Must be at least 10 characters."
    assert form.isVisible() and form.actor is None
    with session_on(path) as session:
        assert session.scalars(select(User)).all() == [] and session.scalars(select(InstallationSetting)).all() == []


@contextmanager
def session_on(path: Path):
    database = open_database(path)
    try:
        with database.session() as session:
            yield session
    finally:
        database.dispose()


def test_a_bad_country_or_an_empty_code_is_refused_by_the_set_up_itself(tmp_path):
    with session_on(tmp_path / "hq.sqlite") as session:
        with pytest.raises(ValidationError) as refused:
            set_up_head_office(session, "  ", "lindiwe.mokoena", "Lindiwe Mokoena", HQ_PASSWORD, name="COGTA",
                               country="Narnia")
        assert refused.value.problems == {
            "code": "type head office's code, e.g. HEAD-OFFICE or ZA-COGTA: offices address packages to it",
            "country": "must be one of ZA, KE, TZ (South Africa, Kenya, Tanzania); got 'Narnia'"}
        assert session.scalars(select(User)).all() == [] and session.scalars(select(InstallationSetting)).all() == []


@pytest.mark.parametrize("content, said", [
    (b"Minutes of the council meeting", "is not a pmsdesk database: it is not a SQLite database file at all"),
    (b"", "is empty (0 bytes): it holds no pmsdesk database"),
    (None, "is a SQLite database, but not a pmsdesk database"),
    ("9999_future", "This database was made by a newer pmsdesk (schema 9999_future)"),
])
def test_file_open_refuses_a_file_that_is_not_a_pmsdesk_database_and_writes_nothing_to_it(
        qtbot, monkeypatch, desk, tmp_path, warnings, content, said):
    (tmp_path / "stick").mkdir()
    path = tmp_path / "stick" / "stranger.sqlite"
    if content is None or isinstance(content, str):  # another program's SQLite database, or a newer pmsdesk's
        with sqlite3.connect(path) as connection:
            connection.execute("CREATE TABLE budget (line TEXT, amount REAL)")
            if content:
                connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
                connection.execute("INSERT INTO alembic_version VALUES (?)", (content,))
        connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    first_window = desk.window
    from .file_new import choose_file

    choose_file(monkeypatch, path)
    desk.window.file_actions.open_action.trigger()

    [warning] = warnings
    assert warning.startswith("Cannot open this file: ") and said in warning and "Traceback" not in warning, warning
    assert path.read_bytes() == before and sorted(p.name for p in path.parent.iterdir()) == ["stranger.sqlite"]
    assert desk.window is first_window and desk.window.file_actions.dialog is None


def test_file_open_signs_in_to_another_database_and_remembers_it_in_the_recent_files(
        qtbot, monkeypatch, desk, tmp_path, seeded_template):
    other = tmp_path / "other.sqlite"
    other.write_bytes(Path(seeded_template[0]).read_bytes())
    first = desk.target

    file_open(qtbot, monkeypatch, desk, other, "verifier", password_of("verifier"))

    assert desk.window.actor.username == "verifier" and desk.target == str(other)
    assert desk.window.database_label.text() == "Database: other.sqlite"
    assert desk.window.database_label.toolTip() == str(other.resolve())
    assert not Path(f"{first}-wal").exists(), "the old database's connections are closed (its WAL checkpointed)"
    recent = desk.window.file_actions.recent.paths()
    assert recent[:2] == [str(other.resolve()), str(Path(first).resolve())]
    menu = desk.window.file_actions.recent_menu
    assert [action.text() for action in menu.actions()] == ["other.sqlite", Path(first).name]
    assert not menu.actions()[0].isEnabled(), "the database open now is not offered again"


def test_a_recent_file_that_is_gone_is_dropped_with_a_note(qtbot, monkeypatch, desk, tmp_path, warnings):
    actions = desk.window.file_actions
    gone = tmp_path / "on-a-usb-stick.sqlite"
    actions.recent.add(gone)
    actions.open_recent(str(gone))

    assert warnings == [f"File not found: {gone} is no longer there (moved, renamed or on a stick that is not "
                        "plugged in); it was removed from the recent files."]
    assert str(gone) not in actions.recent.paths()
    actions.recent.add(gone)
    actions.fill_recent_menu()
    assert str(gone) not in actions.recent.paths()
    assert desk.window.statusBar().currentMessage() == \
        f"No longer there, removed from the recent files: {gone}"
    assert desk.window.settings.value(RECENT_KEY) is not None


def test_db_naming_a_missing_file_asks_what_it_is_for_and_builds_no_demo(qtbot, tmp_path, monkeypatch, immediate):  # noqa: F811
    """``pmsdesk --db hq.sqlite`` once silently built the demo there: now the first question, here head office."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from pmsdesk.ui import app
    from pmsdesk.ui.main_window import MainWindow
    from pmsdesk.ui.setup import StartChoice, StartChoiceDialog

    path = tmp_path / "hq.sqlite"

    def choose(dialog):
        dialog.choice = StartChoice.HEAD_OFFICE
        return StartChoiceDialog.DialogCode.Accepted

    def form_exec(form):
        fill_head_office(qtbot, form, code="HEAD-OFFICE", name="PO-RALG", country="TZ", region="Dodoma",
                         admin="neema.mushi", password=HQ_PASSWORD)
        form._operations = ImmediateOperations(form._database)
        form.set_up()
        return HeadOfficeDialog.DialogCode.Accepted if form.actor else HeadOfficeDialog.DialogCode.Rejected

    monkeypatch.setattr(StartChoiceDialog, "exec", choose)
    monkeypatch.setattr(HeadOfficeDialog, "exec", form_exec)
    monkeypatch.setattr(app, "open_or_create_demo", lambda target: pytest.fail("no demo"))
    opened = []
    monkeypatch.setattr(MainWindow, "show", lambda window: opened.append(window.windowTitle()))
    QTimer.singleShot(0, QApplication.quit)

    assert app.run_app(str(path)) == 0
    assert opened == ["pmsdesk — PO-RALG (head office) — neema.mushi"]
    with session_on(path) as session:
        assert head_office_details(session)["country"] == "TZ"
