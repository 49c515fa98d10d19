"""The open database and its window: File → New… and Open… replace both without leaving the app.

The app's start-up and sign-in loop (``app.py``) and the tests hold one ``Desk``. Replacing the
database shows the new window first (so the app does not end with its last window), then closes the
old one, lets its background work finish and closes its connections: nothing keeps using the old file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from pmsdesk.db import Database
from pmsdesk.services.actor import Actor

from .main_window import MainWindow
from .operations import Operations


class Desk(QObject):
    """Holds ``database``, ``operations``, ``target`` (its path or URL) and the ``window`` on them."""

    def __init__(self, database: Database, operations: Operations, target: str,
                 on_sign_out: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.database = database
        self.operations = operations
        self.target = target
        self.window: MainWindow | None = None
        self._on_sign_out = on_sign_out

    def show(self, actor: Actor) -> MainWindow:
        """A main window on the current database for ``actor``, shown."""
        window = MainWindow(self.database, actor, self.operations)
        if self._on_sign_out is not None:
            window.sign_out_requested.connect(self._on_sign_out)
            window.rebuild_requested.connect(self._on_sign_out)  # another language: the app builds the window again
        window.file_actions.opened.connect(self.replace)
        window.show()
        self.window = window
        return window

    def replace(self, database: Database, operations: Operations, actor: Actor, target: str) -> MainWindow:
        """Work in ``database`` from now on, signed in as ``actor``; the old window and connections close.

        The person already agreed to lose unsaved edits when they chose New… or Open….
        """
        old_window, old_database, old_operations = self.window, self.database, self.operations
        self.database, self.operations, self.target = database, operations, target
        window = self.show(actor)
        if old_window is not None:
            old_window.discard_edits_and_close()
            old_window.deleteLater()
        old_operations.wait()
        old_database.dispose()
        return window

    def close(self) -> None:
        """The app ends: background work finishes and the connections close."""
        self.operations.wait()
        self.database.dispose()
