"""The conflict queue: both versions of a record side by side, and the decision (keep one, or merge).

Every installation puts the same version in effect at once (so offices and head
office agree); this panel says which one that is and lets a person with the
right role switch to the other or take each differing field from either side.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.sync.conflict_words import FieldInWords, summary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import message_label
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from . import work
from .conflicts_model import ConflictsModel
from .work import ConflictRow

DIFFERS_BACKGROUND = QColor("#fff4ce")
FIELD, LOCAL, INCOMING, MERGE = range(4)
SIDE_NAMES = {"local": QT_TR_NOOP("this office's"), "incoming": QT_TR_NOOP("the incoming")}


class ConflictsPanel(QWidget):
    """The open conflicts, the chosen one's fields compared, and the three decisions."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.model = ConflictsModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, ConflictsModel.REASON, self)
        self.table.setAccessibleName(self.tr("Open conflicts"))
        self.table.sortByColumn(ConflictsModel.DETECTED, Qt.SortOrder.AscendingOrder)
        self.count = QLabel(self)
        self.in_effect = QLabel(self)
        self.in_effect.setWordWrap(True)
        self.in_effect.setTextFormat(Qt.TextFormat.RichText)
        self.fields = QTableWidget(0, 4, self)
        self.fields.setAccessibleName(self.tr("Both versions, field by field"))
        self.fields.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.fields.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.fields.setTabKeyNavigation(False)  # Tab reaches the merge choices instead of walking the cells
        self.fields.verticalHeader().setVisible(False)
        self.fields.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.fields.setWordWrap(True)
        header = self.fields.horizontalHeader()
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LOCAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(INCOMING, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(MERGE, QHeaderView.ResizeMode.ResizeToContents)
        self.keep_local = QPushButton(self.tr("Keep &local…"), self)
        self.keep_incoming = QPushButton(self.tr("Keep i&ncoming…"), self)
        self.merge = QPushButton(self.tr("&Merge chosen fields…"), self)
        self.merge.setToolTip(self.tr("Keep each differing field from the version chosen in the last column"))
        self.problem = message_label(self, self.tr("Conflict decision problem"))
        self.keep_local.clicked.connect(lambda: self.resolve_selected("local"))
        self.keep_incoming.clicked.connect(lambda: self.resolve_selected("incoming"))
        self.merge.clicked.connect(lambda: self.resolve_selected("merge"))
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self._merge_choices: dict[str, QComboBox] = {}
        self._lay_out()
        self.show_conflicts(())

    def _lay_out(self) -> None:
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.count)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.in_effect)
        bottom_layout.addWidget(self.fields, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addStretch(1)
        for button in (self.keep_local, self.keep_incoming, self.merge):
            buttons.addWidget(button)
        bottom_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([200, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- showing ------------------------------------------------------------------
    def show_conflicts(self, conflicts: tuple[ConflictRow, ...]) -> None:
        self.model.set_rows(conflicts)
        self.count.setText(
            count_of(len(conflicts), "conflict") + self.tr(
                    " waiting for a decision") if conflicts else self.tr("No open conflicts."))
        if conflicts:
            self.table.selectRow(0)
        self._show_selected()

    def selected_conflict(self) -> ConflictRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show_selected(self, *_args) -> None:
        conflict = self.selected_conflict()
        self.problem.hide()
        self._show_fields(conflict)
        for button in (self.keep_local, self.keep_incoming):
            button.setEnabled(conflict is not None)
        self.merge.setEnabled(conflict is not None and any(f.differs for f in conflict.fields))
        if conflict is None:
            self.in_effect.setText(self.tr("<i>Choose a conflict to compare its two versions.</i>"))
            return
        other = "incoming" if conflict.kept == "local" else "local"
        self.in_effect.setText(
            self.tr(
                    "<b>{0}</b><br><b>In effect now: {1} version</b>, chosen the same way at "
                    "{2} so both offices agree. Keep it, switch to {3} version, or merge "
                    "field by field. Highlighted fields differ. Why: {4}<br>This office's "
                    "version: {5}.<br>Incoming version: {6}.").format(escape(conflict.label),
                    SIDE_NAMES[conflict.kept],
                    escape(conflict.peer_office),
                    SIDE_NAMES[other],
                    escape(conflict.reason),
                    escape(conflict.local_change),
                    escape(conflict.incoming_change)))

    def _show_fields(self, conflict: ConflictRow | None) -> None:
        """The differing fields first (highlighted, with the merge choice), then those both sides share."""
        fields = sorted(conflict.fields, key=lambda f: not f.differs) if conflict else []
        kept = conflict.kept if conflict else None
        self.fields.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("This office") + (self.tr(" (in effect)") if kept == "local" else ""),
             self.tr("Incoming from {0}").format(conflict.peer_office if conflict else self.tr('the other office'))
             + (self.tr(" (in effect)") if kept == "incoming" else ""), self.tr("Merge takes")])
        self.fields.setRowCount(0)  # drops the previous conflict's merge choices with their rows
        self.fields.setRowCount(len(fields))
        self._merge_choices = {}
        for row, versions in enumerate(fields):
            self._show_field(row, versions, kept)

    def _show_field(self, row: int, versions: FieldInWords, kept: str | None) -> None:
        for column, text in ((FIELD, versions.label), (LOCAL, versions.local), (INCOMING, versions.incoming)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if versions.differs:
                item.setBackground(QBrush(DIFFERS_BACKGROUND))
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.fields.setItem(row, column, item)
        if versions.differs:
            choice = QComboBox(self.fields)
            choice.addItem(self.tr("This office"), "local")
            choice.addItem(self.tr("Incoming"), "incoming")
            choice.setCurrentIndex(0 if kept == "local" else 1)
            choice.setAccessibleName(self.tr("Merge takes {0} from").format(versions.label))
            self.fields.setCellWidget(row, MERGE, choice)
            self._merge_choices[versions.name] = choice
        else:
            self.fields.setItem(row, MERGE, QTableWidgetItem(self.tr("same on both")))

    # -- deciding -----------------------------------------------------------------
    def merge_sides(self) -> dict[str, str]:
        """Per differing field, the version the merge takes it from."""
        return {name: choice.currentData() for name, choice in self._merge_choices.items()}

    def choose_side(self, field: str, side: str) -> None:
        choice = self._merge_choices[field]
        choice.setCurrentIndex(choice.findData(side))

    def resolve_selected(self, choice: str) -> None:
        """Say what the decision will put in place, field by field, and act only once it is confirmed."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        actor, sides = self._actor, self.merge_sides() if choice == "merge" else None
        if not self.confirm(conflict, choice, sides or {}):
            return
        self._operations.run(lambda context: work.resolve(context.session, actor, conflict.id, choice, sides),
                             self.show_conflicts, self._show_failure, label=self.tr("Recording the decision…"))

    def confirm(self, conflict: ConflictRow, choice: str, sides: dict[str, str]) -> bool:
        every = {field.name: choice for field in conflict.fields} if choice != "merge" else sides
        taken = set(every.values())
        effect = taken.pop() if choice == "merge" and len(taken) == 1 else choice  # a 'merge' of one side is that side
        what = {"local": self.tr(
                "Keep this office's version"), "incoming": self.tr("Keep {0}'s version").format(conflict.peer_office),
                "merge": self.tr("Merge the chosen fields")}[choice]
        text = (self.tr(
                "{0}\n\n{1} The decision is "
                "recorded in the audit trail "
                "under your name.").format(summary(conflict.label, conflict.fields, every, conflict.peer_office),
                conflict.reach.get(effect, '')))
        answer = QMessageBox.question(self, f"{what}?", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self.problem.setText(str(error))
        self.problem.show()
