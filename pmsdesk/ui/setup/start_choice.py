"""What a new database is for: an office's organisation, a head office, or (on a new computer) the demo.

Asked on a machine without a database and by File → New…; the same doors lead to the same set-up.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class StartChoice(Enum):
    SET_UP = "set up"
    HEAD_OFFICE = "head office"
    DEMO = "demo"


class StartChoiceDialog(QDialog):
    """Two or three doors; ``choice`` says which was taken (None: closed).

    Without ``demo_path`` (File → New…) the demo is not offered: a new file is for real work.
    """

    def __init__(self, database_path: str, demo_path: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: StartChoice | None = None
        first_run = demo_path is not None
        self.setWindowTitle(self.tr("Welcome to pmsdesk") if first_run else self.tr("New database — pmsdesk"))
        heading = QLabel(self.tr("<h3>Welcome to pmsdesk</h3>There is no pmsdesk database on this computer yet.")
                         if first_run else
                         self.tr("<h3>What is the new database for?</h3>It is saved in {0}.").format(database_path),
                         self)
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        saved = self.tr(" Saved in {0}.").format(database_path) if first_run else ""
        self.set_up = self._door(layout, StartChoice.SET_UP, self.tr("&Set up my organisation") if first_run
                                 else self.tr("An &office: a municipality, county or council"),
                                 self.tr("Your municipality, county or council with its own name, first financial "
                                         "year and administrator account.") + saved)
        self.set_up.setDefault(True)
        self.head_office = self._door(layout, StartChoice.HEAD_OFFICE, self.tr("A &head office"),
                                      self.tr("A provincial or national department that imports packages from "
                                              "offices and compares them: its code, name and administrator.")
                                      + saved)
        if first_run:
            self.demo = self._door(layout, StartChoice.DEMO, self.tr("&Explore the demo"),
                                   self.tr("A made-up municipality with a year of KPIs, actuals and agreements, to "
                                           "try pmsdesk out. Everything it shows and prints says DEMO. Saved "
                                           "separately in {0}.").format(demo_path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close if first_run
                                   else QDialogButtonBox.StandardButton.Cancel, self)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        buttons.rejected.connect(self.reject)

    def _door(self, layout: QVBoxLayout, choice: StartChoice, title: str, text: str) -> QPushButton:
        if layout.count() > 1:
            layout.addSpacing(12)
        button = QPushButton(title, self)
        description = QLabel(text, self)
        description.setWordWrap(True)
        layout.addWidget(button)
        layout.addWidget(description)
        button.clicked.connect(lambda: self._choose(choice))
        return button

    def _choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()
