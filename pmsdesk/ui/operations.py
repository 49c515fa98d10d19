"""Database work off the GUI thread, behind one small API.

A screen hands ``Operations.run`` a function of a ``WorkContext`` and says
what to do with the result or the error; both callbacks always run on the GUI
thread. Each piece of work opens its own database session in the thread that
runs it, so no Session is ever shared between threads. Work runs one piece at
a time (a single worker), which keeps SQLite writes in order.

``ImmediateOperations`` has the same API and runs the work at once in the
calling thread: tests use it so they need not wait for threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from pmsdesk.db import Database

T = TypeVar("T")
#: How long work may run before a progress dialog appears.
PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised by ``WorkContext.check_cancelled`` once the user pressed Cancel."""


@dataclass
class WorkContext:
    """What a piece of work gets: its own session, and a way to notice a cancel."""

    session: Session
    _cancel: threading.Event = field(default_factory=threading.Event)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        """Call between steps (before committing) so a cancel leaves nothing half-written."""
        if self._cancel.is_set():
            raise Cancelled()


Work = Callable[[WorkContext], T]


@dataclass
class Operation(Generic[T]):
    """One piece of work and its callbacks; ``cancel()`` asks it to stop and drops its result."""

    work: Work
    on_success: Callable[[T], Any]
    on_failure: Callable[[Exception], Any] | None
    label: str
    cancellable: bool
    finished: bool = False
    #: The window that asked has closed: the work still finishes (a save commits), nobody is told.
    abandoned: bool = False
    dialog: QProgressDialog | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class Operations(QObject):
    """Runs work in one background thread; results come back to the GUI thread by signal."""

    _delivered = Signal(object, object, object)  # operation, result, error

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[_Job] = set()
        self._delivered.connect(self._deliver)  # receiver lives in the GUI thread: a queued call
        self.progress_parent: QWidget | None = None

    def run(
        self,
        work: Work[T],
        on_success: Callable[[T], Any],
        on_failure: Callable[[Exception], Any] | None = None,
        *,
        label: str = "Working…",
        cancellable: bool = False,
    ) -> Operation[T]:
        """Start ``work``; ``on_success(result)`` or ``on_failure(error)`` follows on the GUI thread.

        Without ``on_failure`` an error propagates from the GUI thread like any
        other (a bug, not a message for the user). A cancelled operation calls neither.
        """
        operation = Operation(work, on_success, on_failure, label, cancellable)
        self._start(operation)
        return operation

    def is_idle(self) -> bool:
        """No work is running or waiting to deliver its result."""
        return not self._running

    def abandon_all(self) -> None:
        """The screens that started the running work are going away (their window closed)."""
        for job in self._running:
            job.operation.abandoned = True

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued work is done (shutting down, tests)."""
        return self._pool.waitForDone(msecs)

    def _start(self, operation: Operation) -> None:
        job = _Job(self, operation)
        self._running.add(job)
        QTimer.singleShot(PROGRESS_DELAY_MS, self, lambda: self._show_progress(operation))
        self._pool.start(job)

    def _execute(self, operation: Operation) -> tuple[Any, Exception | None]:
        """Runs in the worker: one fresh session for this piece of work."""
        try:
            with self._database.session() as session:
                return operation.work(WorkContext(session, operation._cancel)), None
        except Exception as error:  # handed to the GUI thread, where on_failure decides
            return None, error

    def _finish(self, job: _Job, result: Any, error: Exception | None) -> None:
        self._delivered.emit(job, result, error)

    @Slot(object, object, object)
    def _deliver(self, job: Any, result: Any, error: Exception | None) -> None:
        self._running.discard(job)
        self._complete(job.operation, result, error)

    def _complete(self, operation: Operation, result: Any, error: Exception | None) -> None:
        operation.finished = True
        if operation.dialog is not None:
            if operation.dialog.wasCanceled():
                operation.cancel()
            operation.dialog.reset()
            operation.dialog.deleteLater()
            operation.dialog = None
        if operation.cancelled or operation.abandoned or isinstance(error, Cancelled):
            return
        if error is None:
            operation.on_success(result)
        elif operation.on_failure is not None:
            operation.on_failure(error)
        else:
            raise error

    def _show_progress(self, operation: Operation) -> None:
        if operation.finished:
            return
        dialog = QProgressDialog(operation.label, "Cancel" if operation.cancellable else "", 0, 0,
                                 self.progress_parent)
        dialog.setWindowTitle("pmsdesk")
        dialog.setMinimumDuration(0)
        if not operation.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(operation.cancel)
        operation.dialog = dialog
        dialog.show()


class _Job(QRunnable):
    def __init__(self, owner: Operations, operation: Operation) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.owner = owner
        self.operation = operation

    def run(self) -> None:
        result, error = self.owner._execute(self.operation)
        self.owner._finish(self, result, error)


class ImmediateOperations(Operations):
    """The same API, run at once in the calling thread; for tests and scripts."""

    def _start(self, operation: Operation) -> None:
        result, error = self._execute(operation)
        self._complete(operation, result, error)
