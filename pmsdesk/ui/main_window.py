"""The main window: organisation and year at the top, screens listed on the left."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QSize, Qt
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
from pmsdesk.services.register import FinancialYearSummary, OrganisationSummary

from .register import KpiRegisterView
from .year_selector import YearSelector

#: Fits a 1366×768 laptop with a task bar; larger screens get a little more.
PREFERRED_SIZE = QSize(1360, 860)
MINIMUM_SIZE = QSize(960, 600)
NAVIGATION_WIDTH = 130
NAVIGATION_STYLE = """
QListWidget#navigation { background: palette(window); border: none; }
QListWidget#navigation::item { padding: 7px 6px; }
"""


class Screen(Protocol):
    """What the main window needs from a screen in the navigation list."""

    title: str

    def show_year(self, year: FinancialYearSummary | None) -> None: ...


class MainWindow(QMainWindow):
    """Holds the screens; each one shows the year chosen in the selector."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._shown: dict[int, FinancialYearSummary | None] = {}
        self.selector = YearSelector(database, self)
        self.register = KpiRegisterView(database, self)
        self.screens: list[Screen] = [self.register]

        toolbar = QToolBar("Organisation and year", self)
        toolbar.setObjectName("context-toolbar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.addWidget(self.selector)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

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
        splitter.setSizes([NAVIGATION_WIDTH, PREFERRED_SIZE.width() - NAVIGATION_WIDTH])
        self.navigation.setMinimumWidth(110)
        self.setCentralWidget(splitter)
        self.centralWidget().setContentsMargins(6, 6, 6, 0)

        location = sqlite_path(database.url) or database.engine.url.render_as_string(hide_password=True)
        database_label = QLabel(f"Database: {location}", self)
        database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(database_label)

        self.selector.organisation_changed.connect(self._show_organisation)
        self.selector.year_changed.connect(self._show_year)
        self.navigation.currentRowChanged.connect(self._open_screen)
        self.navigation.setCurrentRow(0)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(self._initial_size())
        self.selector.reload()

    def _initial_size(self) -> QSize:
        available = self.screen().availableGeometry().size()
        return PREFERRED_SIZE.boundedTo(available).expandedTo(MINIMUM_SIZE)

    def _show_organisation(self, organisation: OrganisationSummary | None) -> None:
        if organisation is None:
            self.setWindowTitle("pmsdesk — no organisation")
            self.statusBar().showMessage(
                "This database holds no organisation yet. Create the demo with 'pmsdesk demo --db <file>'."
            )
        else:
            self.setWindowTitle(f"pmsdesk — {organisation.name}")
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
