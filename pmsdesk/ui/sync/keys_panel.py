"""The trust store: the offices whose packages this installation accepts, and revoking a key."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services.actor import Actor
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from . import work
from .confirm_dialog import ConfirmDialog
from .work import TrustedKeyRow


class TrustedKeysModel(RowTableModel[TrustedKeyRow]):
    OFFICE, FINGERPRINT, TRUSTED, STATUS = range(4)

    columns = (
        TableColumn(QT_TR_NOOP("Office"), lambda r: r.office, lambda r: r.office, 110),
        TableColumn(QT_TR_NOOP("Key fingerprint"), lambda r: r.fingerprint, lambda r: r.fingerprint, 190,
                    header_tooltip=QT_TR_NOOP("Compare with the office's cover sheet or 'pmsdesk keys show'")),
        TableColumn(QT_TR_NOOP("Trusted"), lambda r: r.trusted, lambda r: r.trusted, 190),
        TableColumn(QT_TR_NOOP(
                "Status"), lambda r: r.revoked or QT_TR_NOOP("Accepted"), lambda r: (r.revoked is not None, r.office), 260,
                    tooltip=lambda r: r.revoked),
    )


class TrustedKeysPanel(QWidget):
    """Lists every key ever trusted; revoking asks for the reason (lost laptop, staff left)."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.dialog: ConfirmDialog | None = None
        self.model = TrustedKeysModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, TrustedKeysModel.STATUS, self)
        self.table.setAccessibleName(self.tr("Trusted office keys"))
        self.count = QLabel(self)
        self.revoke_button = QPushButton(self.tr("&Revoke key…"), self)
        self.revoke_button.setToolTip(self.tr("Refuse every package signed with the chosen key from now on"))
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        bar = QHBoxLayout()
        bar.addWidget(self.count)
        bar.addStretch(1)
        bar.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.show_keys(())

    def show_keys(self, keys: tuple[TrustedKeyRow, ...]) -> None:
        self.model.set_rows(keys)
        revoked = sum(1 for key in keys if key.revoked is not None)
        text = self.tr("{0} accepted").format(count_of(len(keys) - revoked, 'office key')) + (self.tr(
                ", {0} revoked").format(revoked) if revoked else "")
        self.count.setText(text if keys else
                           self.tr("No office is trusted yet: import a package from one and compare its fingerprint."))
        self._update_buttons()

    def selected_key(self) -> TrustedKeyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def ask_revoke(self) -> None:
        key = self.selected_key()
        if key is None or key.revoked is not None:
            return
        self.dialog = ConfirmDialog(
            self.tr("Revoke the key of {0}").format(key.office),
            self.tr(
                    "Packages signed with key <b>{0}</b> of <b>{1}</b> "
                    "will be refused from now on. A revoked key is never "
                    "trusted again: the office must make a new key and "
                    "you compare its fingerprint as on first contact.").format(escape(key.fingerprint), escape(key.office)),
            self.tr("&Reason:"), "reason", self.tr("Revoke key"), self)
        self.dialog.entry.setPlaceholderText(self.tr("e.g. laptop stolen, officer left"))
        self.dialog.confirmed.connect(lambda reason: self._revoke(key, reason))
        self.dialog.open()

    def _revoke(self, key: TrustedKeyRow, reason: str) -> None:
        actor, dialog = self._actor, self.dialog
        if dialog is None:  # the dialog's own button called this: it is open
            return
        self._operations.run(lambda context: work.revoke(context.session, actor, key.fingerprint, reason),
                             lambda keys: self._revoked(dialog, keys), dialog.show_failure,
                             label=self.tr("Revoking the key of {0}…").format(key.office))

    def _revoked(self, dialog: ConfirmDialog, keys: tuple[TrustedKeyRow, ...]) -> None:
        dialog.accept()
        self.show_keys(keys)

    def _update_buttons(self, *_args) -> None:
        key = self.selected_key()
        self.revoke_button.setEnabled(key is not None and key.revoked is None)
