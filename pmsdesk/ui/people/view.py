"""The People screen: the organisation's officials on the left, the chosen one's details on the right.

PMS officers and administrators add, edit and retire officials here, and
exchange the staff list with Excel (a template out, a filled-in list back,
all or nothing). Agreements pick their people from this list.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from pmsdesk.services import people
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.screen_parts import list_beside_form, scrolled
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.ui.widgets.unsaved import ask_to_discard
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import count_of

from .form import OfficialForm
from .model import OfficialTableModel
from .staff_files import StaffFiles


class PeopleView(QWidget):
    """Officials of the organisation of the selected year."""

    title = QT_TR_NOOP("People")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self.organisation_id: str | None = None
        self._rows: list[people.Official] = []
        self.model = OfficialTableModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search names, numbers, posts, units…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search people"))
        self.show_retired = QCheckBox(self.tr("Show re&tired"), self)
        self.add = QPushButton(self.tr("&Add person"), self)
        self.export_template = QPushButton(self.tr("E&xport staff list…"), self)
        self.import_list = QPushButton(self.tr("&Import staff list…"), self)
        self.count_label = QLabel(self)
        self.table = ReadOnlyTable(self.filter, self.model.columns, OfficialTableModel.NAME, self)
        self.table.setAccessibleName(self.tr("People"))
        self.table.sortByColumn(OfficialTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.form = OfficialForm(self)
        self.files = StaffFiles(operations, actor, self)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.show_retired)
        bar.addWidget(self.count_label)
        bar.addSpacing(12)
        for button in (self.add, self.export_template, self.import_list):
            bar.addWidget(button)
        list_beside_form(self, bar, self.table, scrolled(self.form, self), (640, 420))
        self.search.textChanged.connect(self._search)
        self.show_retired.toggled.connect(lambda _on: self._show_rows())
        self.add.clicked.connect(self.new_person)
        self.export_template.clicked.connect(lambda: self.files.export(self.organisation_id))
        self.import_list.clicked.connect(lambda: self.files.import_list(self.organisation_id))
        self.files.imported.connect(self._load)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.form.save_requested.connect(self._save)
        self.form.retire_requested.connect(self._retire)
        self.form.reinstate_requested.connect(self._reinstate)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self.organisation_id = year.organisation_id if year else None
        self.form.use_words(vocabulary_for(year.country if year else None))
        self._load()

    def unsaved_changes(self) -> str | None:
        return self.form.unsaved_changes()

    def _load(self, keep: str | None = None) -> None:
        organisation_id = self.organisation_id
        for widget in (self.add, self.export_template, self.import_list):
            widget.setEnabled(organisation_id is not None)
        if organisation_id is None:
            self._loaded(([], people.OfficialChoices((), (), ())), None)
            return

        def work(context):
            return (people.list_officials(context.session, organisation_id),
                    people.official_choices(context.session, organisation_id))

        self._operations.run(work, lambda loaded: self._loaded(loaded, keep), self._failed,
                             label=self.tr("Loading the people…"))

    def _loaded(self, loaded, keep: str | None) -> None:
        self._rows, choices = loaded
        self.form.set_choices(choices)
        self._show_rows()
        if keep is not None:
            self.select_person(keep)

    def _show_rows(self) -> None:
        shown = [row for row in self._rows if self.show_retired.isChecked() or row.retired_on is None]
        self.model.set_rows(shown)
        self.form.show_official(None)
        self.count_label.setText(count_of(len(shown), "person", "people"))

    def _search(self, text: str) -> None:
        self.filter.set_search_text(text)

    def select_person(self, person_id: str) -> bool:
        self.model.fetch_all()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == person_id:
                self.table.selectRow(self.filter.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def new_person(self) -> None:
        if ask_to_discard(self, self.tr("add a new person"), self.unsaved_changes()):
            self.table.clearSelection()
            self.form.show_official(None)
            self.form.full_name.setFocus()

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.form.show_official(self.model.row_at(self.filter.mapToSource(indexes[0]).row()))

    def _save(self, values: dict) -> None:
        organisation_id, actor = self.organisation_id, self._actor
        if organisation_id is None:  # the form shows only once an organisation is loaded
            return
        shown = self.form.official
        person_id, version = (shown.id, shown.version) if shown else (None, None)
        self._operations.run(
            lambda context: people.save_official(context.session, actor, organisation_id, person_id, values,
                                                 expected_version=version),
            lambda saved: self._load(saved.id), self.form.form.messages.show_error, label=self.tr("Saving…"))

    def _ask_reason(self, title: str, question: str) -> str | None:
        reason, ok = QInputDialog.getText(self, title, question)
        return reason if ok else None

    def _retire(self) -> None:
        official = self.form.official
        if official is None:  # the button shows only for a saved official
            return
        reason = self._ask_reason(self.tr("Retire"), self.tr("Why is {0} retired (resigned, contract ended, …)? "
                                                             "Their history and signed agreements stay.")
                                  .format(official.full_name))
        if reason is None:
            return
        actor = self._actor
        self._operations.run(lambda context: people.retire_official(context.session, actor, official.id, date.today(),
                                                                    reason=reason),
                             lambda _none: self._load(), self.form.form.messages.show_error)

    def _reinstate(self) -> None:
        official = self.form.official
        if official is None:
            return
        reason = self._ask_reason(self.tr("Reinstate"), self.tr("Why is {0} reinstated?").format(official.full_name))
        if reason is None:
            return
        actor = self._actor
        self._operations.run(lambda context: people.reinstate_official(context.session, actor, official.id,
                                                                       reason=reason),
                             lambda _none: self._load(official.id), self.form.form.messages.show_error)

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        QMessageBox.warning(self, self.tr("People"), str(error))


