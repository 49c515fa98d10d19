"""Database work off the GUI thread, behind one small API.

A screen hands ``Operations.run`` a function of a ``WorkContext`` and says
what to do with the result or the error; both callbacks always run on the GUI
thread. Each piece of work opens its own database session in the thread that
runs it, so no Session is ever shared between threads. Work runs one piece at
a time (a single worker), which keeps SQLite writes in order.

Work reports how far it is through ``WorkContext.report`` (or hands
``context.progress`` to a core function); the progress dialog shows it, and
its Cancel stops the work at the next report, rolling the session back. Every
piece of work that committed rows emits ``data_changed`` with the tables it
wrote, so open screens can refresh.

``ImmediateOperations`` has the same API and runs the work at once in the
calling thread: tests use it so they need not wait for threads.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from pmsdesk.committed import watch_writes
from pmsdesk.db import WAITING_MESSAGE, Database, DatabaseError, is_busy, retry_while_busy
from pmsdesk.progress import Cancelled, Progress
from pmsdesk.services.errors import DatabaseBusy, ServiceError
from pmsdesk.ui.translation import QT_TR_NOOP

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

T = TypeVar("T")
#: How long work may run before a progress dialog appears.
PROGRESS_DELAY_MS = 500


__all__ = ["Cancelled", "ImmediateOperations", "Operation", "Operations", "WorkContext"]


@dataclass
class WorkContext:
    """What a piece of work gets: its own session, a way to say how far it is, and to notice a cancel."""

    session: Session
    _cancel: threading.Event = field(default_factory=threading.Event)
    _report: Callable[[int, int, str], None] = lambda _done, _total, _sentence: None

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        """Call between steps (before committing) so a cancel leaves nothing half-written."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int, sentence: str) -> None:
        """Show ``done`` of ``total`` and ``sentence`` in the progress dialog; raises Cancelled after Cancel."""
        self.check_cancelled()
        self._report(done, total, sentence)

    @property
    def progress(self) -> Progress:
        """``report`` as the core's ``Progress`` callback."""
        return self.report


Work = Callable[[WorkContext], T]


@dataclass
class Operation(Generic[T]):
    """One piece of work and its callbacks; ``cancel()`` asks it to stop and drops its result."""

    work: Work
    on_success: Callable[[T], Any]
    on_failure: Callable[[Exception], Any] | None
    label: str
    cancellable: bool
    on_cancelled: Callable[[], Any] | None = None
    finished: bool = False
    #: The last (done, total, sentence) the work reported, shown when the dialog appears.
    progress: tuple[int, int, str] | None = None
    #: Tables the work wrote and committed, for ``data_changed``.
    changed: frozenset[str] = frozenset()
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
    _progressed = Signal(object, int, int, str)  # operation, done, total, sentence
    #: The names of the tables a finished piece of work committed changes to (a frozenset).
    data_changed = Signal(object)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running: set[_Job] = set()
        self._delivered.connect(self._deliver)  # receiver lives in the GUI thread: a queued call
        self._progressed.connect(self._show_step)
        self.progress_parent: QWidget | None = None
        #: How long work waits, in all, for another pmsdesk holding the write lock (None: the core's default).
        self.busy_limit_seconds: float | None = None

    def run(
        self,
        work: Work[T],
        on_success: Callable[[T], Any],
        on_failure: Callable[[Exception], Any] | None = None,
        *,
        label: str = QT_TR_NOOP("Working…"),
        cancellable: bool = False,
        on_cancelled: Callable[[], Any] | None = None,
    ) -> Operation[T]:
        """Start ``work``; ``on_success(result)`` or ``on_failure(error)`` follows on the GUI thread.

        Without ``on_failure`` an error propagates from the GUI thread like any
        other (a bug, not a message for the user: the crash dialog shows it). A
        cancelled operation calls only ``on_cancelled``, after its rollback.
        """
        operation = Operation(work, on_success, on_failure, label, cancellable, on_cancelled)
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
        """Runs in the worker: one fresh session for this piece of work.

        While another pmsdesk holds the write lock the work waits and runs again
        (the progress dialog says so), as the command line does, but only while
        it has committed nothing: a second attempt must not repeat a first step.
        """
        try:
            with self._database.session() as session:
                writes = watch_writes(session)
                context = WorkContext(session, operation._cancel, lambda *step: self._step(operation, *step))

                def attempt() -> Any:
                    context.check_cancelled()
                    return operation.work(context)

                result = retry_while_busy(attempt, session=session, limit_seconds=self.busy_limit_seconds,
                                          on_wait=lambda: self._step(operation, 0, 0, WAITING_MESSAGE),
                                          retry_if=lambda: not writes.commits)
                operation.changed = frozenset(writes.tables)
                return result, None
        except DatabaseError as error:  # waited the whole limit: the screens show a ServiceError's words
            return None, _gave_up_waiting(error)
        except Exception as error:  # handed to the GUI thread, where on_failure decides
            if is_busy(error) and not isinstance(error, DatabaseBusy):
                return None, DatabaseBusy()  # the lock, in words, whatever layer met it
            return None, error

    def _step(self, operation: Operation, done: int, total: int, sentence: str) -> None:
        operation.progress = (done, total, sentence)
        self._progressed.emit(operation, done, total, sentence)

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
        if operation.changed:
            self.data_changed.emit(operation.changed)
        if isinstance(error, Cancelled):
            log.info("%s cancelled; rolled back", operation.label)
            if operation.on_cancelled is not None and not operation.abandoned:
                operation.on_cancelled()
            return
        if operation.cancelled or operation.abandoned:
            return
        if error is None:
            operation.on_success(result)
            return
        if isinstance(error, ServiceError):
            log.warning("%s refused: %s", operation.label.rstrip("…"), error)
        else:
            log.error("%s failed", operation.label.rstrip("…"), exc_info=error)
        if operation.on_failure is not None:
            operation.on_failure(error)
        else:
            raise error

    def _show_progress(self, operation: Operation) -> None:
        if operation.finished:
            return
        dialog = QProgressDialog(operation.label, self.tr("Cancel") if operation.cancellable else "", 0, 0,
                                 self.progress_parent)
        dialog.setWindowTitle("pmsdesk")
        dialog.setMinimumDuration(0)
        dialog.setAutoReset(False)  # done == total must not close it before the work has committed
        dialog.setAutoClose(False)
        if not operation.cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(operation.cancel)
        operation.dialog = dialog
        if operation.progress is not None:
            self._show_step(operation, *operation.progress)
        dialog.show()

    @Slot(object, int, int, str)
    def _show_step(self, operation: Any, done: int, total: int, sentence: str) -> None:
        dialog = operation.dialog
        if dialog is None or operation.finished:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        dialog.setLabelText(f"{operation.label}\n{sentence}" if sentence else operation.label)


def _gave_up_waiting(error: DatabaseError) -> DatabaseBusy:
    text = str(error)
    return DatabaseBusy(text[:1].upper() + text[1:])


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
