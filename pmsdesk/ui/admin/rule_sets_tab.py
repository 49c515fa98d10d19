"""Rule sets: the stored codes, each one's revisions, and its values as an official reads them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import rule_sets
from pmsdesk.services.actor import Actor
from pmsdesk.services.rule_sets import RevisionEntry
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.table_model import RowTableModel, TableColumn
from pmsdesk.ui.widgets.tables import ReadOnlyTable

from .parts import Notice, a_moment
from .rule_dialogs import CopyRuleSetDialog, EditRuleSetDialog
from .rule_text import rule_set_html

REVISION_ROLE = Qt.ItemDataRole.UserRole


class RuleSetsModel(RowTableModel[dict[str, Any]]):
    """The latest revision of each stored rule set."""

    NAME, CODE, REVISION = range(3)

    columns = (
        TableColumn(QT_TR_NOOP(
                "Rule set"), lambda r: r["name"], lambda r: r["name"].casefold(), 190, tooltip=lambda r: r["name"]),
        TableColumn(QT_TR_NOOP("Code"), lambda r: r["code"], lambda r: r["code"], 80),
        TableColumn(QT_TR_NOOP("Rev."), lambda r: str(r["revision"]), lambda r: r["revision"], 40,
                    right_aligned=lambda _r: True, header_tooltip=QT_TR_NOOP("Latest revision")),
    )


def revision_text(entry: RevisionEntry) -> str:
    """'Revision 2 · 26 Nov 2026 12:10 · admin: stricter bands'."""
    who = f" · {entry.saved_by}" if entry.saved_by else ""
    why = f": {entry.reason}" if entry.reason else ""
    when = a_moment(entry.saved_at, QCoreApplication.translate("admin.rule_sets_tab", "unknown time"))
    return QCoreApplication.translate("admin.rule_sets_tab", "Revision {0} · {1}{2}{3}").format(entry.revision, when, who, why)


class RuleSetsTab(QWidget):
    """Lists rule sets; shows any revision readably; copies one, or saves edited values as a new revision."""

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.editor: EditRuleSetDialog | None = None
        self.model = RuleSetsModel(self)
        self.codes = ReadOnlyTable(self.model, self.model.columns, RuleSetsModel.NAME, self)
        self.codes.setAccessibleName(self.tr("Rule sets"))
        self.codes.sortByColumn(RuleSetsModel.NAME, Qt.SortOrder.AscendingOrder)
        self.history = QListWidget(self)
        self.history.setAccessibleName(self.tr("Revisions of the chosen rule set"))
        self.history.setMaximumHeight(110)
        self.view = QTextBrowser(self)
        self.view.setAccessibleName(self.tr("Values of the chosen revision"))
        self.copy = QPushButton(self.tr("&Copy to a new code…"), self)
        self.edit = QPushButton(self.tr("&Edit values…"), self)
        self.edit.setToolTip(self.tr("Change the latest revision's values; saving stores the next revision"))
        self.notice = Notice(self, self.tr("Outcome"))

        codes_label = QLabel(self.tr("&Rule sets:"), self)
        codes_label.setBuddy(self.codes)
        history_label = QLabel(self.tr("Re&visions (newest first):"), self)
        history_label.setBuddy(self.history)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(codes_label)
        left_layout.addWidget(self.codes)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(history_label)
        right_layout.addWidget(self.history)
        right_layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.copy)
        buttons.addWidget(self.edit)
        right_layout.addLayout(buttons)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([360, 800])
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.codes.selectionModel().selectionChanged.connect(lambda *_: self._load_history(self.chosen_code()))
        self.history.currentItemChanged.connect(lambda item, _old: self._load_revision(item))
        self.copy.clicked.connect(self.open_copy)
        self.edit.clicked.connect(self.open_editor)
        self._enable(False)

    def _enable(self, chosen: bool) -> None:
        self.copy.setEnabled(chosen)
        self.edit.setEnabled(chosen)

    def chosen_code(self) -> str | None:
        rows = self.codes.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row())["code"] if rows else None

    def load(self, keep: str | None = None) -> None:
        """Reload the list of rule sets, storing the shipped defaults the first time."""
        actor, keep = self._actor, keep or self.chosen_code()

        def read(context) -> list[dict[str, Any]]:
            rule_sets.ensure_default_rule_sets(context.session, actor)
            return rule_sets.list_rule_sets(context.session)

        self._operations.run(read, lambda found: self._show_codes(found, keep), self.notice.refused,
                             label=self.tr("Loading the rule sets…"))

    def _show_codes(self, found: list[dict[str, Any]], keep: str | None) -> None:
        self.model.set_rows(found)
        codes = [self.model.row_at(row)["code"] for row in range(self.model.rowCount())]
        if codes:
            self.codes.selectRow(codes.index(keep) if keep in codes else 0)
        else:
            self._load_history(None)

    def _load_history(self, code: str | None) -> None:
        self.history.clear()
        self.view.clear()
        self._enable(code is not None)
        if code is None:
            return
        self._operations.run(lambda context: rule_sets.rule_set_history(context.session, code),
                             self._show_history, self.notice.refused, label=self.tr("Loading the revisions…"))

    def _show_history(self, entries: list[RevisionEntry]) -> None:
        for entry in entries:
            item = QListWidgetItem(revision_text(entry))
            item.setData(REVISION_ROLE, entry.revision)
            self.history.addItem(item)
        self.history.setCurrentRow(0)

    def _load_revision(self, item: QListWidgetItem | None) -> None:
        code = self.chosen_code()
        if item is None or code is None:
            return
        revision = item.data(REVISION_ROLE)
        self._operations.run(lambda context: rule_sets.get_rule_set(context.session, code, revision),
                             lambda rules: self.view.setHtml(rule_set_html(rules)), self.notice.refused,
                             label=self.tr("Opening the rule set…"))

    def _copied(self, code: str, copy: str | None) -> None:
        self.notice.done(self.tr("Copied {0} to {1}.").format(code, copy))
        self.load(copy)

    def open_copy(self) -> CopyRuleSetDialog | None:
        code = self.chosen_code()
        if code is None:
            return None
        dialog = CopyRuleSetDialog(self._operations, self._actor, code, self)
        dialog.accepted.connect(lambda: self._copied(code, dialog.copied))
        dialog.open()
        return dialog

    def open_editor(self) -> None:
        """Open the latest revision of the chosen rule set in the editing dialog."""
        code = self.chosen_code()
        if code is None:
            return
        self._operations.run(lambda context: rule_sets.get_rule_set(context.session, code),
                             self._edit, self.notice.refused, label=self.tr("Opening the rule set…"))

    def _edit(self, rules: dict[str, Any]) -> None:
        self.editor = dialog = EditRuleSetDialog(self._operations, self._actor, rules, self)
        dialog.accepted.connect(lambda: self._saved(rules, dialog.saved))
        dialog.finished.connect(lambda _code: setattr(self, "editor", None))
        dialog.open()

    def _saved(self, before: dict[str, Any], after: dict[str, Any] | None) -> None:
        if after is None or after["revision"] == before["revision"]:
            self.notice.done(self.tr("No value changed, so no new revision was stored."))
        else:
            self.notice.done(self.tr(
                    "Saved {0} revision {1}; revision {2} is "
                    "kept in the history.").format(after['code'], after['revision'], before['revision']))
        self.load(before["code"])

    def unsaved_changes(self) -> str | None:
        if self.editor is not None and self.editor.modified:
            return self.tr("unsaved changes to the rule set {0}").format(self.editor.windowTitle().removeprefix('Edit '))
        return None
