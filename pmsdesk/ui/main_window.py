"""The main window: organisation and year at the top, the screens the user's roles allow on the left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from pmsdesk.db import Database, sqlite_path
from pmsdesk.i18n import current_language
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.installation import demo_notice, head_office_details
from pmsdesk.services.register import FinancialYearSummary, OrganisationSummary, list_organisations
from pmsdesk.services.worklists import actual_place
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.vocabulary import Vocabulary, vocabulary_for

from .file_menu import FileActions
from .language_menu import language_menu
from .operations import Operations
from .screen_catalogue import Screen, ScreenContext, screens_for, title_in
from .sign_in import ChangePasswordDialog
from .translation import apply_language, translated
from .user_settings import keep_user_language, user_key
from .widgets.unsaved import ask_to_discard
from .year_selector import YearSelector

if TYPE_CHECKING:
    from .register import KpiRegisterView

#: Fits a 1366×768 laptop with a task bar; larger screens get a little more.
PREFERRED_SIZE = QSize(1360, 860)
MINIMUM_SIZE = QSize(960, 600)
NAVIGATION_WIDTH = 130
NAVIGATION_STYLE = """
QListWidget#navigation { background: palette(window); border: none; }
QListWidget#navigation::item { padding: 7px 6px; }
"""
GEOMETRY_KEY = "window/geometry"  # the computer's screen: kept per computer
#: Kept per user (under ``user_key``): one official's last screen and filters are not the next one's.
LAST_SCREEN_KEY = "window/last-screen"
REGISTER_FILTERS_KEY = "register/filters"
ROLE_LABELS = {
    "administrator": QT_TR_NOOP("administrator"), "pms_officer": QT_TR_NOOP("PMS officer"),
    "capturer": QT_TR_NOOP("capturer"), "verifier": QT_TR_NOOP("verifier"), "approver": QT_TR_NOOP("approver"),
    "read_only": QT_TR_NOOP("read-only"),
}


def who(actor: Actor) -> str:
    """'capturer (capturer)', 'admin (administrator)' for the status bar."""
    roles = ", ".join(dict.fromkeys(translated(ROLE_LABELS.get(grant.role.value, grant.role.value)) for grant in actor.grants))
    return f"{actor.username} ({roles})" if roles else actor.username


#: Tables whose change reloads the organisation and year selector.
YEAR_TABLES = frozenset({"financial_year", "organisation"})


class MainWindow(QMainWindow):
    """Holds the screens; each one shows the year chosen in the selector.

    Screens are built when first opened (see ``screen_catalogue``). The window
    remembers its size, the last screen and the register's filters in
    ``settings``, and asks before closing or signing out over unsaved edits.
    """

    #: The user chose Account ▸ Sign out; the window closes itself after emitting it.
    sign_out_requested = Signal()
    #: The user chose another language: the app builds the window again in it, still signed in.
    rebuild_requested = Signal()

    def __init__(self, database: Database, actor: Actor, operations: Operations | None = None,
                 parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        """``operations`` runs database work off the GUI thread; by default one owned by this window."""
        super().__init__(parent)
        self._database = database
        self.actor = actor
        self.operations = operations = operations or Operations(database, self)
        operations.progress_parent = self
        operations.data_changed.connect(self._data_changed)
        self.settings = settings if settings is not None else QSettings()
        self.signed_out = False
        #: Set when a backup was restored: the app opens the database afresh and asks for sign-in.
        self.reopen_database = False
        #: Set when the user chose another language under Account ▸ Language.
        self.language_changed = False
        self._shown: dict[str, FinancialYearSummary | None] = {}
        self._built: dict[str, Screen] = {}
        self._year: FinancialYearSummary | None = None
        self._discard_confirmed = False
        self.selector = YearSelector(database, self)
        with database.session() as session:
            organisation_count = len(list_organisations(session))
            #: "DEMO DATA — not an official record" on a demo database, in the title and status bar.
            self.demo_notice = demo_notice(session)
            #: Head office's code and name (None for an office): it has no organisation of its own.
            self.head_office = head_office_details(session)
        self._context = ScreenContext(database, operations, actor, organisation_count, self,
                                      head_office=self.head_office is not None)
        self.entries = screens_for(self._context)

        toolbar = QToolBar(self.tr("Organisation and year"), self)
        toolbar.setObjectName("context-toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.addWidget(self.selector)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self._build_menu()

        self.navigation = QListWidget(self)
        self.navigation.setAccessibleName(self.tr("Screens"))
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.stack = QStackedWidget(self)
        for number, entry in enumerate(self.entries, start=1):
            item = QListWidgetItem(translated(entry.title), self.navigation)
            if number <= 9:
                item.setToolTip(self.tr("{0} (Ctrl+{1})").format(translated(entry.title), number))
                QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda key=entry.key: self.open_screen(key))
            self.stack.addWidget(QWidget(self))  # stands in until the screen is first opened
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        navigation_width = max(NAVIGATION_WIDTH, self.navigation.sizeHintForColumn(0) + 24)  # longest title
        self.navigation.setMinimumWidth(navigation_width)
        splitter.setSizes([navigation_width, PREFERRED_SIZE.width() - navigation_width])
        self.setCentralWidget(splitter)
        self.centralWidget().setContentsMargins(6, 6, 6, 0)

        file = sqlite_path(database.url)
        location = str(file) if file else database.engine.url.render_as_string(hide_password=True)
        self.user_label = QLabel(self.tr("Signed in as {0}").format(who(actor)), self)
        # The file's name only: a long folder path would crowd out the status messages on a small screen.
        self.database_label = database_label = QLabel(self.tr("Database: {0}").format(file.name if file else location), self)
        database_label.setToolTip(location)
        database_label.setAccessibleDescription(location)
        database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self.demo_notice:
            self.demo_label = QLabel(translated(self.demo_notice), self)
            self.demo_label.setStyleSheet("color: white; background: #c0392b; font-weight: bold; padding: 1px 6px;")
            self.statusBar().addPermanentWidget(self.demo_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(database_label)

        self.selector.organisation_changed.connect(self._show_organisation)
        self.selector.year_changed.connect(self._show_year)
        self.navigation.currentRowChanged.connect(self._open_row)
        self.setMinimumSize(MINIMUM_SIZE)
        if not self.restoreGeometry(self.settings.value(GEOMETRY_KEY, QByteArray())):
            self.resize(self._initial_size())
        self.navigation.setCurrentRow(self._first_row())
        self.selector.reload()

    # -- screens ----------------------------------------------------------------------------------

    def screen_named(self, key: str) -> Screen:
        """The screen called ``key`` ('register', 'reporting', …), built now if it was not yet."""
        if key not in self._built:
            row = self._row_of(key)
            screen = self.entries[row].build(self._context)
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, screen)  # type: ignore[arg-type]
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[key] = screen
            self._connect(key, screen)
        return self._built[key]

    def built_screens(self) -> dict[str, Screen]:
        return dict(self._built)

    @property
    def register(self) -> KpiRegisterView:
        return self.screen_named("register")  # type: ignore[return-value]

    def has_screen(self, key: str) -> bool:
        """Whether the actor may open ``key`` (it is in the navigation list)."""
        return any(entry.key == key for entry in self.entries)

    def open_screen(self, key: str) -> Screen:
        """Show the screen ``key`` as if chosen in the navigation list, and return it."""
        self.navigation.setCurrentRow(self._row_of(key))
        return self.screen_named(key)

    def current_key(self) -> str | None:
        row = self.navigation.currentRow()
        return self.entries[row].key if 0 <= row < len(self.entries) else None

    def _row_of(self, key: str) -> int:
        for row, entry in enumerate(self.entries):
            if entry.key == key:
                return row
        raise KeyError(f"{self.actor.username} has no screen {key!r}")

    def _first_row(self) -> int:
        """The screen used last, if the actor may still open it; else the first (at a head office: Sync until an
        office has sent its package, then the Head office screen)."""
        last = self.settings.value(user_key(self.actor.username, LAST_SCREEN_KEY), "")
        if not last and self.head_office is not None:
            last = "head-office" if self._context.organisation_count else "sync"
        return next((row for row, entry in enumerate(self.entries) if entry.key == last), 0)

    def _connect(self, key: str, screen: Screen) -> None:
        """Links between screens: a drill-down in one opens the record in another."""
        if key == "dashboard":
            screen.kpi_requested.connect(self.show_kpi)  # type: ignore[attr-defined]
        if key == "data-quality":
            screen.open_requested.connect(self.open_record)  # type: ignore[attr-defined]
        if key == "administration":
            screen.restart_requested.connect(self._reopen_after_restore)  # type: ignore[attr-defined]
            screen.years_changed.connect(self.selector.reload)  # type: ignore[attr-defined]
        if key == "register":
            state = self.settings.value(user_key(self.actor.username, REGISTER_FILTERS_KEY))
            restore = getattr(screen, "restore_filter_state", None)
            if isinstance(state, dict) and restore is not None:
                restore(state)

    def show_kpi(self, kpi_id: str) -> None:
        """Drill down to a KPI: its row in the register, the search cleared if it hid the KPI."""
        register = self.open_screen("register")
        if not register.select_kpi(kpi_id):
            register.restore_filter_state({})
            register.select_kpi(kpi_id)

    def open_record(self, kind: str, record_id: str) -> None:
        """Open what a data-quality problem names: an actual where it is captured, a KPI in its editor."""
        if kind == "actual":
            place = self._locate_actual(record_id)
            if place is None:
                return
            kpi_id, period_id = place
            if self.has_screen("reporting"):
                self.open_screen("reporting").open_actual(period_id, kpi_id)  # type: ignore[attr-defined]
                return
            record_id = kpi_id
        self.show_kpi(record_id)
        if kind == "kpi" and self.actor.can(Permission.MANAGE_KPIS):
            self.register.edit_kpi(self.register.table.currentIndex())

    def _locate_actual(self, actual_id: str) -> tuple[str, str] | None:
        try:
            with self._database.session() as session:
                return actual_place(session, actual_id)
        except ServiceError as error:
            self.statusBar().showMessage(str(error), 10000)
            return None

    def _open_row(self, row: int) -> None:
        """Show the screen in ``row``, loading the selected year into it if it shows another."""
        if not 0 <= row < len(self.entries):
            return
        key = self.entries[row].key
        screen = self.screen_named(key)
        year = self.selector.year()
        if key not in self._shown or self._shown[key] != year:  # before it shows: it shows the new year
            screen.show_year(year)
            self._shown[key] = year
        self.stack.setCurrentIndex(row)
        self.settings.setValue(user_key(self.actor.username, LAST_SCREEN_KEY), key)

    # -- unsaved edits, closing, settings -----------------------------------------------------

    def unsaved_changes(self) -> list[str]:
        """'Screen: what is unsaved' for every built screen holding edits."""
        found = []
        for screen in self._built.values():
            describe = getattr(screen, "unsaved_changes", None)
            if describe is not None and (what := describe()):
                found.append(f"{translated(screen.title)}: {what}")
        return found

    def confirm_discarding(self, doing: str) -> bool:
        """Ask before ``doing`` (e.g. 'close pmsdesk') would lose unsaved edits; True to go on."""
        return ask_to_discard(self, doing, *self.unsaved_changes())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not (self._discard_confirmed or self.confirm_discarding(self.tr("close pmsdesk"))):
            event.ignore()
            return
        self.save_settings()
        self.operations.abandon_all()  # results of work still running have no screen to go to
        super().closeEvent(event)

    def discard_edits_and_close(self) -> None:
        """Close without asking again: the person already agreed (another database replaces this one)."""
        self._discard_confirmed = True
        self.close()

    def save_settings(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        filter_state = getattr(self._built.get("register"), "filter_state", None)
        if filter_state is not None:
            self.settings.setValue(user_key(self.actor.username, REGISTER_FILTERS_KEY), filter_state())
        self.settings.sync()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("F&ile"))
        self.file_actions = FileActions(self, sqlite_path(self._database.url), self.settings)
        self.file_actions.add_to(file_menu)
        file_menu.addSeparator()
        menu = self.menuBar().addMenu(self.tr("&Account"))
        self.change_password_action = QAction(self.tr("&Change password…"), self)
        self.change_password_action.triggered.connect(self.change_password)
        self.sign_out_action = QAction(self.tr("&Sign out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addActions([self.change_password_action, self.sign_out_action])
        self.language_menu = menu.addMenu(language_menu(self, self.change_language))
        file_menu.addAction(quit_action)
        self.about_action = QAction(self.tr("&About pmsdesk"), self)
        self.about_action.triggered.connect(self.show_about)
        self.menuBar().addMenu(self.tr("&Help")).addAction(self.about_action)

    def show_about(self) -> QMessageBox:
        """Help → About: version, database and log file (what support asks for first)."""
        from .about import show_about

        return show_about(self, str(sqlite_path(self._database.url) or self._database.engine.url))

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.operations, self.actor, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(self.tr("Your password was changed."), 8000))
        dialog.open()
        return dialog

    def change_language(self, code: str) -> None:
        """Keep ``code`` as this user's language and build the window again in it, at the same screen."""
        if code == current_language() or not self.confirm_discarding(self.tr("change the language")):
            for action in self.language_menu.menu().actions():  # the tick goes back to the language in force
                action.setChecked(action.data() == current_language())
            return
        keep_user_language(self.settings, self.actor.username, code)
        apply_language(code)
        self._discard_confirmed = True
        self.language_changed = True
        self.rebuild_requested.emit()
        self.close()

    def sign_out(self) -> None:
        if not self.confirm_discarding(self.tr("sign out")):
            return
        self._discard_confirmed = True
        self.signed_out = True
        self.sign_out_requested.emit()
        self.close()

    def _reopen_after_restore(self, message: str) -> None:
        """The file under this window was replaced: nothing may keep using the old connection."""
        QMessageBox.information(self, self.tr("Database restored"), message)
        self._discard_confirmed = True
        self.signed_out = self.reopen_database = True
        self.sign_out_requested.emit()
        self.close()

    def _initial_size(self) -> QSize:
        available = self.screen().availableGeometry().size()
        return PREFERRED_SIZE.boundedTo(available).expandedTo(MINIMUM_SIZE)

    def _show_organisation(self, organisation: OrganisationSummary | None) -> None:
        demo = self.tr("DEMO — ") if self.demo_notice else ""
        if self.head_office is not None:
            office = self.head_office.get("name") or self.head_office.get("code", "")
            self.setWindowTitle(self.tr("pmsdesk — {0}{1} (head office) — {2}").format(demo, office, self.actor.username))
            if organisation is None:
                self.statusBar().showMessage(self.tr("No office has sent a package yet: import offices' packages on the "
                                             "Sync screen."))
            else:
                self.statusBar().clearMessage()
            return
        if organisation is None:
            self.setWindowTitle(self.tr("pmsdesk — {0}no organisation — {1}").format(demo, self.actor.username))
            self.statusBar().showMessage(
                self.tr("This database holds no organisation yet. Open it with pmsdesk again to set yours up, "
                "or run 'pmsdesk init --db <file>'.")
            )
        else:
            self.setWindowTitle(self.tr("pmsdesk — {0}{1} — {2}").format(demo, organisation.name, self.actor.username))
            self.statusBar().clearMessage()

    def _data_changed(self, tables: frozenset[str]) -> None:
        """Work committed changes: every other open screen reloads when next shown, unless it holds edits.

        The screen in front did the work and shows its outcome; the year list reloads when years
        or organisations changed (an SDBIP import creates its year).
        """
        current = self.current_key()
        for key, screen in self._built.items():
            describe = getattr(screen, "unsaved_changes", None)
            if key != current and not (describe is not None and describe()):
                self._shown.pop(key, None)
        if tables & YEAR_TABLES:
            had_one = self.selector.organisation() is not None
            self.selector.refresh_quietly()
            if not had_one and self.selector.organisation() is not None:
                self.selector.reload()  # the first organisation arrived (head office's first package): show it

    def _name_screens(self, words: Vocabulary) -> None:
        """Navigation titles in the words of the organisation shown ("Import SDBIP" in South Africa only)."""
        for row, entry in enumerate(self.entries):
            title = translated(title_in(entry, words))
            self.navigation.item(row).setText(title)
            if row < 9:
                self.navigation.item(row).setToolTip(self.tr("{0} (Ctrl+{1})").format(title, row + 1))

    def _show_year(self, year: FinancialYearSummary | None) -> None:
        """Another organisation or year was chosen: screens reload it when next shown.

        Reloading throws away a screen's edits, so the user is asked first; "Go
        back" puts the previous organisation and year back in the selector.
        """
        if self._year is not None and year != self._year and not self.confirm_discarding(self.tr("change the year")):
            self.selector.select_quietly(self._year)
            return
        self._year = year
        self._name_screens(vocabulary_for(year.country if year else None))
        self._shown.clear()
        # The user agreed to lose the edits: screens holding them reload now, not only when shown
        # again, or their stale edits would be asked about at every later year change and sign-out.
        for key, screen in self._built.items():
            describe = getattr(screen, "unsaved_changes", None)
            if describe is not None and describe():
                screen.show_year(year)
                self._shown[key] = year
        self._open_row(self.navigation.currentRow())
