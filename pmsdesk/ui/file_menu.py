"""File → New…, Open… and Open recent: another database in the same window, without the command line.

New… asks where to save, then what the database is for (an office's organisation through the day-one
wizard, or a head office), and signs its new administrator in. Open… signs in to an existing database;
a file that is not a pmsdesk database is refused before anything opens it for writing. Either way
``opened`` hands the new database, its operations and the signed-in user to the window's owner
(``Desk``), which closes the old window and its connections. Cancelling leaves the old database open
and, for New…, no file behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from pmsdesk.backups import BackupPolicy
from pmsdesk.db import Database, DatabaseError, open_database, pmsdesk_file_problem, remove_sqlite_files
from pmsdesk.failures import bad_input_message
from pmsdesk.ui.translation import QT_TR_NOOP

from .operations import Operations
from .sign_in import SignInDialog

if TYPE_CHECKING:
    from .setup import StartChoice

DATABASE_FILTER = QT_TR_NOOP("pmsdesk databases (*.sqlite);;All files (*)")
RECENT_KEY = "files/recent"
RECENT_LIMIT = 8
SUFFIX = ".sqlite"


class RecentFiles:
    """The databases opened last on this computer, newest first (kept in QSettings, not per user)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[str]:
        value = self._settings.value(RECENT_KEY, [])
        paths = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
        return [str(path) for path in paths if path]

    def add(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        self._store([path, *(known for known in self.paths() if known != path)][:RECENT_LIMIT])

    def remove(self, path: str) -> None:
        self._store([known for known in self.paths() if known != path])

    def drop_missing(self) -> list[str]:
        """Forget the files that are no longer there; returns them (the window says so)."""
        missing = [path for path in self.paths() if not Path(path).is_file()]
        if missing:
            self._store([path for path in self.paths() if path not in missing])
        return missing

    def _store(self, paths: list[str]) -> None:
        self._settings.setValue(RECENT_KEY, paths)
        self._settings.sync()


class FileActions(QObject):
    """The File menu of one window; ``opened(database, operations, actor, path)`` when another database is ready."""

    opened = Signal(object, object, object, str)

    def __init__(self, window: QMainWindow, current: Path | None, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._current = current.resolve() if current is not None else None
        self.recent = RecentFiles(settings)
        if self._current is not None and self._current.is_file():
            self.recent.add(self._current)
        #: The dialog asking something now (kind, wizard, head office, sign-in): tests drive it.
        self.dialog = None
        self.new_action = QAction(self.tr("&New database…"), self)
        # No Ctrl+N: the register, Plans and Agreements screens add a record with it.
        self.new_action.triggered.connect(self.new_database)
        self.open_action = QAction(self.tr("&Open database…"), self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(lambda: self.open_database())
        self.recent_menu = QMenu(self.tr("Open &recent"), window)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()

    def add_to(self, menu: QMenu) -> None:
        menu.addActions([self.new_action, self.open_action])
        menu.addMenu(self.recent_menu)

    # -- New… -----------------------------------------------------------------------------------
    def new_database(self) -> None:
        """Ask where, refuse a file that exists, ask what for, then set it up."""
        if not self._window.confirm_discarding(self.tr("open another database")):  # type: ignore[attr-defined]
            return
        out, _ = QFileDialog.getSaveFileName(self._window, self.tr("New pmsdesk database"), str(self._folder()),
                                             DATABASE_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if not out:
            return
        path = Path(out) if Path(out).suffix else Path(out + SUFFIX)
        if path.exists():
            self._refuse(self.tr("File exists"),
                         self.tr("{0} already exists. pmsdesk never writes a new database over a file: choose "
                                 "another name, or open it with File → Open….").format(path))
            return
        from .setup import StartChoiceDialog  # the set-up pages load only when asked for

        dialog = StartChoiceDialog(str(path), None, self._window)
        dialog.accepted.connect(lambda: self._create(path, dialog.choice))
        self._show(dialog)

    def _create(self, path: Path, choice: StartChoice | None) -> None:
        if choice is None:
            return
        from .setup.new_database import set_up_dialog

        try:
            database = open_database(path)
        except (DatabaseError, OSError) as error:
            remove_sqlite_files(path)
            self._refuse(self.tr("Cannot create the database"), self._problem(error, path))
            return
        operations = Operations(database)
        dialog = set_up_dialog(choice, database, operations, self._window)
        dialog.accepted.connect(lambda: self._ready(database, operations, dialog.actor, path))
        dialog.rejected.connect(lambda: self._discard(database, operations, path))
        self._show(dialog)

    def _discard(self, database: Database, operations: Operations, path: Path) -> None:
        """The set-up was cancelled: the new file goes again."""
        self._close(database, operations)
        remove_sqlite_files(path)
        self._say(self.tr("No new database was made."))

    @staticmethod
    def _close(database: Database, operations: Operations) -> None:
        """A database opened for New… or Open… and not taken after all."""
        operations.wait()
        database.dispose()

    # -- Open… ----------------------------------------------------------------------------------
    def open_database(self, path: str | None = None) -> None:
        """Sign in to another database; the old one stays open until sign-in succeeds."""
        if not self._window.confirm_discarding(self.tr("open another database")):  # type: ignore[attr-defined]
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self._window, self.tr("Open pmsdesk database"),
                                                  str(self._folder()), DATABASE_FILTER)
            if not path:
                return
        target = Path(path)
        if self._current is not None and target.resolve() == self._current:
            self._say(self.tr("{0} is the database open now.").format(target.name))
            return
        problem = pmsdesk_file_problem(target)
        if problem is not None:
            self._refuse(self.tr("Cannot open this file"), problem)
            return
        try:
            database = open_database(target, create=False, backup_policy=BackupPolicy())
        except (DatabaseError, OSError) as error:
            self._refuse(self.tr("Cannot open the database"), self._problem(error, target))
            return
        operations = Operations(database)
        dialog = SignInDialog(operations, self._window)
        dialog.setWindowTitle(self.tr("Sign in to {0}").format(target.name))
        dialog.accepted.connect(lambda: self._ready(database, operations, dialog.actor, target))
        dialog.rejected.connect(lambda: self._close(database, operations))
        self._show(dialog)

    def fill_recent_menu(self) -> None:
        """The recent databases, the missing ones dropped with a note in the status bar."""
        missing = self.recent.drop_missing()
        if missing:
            self._say(self.tr("No longer there, removed from the recent files: {0}").format(", ".join(missing)))
        self.recent_menu.clear()
        for path in self.recent.paths():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setEnabled(self._current is None or Path(path) != self._current)
            action.triggered.connect(lambda _checked=False, path=path: self.open_recent(path))
        if not self.recent.paths():
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    def open_recent(self, path: str) -> None:
        if not Path(path).is_file():
            self.recent.remove(path)
            self._refuse(self.tr("File not found"), self.tr("{0} is no longer there (moved, renamed or on a "
                                                            "stick that is not plugged in); it was removed from the "
                                                            "recent files.").format(path))
            self.fill_recent_menu()
            return
        self.open_database(path)

    # -- shared ---------------------------------------------------------------------------------
    def _ready(self, database: Database, operations: Operations, actor, path: Path) -> None:
        self.dialog = None
        self.recent.add(path)
        self.opened.emit(database, operations, actor, str(path))

    def _show(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _folder(self) -> Path:
        return self._current.parent if self._current is not None else Path.home()

    def _problem(self, error: Exception, path: Path) -> str:
        if isinstance(error, DatabaseError):
            return str(error)
        return bad_input_message(error, str(path)) or f"{path}: {error}"

    def _refuse(self, title: str, text: str) -> None:
        self._say(text)
        QMessageBox.warning(self._window, title, text)

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 15000)
