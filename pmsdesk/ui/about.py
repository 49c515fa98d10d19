"""Help → About: the version, the database and the log file, which is what support asks for first."""

from __future__ import annotations

import platform

from PySide6.QtWidgets import QMessageBox, QWidget

from pmsdesk import __version__
from pmsdesk.logs import log_path


def about_text(database: str) -> str:
    return (f"<h3>pmsdesk {__version__}</h3>"
            "<p>Offline performance management for municipalities, counties and local government authorities.</p>"
            f"<p><b>Database:</b> {database}<br><b>Log file:</b> {log_path()}<br>"
            f"<b>System:</b> {platform.platform()}, Python {platform.python_version()}</p>"
            "<p>When something goes wrong, send the log file to whoever supports pmsdesk for your office.</p>")


def show_about(parent: QWidget, database: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, parent.tr("About pmsdesk"), about_text(database),
                      QMessageBox.StandardButton.Close, parent)
    box.open()
    return box
