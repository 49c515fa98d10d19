"""The first question on a machine without a database: set up my organisation, or explore the demo?"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class StartChoice(Enum):
    SET_UP = "set up"
    DEMO = "demo"


class StartChoiceDialog(QDialog):
    """Two doors; ``choice`` says which was taken (None: closed)."""

    def __init__(self, database_path: str, demo_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: StartChoice | None = None
        self.setWindowTitle(self.tr("Welcome to pmsdesk"))
        heading = QLabel(self.tr("<h3>Welcome to pmsdesk</h3>There is no pmsdesk database on this computer yet."),
                         self)
        self.set_up = QPushButton(self.tr("&Set up my organisation"), self)
        self.set_up.setDefault(True)
        set_up_text = QLabel(self.tr("Your municipality, county or council with its own name, first financial year "
                                     "and administrator account. Saved in {0}.").format(database_path), self)
        self.demo = QPushButton(self.tr("&Explore the demo"), self)
        demo_text = QLabel(self.tr("A made-up municipality with a year of KPIs, actuals and agreements, to try "
                                   "pmsdesk out. Everything it shows and prints says DEMO. Saved separately in "
                                   "{0}.").format(demo_path), self)
        for text in (set_up_text, demo_text):
            text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.set_up)
        layout.addWidget(set_up_text)
        layout.addSpacing(12)
        layout.addWidget(self.demo)
        layout.addWidget(demo_text)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.set_up.clicked.connect(lambda: self._choose(StartChoice.SET_UP))
        self.demo.clicked.connect(lambda: self._choose(StartChoice.DEMO))
        buttons.rejected.connect(self.reject)

    def _choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()
