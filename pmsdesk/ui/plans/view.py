"""The Plans screen: the organisation's units, plans, objectives, KPAs and programmes, editable in place.

The tree is on the left, the selected record's form on the right. Only users
who may manage the framework can add, change or delete; the services refuse
everyone else anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import entities, framework
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.framework import FrameworkRecord
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE
from pmsdesk.ui.widgets.screen_parts import list_beside_form
from pmsdesk.vocabulary import PLAN_KIND_SHORT, vocabulary_for

from .record_pages import DEFAULTS, FIELDS, KIND_WORDS, PLANS, UNITS, RecordPage
from .tree import FrameworkTree, Node

READ_ONLY_NOTICE = QT_TR_NOOP("Read only: your role can look at the framework but not change it.")


@dataclass(frozen=True)
class Editing:
    """What the form holds: an existing record, or a new one of ``kind`` below ``parent_id``."""

    kind: str
    record: FrameworkRecord | None
    parent_id: str | None = None


class PlansView(QWidget):
    title = QT_TR_NOOP("Plans")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._organisation_id: str | None = None
        self._words = vocabulary_for(None)
        self._records: dict[str, FrameworkRecord] = {}
        self._editing: Editing | None = None
        self._initial: dict[str, Any] | None = None
        self._shown_item: QTreeWidgetItem | None = None

        self.tree = FrameworkTree(self)
        self.add_child_button = QPushButton(self.tr("&Add child"), self)
        self.add_child_button.setToolTip(self.tr("Add a record below the selected one (Ctrl+N)"))
        self.add_sibling_button = QPushButton(self.tr("Add s&ibling"), self)
        self.add_sibling_button.setToolTip(self.tr("Add a record beside the selected one (Ctrl+Shift+N)"))
        self.delete_button = QPushButton(self.tr("&Delete…"), self)
        self.delete_button.setToolTip(self.tr("Delete the selected record, saying why (Del)"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("What happened"))
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.pages = {kind: RecordPage(kind, self) for kind in FIELDS}
        self.stack = QStackedWidget(self)
        self.stack.addWidget(QWidget(self))
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(self.tr("Save this record (Ctrl+S)"))
        self._lay_out()

        self.tree.currentItemChanged.connect(self._item_chosen)
        self.add_child_button.clicked.connect(self.add_child)
        self.add_sibling_button.clicked.connect(self.add_sibling)
        self.delete_button.clicked.connect(self.delete)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_child)
        QShortcut(QKeySequence("Ctrl+Shift+N"), self, self.add_sibling)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.tree, self.delete,
                  context=Qt.ShortcutContext.WidgetShortcut)
        for button in (self.add_child_button, self.add_sibling_button, self.delete_button, self.save_button):
            button.setVisible(self.can_edit())
        self._show_node(None)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        for button in (self.add_child_button, self.add_sibling_button, self.delete_button):
            bar.addWidget(button)
        bar.addWidget(self.status, 1)
        form = QWidget(self)
        column = QVBoxLayout(form)
        column.setContentsMargins(8, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(self.notice)
        column.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        list_beside_form(self, bar, self.tree, form, (460, 760))

    def can_edit(self) -> bool:
        return self._actor.can(Permission.MANAGE_FRAMEWORK)

    # -- loading ----------------------------------------------------------------
    def show_year(self, year: FinancialYearSummary | None) -> None:
        """The framework belongs to the organisation; the year only says which organisation."""
        self._organisation_id = year.organisation_id if year else None
        self._words = vocabulary_for(year.country if year else None)
        self.tree.use_words(self._words)
        for page in self.pages.values():
            page.use_words(self._words)
        self._reload(None)

    def _kind_word(self, kind: str) -> str:
        return self._words.kpa_word if kind == "kpa" else KIND_WORDS[kind]

    def _group_hint(self, kind: str) -> str:
        """What the Add child button adds under a group, in the country's words."""
        plans = " or ".join(PLAN_KIND_SHORT[plan].removesuffix("s") for plan in self._words.plan_kinds)
        return {"unit": self._words.unit_hint(), "plan": plans, "kpa": self._words.kpa_word,
                "programme": self.tr("programme or project")}.get(kind, "")

    def _defaults(self, kind: str) -> dict:
        """What a new record starts with: the country's first plan kind, its middle unit level."""
        defaults = dict(DEFAULTS.get(kind, {}))
        if kind == "plan":
            defaults["kind"] = self._words.plan_kinds[0]
        return defaults

    def _reload(self, select: str | None, done: str | None = None) -> None:
        organisation_id = self._organisation_id
        if organisation_id is None:
            self._show_outline([], None, None)
            return
        self._operations.run(lambda context: framework.framework_outline(context.session, organisation_id),
                             lambda records: self._show_outline(records, select, done), self._failed,
                             label=self.tr("Loading the framework…"))

    def _show_outline(self, records: list[FrameworkRecord], select: str | None, done: str | None) -> None:
        self._records = {record.id: record for record in records}
        lists = {PLANS: [(r.id, r.label) for r in records if r.kind == "plan"],
                 UNITS: [(r.id, r.label) for r in records if r.kind == "unit"]}
        for page in self.pages.values():
            page.set_choices(lists)
        self._editing = None
        self.tree.blockSignals(True)
        self.tree.show_outline(records)
        self.tree.blockSignals(False)
        if select is None or not self.tree.select(select):
            self.tree.select("group:unit")
        self._show_node(self.tree.node())
        self._set_status(done or "")

    # -- showing a node -----------------------------------------------------------
    def _item_chosen(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is self._shown_item:
            return
        if not self._may_drop_edits():
            if self._shown_item is not None:  # edits to keep: a record is shown
                self.tree.blockSignals(True)
                self.tree.setCurrentItem(self._shown_item)
                self.tree.blockSignals(False)
            return
        self._set_status("")
        self._show_node(self.tree.node())

    def _show_node(self, node: Node | None) -> None:
        self._shown_item = self.tree.currentItem()
        record = self._records.get(node.record_id or "") if node else None
        editable = self.can_edit()
        self.add_child_button.setEnabled(editable and node is not None and self._child_of(node) is not None)
        self.add_sibling_button.setEnabled(editable and record is not None)
        self.delete_button.setEnabled(editable and record is not None)
        if record is None:
            self._editing = self._initial = None
            self.stack.setCurrentIndex(0)
            self.save_button.setEnabled(False)
            what = self._group_hint(node.kind) if node else ""
            current = self.tree.currentItem()
            self.heading.setText(f"<b>{current.text(0)}</b>" if node and current else "")
            hint = self.tr("Choose a record in the tree, or press Add child to add a {0}.").format(what) if what else ""
            self.notice.setText(hint if editable else READ_ONLY_NOTICE)
            return
        word = self._kind_word(record.kind)
        self.heading.setText(f"<b>{word[:1].upper()}{word[1:]}:</b> {record.label}")
        self.notice.setText("" if editable else READ_ONLY_NOTICE)
        self._open_form(Editing(record.kind, record), record.values)

    def _open_form(self, editing: Editing, values: dict[str, Any]) -> None:
        page = self.pages[editing.kind]
        page.set_values(values)
        page.set_editable(self.can_edit())
        self.stack.setCurrentWidget(page)
        self.save_button.setEnabled(self.can_edit())
        self._editing = editing
        self._initial = page.values()

    # -- adding -------------------------------------------------------------------
    def _child_of(self, node: Node) -> tuple[str, str | None] | None:
        """(kind, parent id) of a record added below ``node``, or None when nothing goes there."""
        if node.is_group:
            return node.kind, None
        return {"unit": ("unit", node.record_id), "plan": ("strategic_objective", node.record_id)}.get(node.kind)

    def add_child(self) -> None:
        node = self.tree.node()
        below = self._child_of(node) if node and self.can_edit() else None
        if below is not None:
            self._start_new(*below)

    def add_sibling(self) -> None:
        node = self.tree.node()
        record = self._records.get(node.record_id or "") if node else None
        if record is not None and self.can_edit():
            self._start_new(record.kind, record.parent_id)

    def _start_new(self, kind: str, parent_id: str | None) -> None:
        if not self._may_drop_edits():
            return
        parent = self._records.get(parent_id or "")
        where = self.tr(" in {0}").format(parent.label) if parent else ""
        self.heading.setText(self.tr("<b>New {0}</b>{1}").format(self._kind_word(kind), where))
        self.notice.setText(self.tr("Fill in the fields and press Save (Ctrl+S)."))
        self._set_status("")
        self._open_form(Editing(kind, None, parent_id), self._defaults(kind))
        self._initial = {}  # a new record counts as unsaved until it is saved
        self.pages[kind].inputs[FIELDS[kind][0].name].setFocus()

    # -- saving and deleting ------------------------------------------------------
    def save(self) -> None:
        """Add the new record or save the changed fields; problems show beside their fields."""
        editing, organisation_id, actor = self._editing, self._organisation_id, self._actor
        if editing is None or organisation_id is None:
            return
        page = self.pages[editing.kind]
        values = page.values()
        page.form.messages.clear()
        if editing.record is None:
            def work(context) -> str:
                return framework.create_framework_record(context.session, actor, editing.kind, organisation_id,
                                                         editing.parent_id, values).id
            done = self.tr("Added the {0}.").format(self._kind_word(editing.kind))
        else:
            record = editing.record
            changes = {key: value for key, value in values.items() if (self._initial or {}).get(key) != value}

            def work(context) -> str:
                entities.update_entity(context.session, actor, record.kind, record.id, changes,
                                       expected_version=record.version)
                return record.id
            done = self.tr("Saved the {0}.").format(self._kind_word(editing.kind))
        self._operations.run(work, lambda record_id: self._reload(record_id, done), self._failed, label=self.tr("Saving…"))

    def delete(self) -> None:
        node = self.tree.node()
        record = self._records.get(node.record_id or "") if node else None
        if record is None or not self.can_edit():
            return
        word = self._kind_word(record.kind)
        reason, ok = QInputDialog.getText(self, self.tr("Delete {0}").format(word),
                                          self.tr(
                                                  "Why is the {0} {1} deleted? (kept in the audit "
                                                  "trail)").format(word, record.label))
        if not ok:
            return
        actor = self._actor

        def work(context) -> None:
            entities.delete_entity(context.session, actor, record.kind, record.id, reason=reason)

        group = "plan" if record.kind == "strategic_objective" else record.kind
        self._operations.run(work, lambda _none: self._reload(record.parent_id or f"group:{group}",
                                                              self.tr("Deleted the {0} {1}.").format(word, record.label)),
                             self._failed, label=self.tr("Deleting…"))

    def unsaved_changes(self) -> str | None:
        """A one-line description of what is typed but not saved, or None."""
        editing = self._editing
        if editing is None or self._initial is None or self.pages[editing.kind].values() == self._initial:
            return None
        word = self._kind_word(editing.kind)
        if editing.record is None:
            return self.tr("A new {0} not saved yet").format(word)
        return self.tr("Unsaved changes to the {0} {1}").format(word, editing.record.label)

    def _may_drop_edits(self) -> bool:
        what = self.unsaved_changes()
        if what is None:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self.tr("Unsaved changes"), self.tr("{0}. Discard them?").format(what),
                                      buttons.Discard | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Discard

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ValidationError) and self._editing is not None:
            page = self.pages[self._editing.kind]
            if set(error.problems) <= set(page.form.messages.fields):
                page.form.messages.show_problems(error.problems)
                self._set_status(self.tr("Not saved: correct the fields marked in red."), error=True)
                return
        if isinstance(error, ValidationError):
            self._set_status("; ".join(message[:1].upper() + message[1:] for message in error.problems.values()) + ".",
                             error=True)
        elif isinstance(error, ServiceError):
            self._set_status(str(error), error=True)
        else:
            raise error

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
