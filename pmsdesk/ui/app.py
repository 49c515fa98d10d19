"""Starting the desktop app: find or create the database, open the main window."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

# The database layer (SQLAlchemy, the models) is imported before Qt: once PySide6 is loaded, its
# import hook reads the source of every module imported after it: about 0.2 s of CPU at start-up
# for SQLAlchemy's large modules. So the import order below is kept by hand.
# isort: off
from pmsdesk import __version__
from pmsdesk.backups import BackupPolicy
from pmsdesk.db import (
    Database,
    DatabaseError,
    database_url,
    default_database_path,
    open_database,
    remove_sqlite_files,
    sqlite_path,
)
from pmsdesk.failures import bad_input_message
from pmsdesk.resources import app_icon_path
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.installation import is_empty_database

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox
# isort: on

from PySide6.QtCore import QCoreApplication

from .crash_dialog import install_crash_handler
from .desk import Desk
from .operations import Operations
from .sign_in import SignInDialog
from .translation import apply_language
from .user_settings import LAST_LANGUAGE_KEY, user_language

if TYPE_CHECKING:
    from .setup import StartChoice

EXIT_CANNOT_START = 2
EXIT_FAILED = 1
DEMO_PROFILE = "za-municipality"
#: Where "Explore the demo" builds the demo when no database was named: beside the real one, never in it.
DEMO_FILE = "pmsdesk-demo.sqlite"


def run_app(db_target: str | None, *, actor: Actor | None = None) -> int:
    """Open the window on ``db_target`` (path or URL; default: the user's data folder).

    A database file that does not exist yet starts with a question: set up
    my organisation (the set-up wizard, then signed in as its administrator)
    or explore the demo (built in a file of its own beside the default
    database, or in ``db_target`` when one was named). An existing database
    without an organisation opens the wizard too. Otherwise the user signs in
    first unless ``actor`` is given (tests, scripted demos); after "Sign out"
    the sign-in dialog comes back. Returns the Qt exit code, 0 when the
    question, the wizard or sign-in is cancelled, 2 when the database cannot
    be opened, or 1 after an unexpected failure, which the crash dialog has shown.
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setOrganizationName("pmsdesk")  # where QSettings keeps window size, last screen, filters
    app.setApplicationName("pmsdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(app_icon_path())))
    target = db_target or str(default_database_path())
    hooks = sys.excepthook, threading.excepthook
    crash_handler = install_crash_handler(QApplication.activeWindow)
    try:
        return _run(app, target, actor, explicit=db_target is not None)
    except Exception as error:  # noqa: BLE001 - outside Qt's event loop: a windowed app has no console to print to
        crash_handler.excepthook(type(error), error, error.__traceback__)
        return EXIT_FAILED
    finally:
        sys.excepthook, threading.excepthook = hooks
        crash_handler.deleteLater()


def _run(app: QApplication, target: str, actor: Actor | None, *, explicit: bool) -> int:
    try:
        started = _open_or_ask(target, explicit=explicit)
    except Exception as error:  # noqa: BLE001 - a damaged or unreachable file is shown, not a traceback
        message = str(error) if isinstance(error, (DatabaseError, ServiceError)) else bad_input_message(error, target)
        if message is None:
            raise
        QMessageBox.critical(None, QCoreApplication.translate("app",
                "pmsdesk cannot open the database"), f"{target}\n\n{message}")
        return EXIT_CANNOT_START
    if started is None:
        return 0
    database, target, choice = started
    desk = Desk(database, Operations(database), target, on_sign_out=app.quit)  # even if other windows are open
    try:
        if _needs_set_up(database):
            actor = _set_up(choice, desk)
            if actor is None:
                if choice is not None:  # the file was made just now for this set-up
                    desk.close()
                    remove_sqlite_files(Path(target))
                return 0
        settings = QSettings()
        while True:
            if actor is None:
                apply_language(str(settings.value(LAST_LANGUAGE_KEY, "") or ""))
                dialog = SignInDialog(desk.operations)
                if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
                    return 0
                actor = dialog.actor
            language = user_language(settings, actor.username)
            apply_language(language)
            settings.setValue(LAST_LANGUAGE_KEY, language)
            desk.show(actor)
            code = app.exec()
            window = desk.window  # File → New… or Open… may have replaced the first one
            if window is None:  # shown above, so there is one
                return code
            window.close()
            window.deleteLater()
            if window.language_changed:
                continue  # the same official, a window built in the language they chose
            if not window.signed_out:
                return code
            actor = None
            if window.reopen_database:  # a backup was restored under the window
                desk.close()
                desk.database = open_or_create_demo(desk.target)
                desk.operations = Operations(desk.database)
    finally:
        desk.close()


def _open_or_ask(target: str, *, explicit: bool) -> tuple[Database, str, StartChoice | None] | None:
    """The database to work in, its path or URL, and what it was just made for (None: it existed);
    None if the user closed the question."""
    path = sqlite_path(database_url(target))
    if path is None or path.exists():
        return open_database(target, backup_policy=BackupPolicy()), target, None
    from .setup import StartChoice, StartChoiceDialog  # only on a new computer

    demo_path = path if explicit else path.with_name(DEMO_FILE)
    dialog = StartChoiceDialog(str(path), str(demo_path))
    if dialog.exec() != StartChoiceDialog.DialogCode.Accepted or dialog.choice is None:
        return None
    if dialog.choice is StartChoice.DEMO:
        return open_or_create_demo(str(demo_path)), str(demo_path), None
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_database(path), str(path), dialog.choice


def _needs_set_up(database: Database) -> bool:
    with database.session() as session:
        return is_empty_database(session)


def _set_up(choice: StartChoice | None, desk: Desk) -> Actor | None:
    """The office's set-up wizard (an empty file named on the command line too) or head office's form;
    the signed-in administrator, or None when cancelled."""
    from .setup import StartChoice  # only on an empty database
    from .setup.new_database import set_up_dialog

    dialog = set_up_dialog(choice or StartChoice.SET_UP, desk.database, desk.operations)
    if dialog.exec() != dialog.DialogCode.Accepted:
        return None
    return dialog.actor


def open_or_create_demo(target: str) -> Database:
    """Open ``target``; a SQLite file that does not exist yet is first built as the demo.

    The demo is written to a temporary file and moved into place only once
    complete, so a failed build never leaves a half-filled database behind.
    """
    path = sqlite_path(database_url(target))
    if path is None or path.exists():
        return open_database(target, backup_policy=BackupPolicy())
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.building")
    remove_sqlite_files(partial)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from pmsdesk.demo import DemoError, build_demo  # heavy, and needed only once

        database = open_database(partial)
        try:
            build_demo(database, profile=DEMO_PROFILE, orgs=1, seed=1)
        except DemoError as error:
            raise DatabaseError(QCoreApplication.translate("app",
                    "The demo database could not be created: {0}").format(error)) from error
        finally:
            database.dispose()
        os.replace(partial, path)
    except BaseException:
        remove_sqlite_files(partial)
        raise
    finally:
        QApplication.restoreOverrideCursor()
    return open_database(path)
