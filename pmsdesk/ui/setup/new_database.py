"""The set-up a new database gets, by what it is for: shared by the first start and File → New…."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pmsdesk.db import Database

from ..operations import Operations
from .head_office_dialog import HeadOfficeDialog
from .start_choice import StartChoice
from .wizard import SetupWizard


def set_up_dialog(choice: StartChoice, database: Database, operations: Operations,
                  parent: QWidget | None = None) -> SetupWizard | HeadOfficeDialog:
    """The day-one wizard for an office, or head office's form; either has ``actor`` once accepted."""
    if choice is StartChoice.HEAD_OFFICE:
        return HeadOfficeDialog(database, operations, parent)
    return SetupWizard(database, operations, parent)
