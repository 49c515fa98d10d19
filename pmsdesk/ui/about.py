"""Help → About: the version, the database and the log file, which is what support asks for first."""

from __future__ import annotations

import platform

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from pmsdesk import __version__
from pmsdesk.logs import log_path


def about_text(database: str) -> str:
    return (QCoreApplication.translate("about",
            "<h3>pmsdesk {0}</h3><p>Offline performance management for municipalities, counties and "
            "local government authorities.</p><p><b>Database:</b> {1}<br><b>Log file:</b> "
            "{2}<br><b>System:</b> {3}, Python {4}</p><p>When something goes wrong, send the log file to "
            "whoever supports pmsdesk for your office.</p>").format(__version__,
            database,
            log_path(),
            platform.platform(),
            platform.python_version()))


def show_about(parent: QWidget, database: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, parent.tr("About pmsdesk"), about_text(database),
                      QMessageBox.StandardButton.Close, parent)
    box.open()
    return box
