"""Backups of the database file: when and why each was taken, back up now, restore one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk import backups, restores
from pmsdesk.backups import BackupError, BackupInfo
from pmsdesk.db import known_revisions, sqlite_path
from pmsdesk.restores import RestoreNeedsConfirmation
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.ui.operations import Operations, WorkContext
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.status import file_size
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from ..translation import translated
from .parts import Notice, ReasonDialog, a_moment, confirm

POSTGRES_NOTE = (QT_TR_NOOP("This database is on a PostgreSQL server, so pmsdesk does not back it up itself. "
                 "Back it up with <b>pg_dump</b> every day and keep copies off the server; "
                 "docs/HEAD_OFFICE.md (section 5) shows the commands."))


class BackupsModel(RowTableModel[BackupInfo]):
    WHEN, WHY, SIZE, FILE = range(4)

    columns = (
        TableColumn(QT_TR_NOOP("Taken"), lambda b: a_moment(b.taken_at), lambda b: b.taken_at, 150),
        TableColumn(QT_TR_NOOP("Why"), lambda b: b.reason_label, lambda b: b.reason_label, 200),
        TableColumn(QT_TR_NOOP("Size"), lambda b: file_size(b.size), lambda b: b.size, 90, right_aligned=lambda _b: True),
        TableColumn(QT_TR_NOOP("File"), lambda b: b.path.name, lambda b: b.path.name, 300, tooltip=lambda b: str(b.path),
                    elide_middle=True),
    )


def database_file(context: WorkContext) -> Path | None:
    """The SQLite file the app works on, or None on PostgreSQL."""
    return sqlite_path(context.session.get_bind().engine.url.render_as_string(hide_password=True))


class BackupsTab(QWidget):
    """Lists the file's backups; takes one now; restores one after checking it."""

    #: A backup was restored: the app must stop using its connections and open the database again.
    restart_requested = Signal(str)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.database: Path | None = None
        self.model = BackupsModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, BackupsModel.FILE, self)
        self.table.setAccessibleName(self.tr("Backups"))
        self.table.sortByColumn(BackupsModel.WHEN, Qt.SortOrder.DescendingOrder)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.back_up = QPushButton(self.tr("Back up &now"), self)
        self.restore = QPushButton(self.tr("&Restore…"), self)
        self.restore.setToolTip(self.tr("Replace the database with the chosen backup (the current one is backed up first)"))
        self.notice = Notice(self, self.tr("Outcome"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.back_up)
        buttons.addWidget(self.restore)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.back_up.clicked.connect(self.back_up_now)
        self.restore.clicked.connect(self.restore_chosen)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def load(self) -> None:
        def read(context: WorkContext) -> tuple[Path | None, list[BackupInfo]]:
            path = database_file(context)
            return path, backups.list_backups(path) if path else []

        self._operations.run(read, lambda found: self._show(*found), self._refused, label=self.tr("Listing the backups…"))

    def _show(self, database: Path | None, found: list[BackupInfo]) -> None:
        self.database = database
        self.model.set_rows(found)
        if database is None:
            self.heading.setText(translated(POSTGRES_NOTE))
        else:
            self.heading.setText(self.tr(
                    "{0} of <b>{1}</b>, kept in {2}. pmsdesk backs up when the "
                    "database is opened (at most twice a day) and before every "
                    "upgrade, and keeps the newest {3}.").format(count_of(len(found), 'backup'),
                    database,
                    backups.backup_folder(database),
                    backups.DEFAULT_KEEP))
        self.table.setVisible(database is not None)
        self._enable()

    def _enable(self) -> None:
        self.back_up.setVisible(self.database is not None)
        self.restore.setVisible(self.database is not None and self._actor.can(Permission.RESTORE))
        self.restore.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_backup(self, path: Path) -> bool:
        self.model.fetch_all()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).path == path:
                self.table.selectRow(row)
                return True
        return False

    def _backed_up(self, made: Path) -> None:
        self.notice.done(self.tr("Backed up to {0}.").format(made.name))
        self.load()

    def back_up_now(self) -> None:
        database, actor = self.database, self._actor
        if database is None:
            return
        self._operations.run(lambda context: backups.back_up_for(actor, database, progress=context.progress),
                             lambda made: self._backed_up(made),
                             self._refused, label=self.tr("Backing up…"), cancellable=True,
                             on_cancelled=lambda: self.notice.done(self.tr("Backup cancelled: no file was kept.")))

    def restore_chosen(self) -> None:
        backup, database, actor = self.chosen(), self.database, self._actor
        if backup is None or database is None:
            return
        if not confirm(self, self.tr("Restore a backup"),
                       self.tr("Replace the database with the backup taken {when}?\n\n"
                               "Everything saved since then is replaced. The database as it is now is backed up "
                               "first, and you will be signed out so the app can open the restored database.")
                       .format(when=a_moment(backup.taken_at))):
            return
        self._operations.run(
            lambda _context: restores.restore(actor, backup.path, database, known_revisions=known_revisions()),
            lambda _result: self._restored(backup), self._refused, label=self.tr("Checking and restoring the backup…"))

    def _restored(self, backup: BackupInfo) -> None:
        self.restart_requested.emit(self.tr("The database was restored from the backup taken {when}. "
                                            "Sign in again to go on working with it.").format(when=a_moment(backup.taken_at)))

    def open_forced_restore(self, backup: BackupInfo, differences: tuple[str, ...]) -> ReasonDialog:
        """The backup differs from the database: say how, and restore only with a reason."""
        database, actor = self.database, self._actor
        if database is None:  # only a restore into a database file is checked against it
            raise RuntimeError("a backup was compared with no database file")  # not translated

        def restore_anyway(_session, reason: str):
            if not reason.strip():
                raise ValidationError.single("reason", self.tr("say why this backup must be restored although it differs"))
            return restores.restore(actor, backup.path, database, known_revisions=known_revisions(),
                                    force_reason=reason)

        listed = "\n".join(f"• {difference[0].upper()}{difference[1:]}." for difference in differences)
        dialog = ReasonDialog(
            self._operations, self.tr("Restore a backup that differs"),
            self.tr("This backup differs from the database you are working on:\n{listed}\n\n"
                    "Restore it only if you are sure it is the right one. Your reason is kept in the audit trail.")
            .format(listed=listed),
            restore_anyway, self, ok_text=self.tr("&Restore anyway"))
        dialog.accepted.connect(lambda: self._restored(backup))
        dialog.open()
        return dialog

    def _refused(self, error: Exception) -> None:
        backup = self.chosen()
        if isinstance(error, RestoreNeedsConfirmation) and backup is not None:
            self.open_forced_restore(backup, error.differences)
        elif isinstance(error, BackupError):
            self.notice.refused(ServiceError(self.tr("Nothing was changed. {0}").format(error)))
        else:
            self.notice.refused(error)
