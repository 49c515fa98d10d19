"""The main window: organisation and year at the top, the screens the user's roles allow on the left."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from pmsdesk.db import Database, sqlite_path
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.register import FinancialYearSummary, OrganisationSummary
from pmsdesk.services.worklists import statuses_to_review

from .operations import Operations
from .importing import SdbipImportView
from .register import KpiRegisterView
from .reporting import ReportingView
from .sign_in import ChangePasswordDialog
from .sync import SyncView
from .verification import VerificationView
from .year_selector import YearSelector

#: Fits a 1366×768 laptop with a task bar; larger screens get a little more.
PREFERRED_SIZE = QSize(1360, 860)
MINIMUM_SIZE = QSize(960, 600)
NAVIGATION_WIDTH = 130
NAVIGATION_STYLE = """
QListWidget#navigation { background: palette(window); border: none; }
QListWidget#navigation::item { padding: 7px 6px; }
"""
ROLE_LABELS = {
    "administrator": "administrator", "pms_officer": "PMS officer", "capturer": "capturer",
    "verifier": "verifier", "approver": "approver", "read_only": "read-only",
}


class Screen(Protocol):
    """What the main window needs from a screen in the navigation list."""

    title: str

    def show_year(self, year: FinancialYearSummary | None) -> None: ...


def who(actor: Actor) -> str:
    """'capturer (capturer)', 'admin (administrator)' for the status bar."""
    roles = ", ".join(dict.fromkeys(ROLE_LABELS.get(grant.role.value, grant.role.value) for grant in actor.grants))
    return f"{actor.username} ({roles})" if roles else actor.username


class MainWindow(QMainWindow):
    """Holds the screens; each one shows the year chosen in the selector."""

    #: The user chose Account ▸ Sign out; the window closes itself after emitting it.
    sign_out_requested = Signal()

    def __init__(self, database: Database, actor: Actor, operations: Operations | None = None,
                 parent: QWidget | None = None) -> None:
        """``operations`` runs database work off the GUI thread; by default one owned by this window."""
        super().__init__(parent)
        self._database = database
        self.actor = actor
        self.operations = operations = operations or Operations(database, self)
        operations.progress_parent = self
        self.signed_out = False
        self._shown: dict[int, FinancialYearSummary | None] = {}
        self.selector = YearSelector(database, self)
        self.register = KpiRegisterView(database, self)
        # Only screens the actor's roles can use are built; the services check permissions anyway.
        self.reporting = (ReportingView(operations, actor, self)
                          if Permission.CAPTURE_ACTUALS in actor.unit_scopes else None)
        self.verification = VerificationView(operations, actor, self) if statuses_to_review(actor) else None
        self.importing = SdbipImportView(operations, actor, self) if actor.can(Permission.MANAGE_KPIS) else None
        self.sync = SyncView(operations, actor, self) if actor.can(Permission.MANAGE_FRAMEWORK) else None
        self.screens: list[Screen] = [s for s in (self.register, self.reporting, self.verification,
                                                  self.importing, self.sync) if s]

        toolbar = QToolBar("Organisation and year", self)
        toolbar.setObjectName("context-toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.addWidget(self.selector)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self._build_menu()

        self.navigation = QListWidget(self)
        self.navigation.setAccessibleName("Screens")
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.stack = QStackedWidget(self)
        for screen in self.screens:
            self.navigation.addItem(screen.title)
            self.stack.addWidget(screen)  # type: ignore[arg-type]
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

        location = sqlite_path(database.url) or database.engine.url.render_as_string(hide_password=True)
        self.user_label = QLabel(f"Signed in as {who(actor)}", self)
        database_label = QLabel(f"Database: {location}", self)
        database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(database_label)

        self.selector.organisation_changed.connect(self._show_organisation)
        self.selector.year_changed.connect(self._show_year)
        self.navigation.currentRowChanged.connect(self._open_screen)
        self.navigation.setCurrentRow(0)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(self._initial_size())
        self.selector.reload()

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Account")
        self.change_password_action = QAction("&Change password…", self)
        self.change_password_action.triggered.connect(self.change_password)
        self.sign_out_action = QAction("&Sign out", self)
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addActions([self.change_password_action, self.sign_out_action])
        menu.addSeparator()
        menu.addAction(quit_action)

    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.operations, self.actor, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage("Your password was changed.", 8000))
        dialog.open()
        return dialog

    def sign_out(self) -> None:
        self.signed_out = True
        self.sign_out_requested.emit()
        self.close()

    def open_screen(self, screen: Screen) -> None:
        """Show ``screen`` as if chosen in the navigation list."""
        self.navigation.setCurrentRow(self.screens.index(screen))

    def _initial_size(self) -> QSize:
        available = self.screen().availableGeometry().size()
        return PREFERRED_SIZE.boundedTo(available).expandedTo(MINIMUM_SIZE)

    def _show_organisation(self, organisation: OrganisationSummary | None) -> None:
        if organisation is None:
            self.setWindowTitle(f"pmsdesk — no organisation — {self.actor.username}")
            self.statusBar().showMessage(
                "This database holds no organisation yet. Create the demo with 'pmsdesk demo --db <file>'."
            )
        else:
            self.setWindowTitle(f"pmsdesk — {organisation.name} — {self.actor.username}")
            self.statusBar().clearMessage()

    def _show_year(self, year: FinancialYearSummary | None) -> None:
        self._shown.clear()
        self._open_screen(self.stack.currentIndex())

    def _open_screen(self, index: int) -> None:
        """Show screen ``index``, loading the selected year into it if it shows another."""
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        year = self.selector.year()
        if index not in self._shown or self._shown[index] != year:
            self.screens[index].show_year(year)
            self._shown[index] = year
