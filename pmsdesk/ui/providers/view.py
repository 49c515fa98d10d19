"""The service-provider register screen: the year's providers with their quarterly ratings, and the forms."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from pmsdesk.services import service_providers as providers
from pmsdesk.services.actor import Actor
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.service_providers import ProviderFormChoices, ProviderRow
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.screen_parts import list_beside_form, scrolled
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable, select_row_quietly
from pmsdesk.ui.widgets.unsaved import ask_to_discard
from pmsdesk.wording import count_of

from .editor import EMPTY_CHOICES, ProviderEditor
from .model import ProviderTableModel


class ServiceProvidersView(QWidget):
    """Providers whose contracts run in the selected year (MSA s46, MFMA s116), each rated per quarter."""

    title = QT_TR_NOOP("Service providers")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self.model = ProviderTableModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search providers, services, contracts… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search service providers"))
        self.count_label = QLabel(self)
        self.table = ReadOnlyTable(self.filter, self.model.columns, ProviderTableModel.NAME, self)
        self.table.setAccessibleName(self.tr("Service-provider register"))
        self.table.sortByColumn(ProviderTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.editor = ProviderEditor(operations, actor, self)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        list_beside_form(self, bar, self.table, scrolled(self.editor, self), (640, 520))
        QShortcut(QKeySequence.StandardKey.Find, self, lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.search.textChanged.connect(self._search)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.editor.saved.connect(self._load)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        self._load()

    def unsaved_changes(self) -> str | None:
        return self.editor.unsaved_changes()

    def _load(self, keep_provider: str | None = None) -> None:
        year = self._year
        if year is None:
            self._loaded(([], EMPTY_CHOICES), None)
            return
        actor = self._actor

        def work(context) -> tuple[list[ProviderRow], ProviderFormChoices]:
            rows = providers.list_service_providers(context.session, actor, year.organisation_id, year.id)
            return rows, providers.provider_form_choices(context.session, year.organisation_id, year.id)

        self._operations.run(work, lambda loaded: self._loaded(loaded, keep_provider), self.editor.show_error,
                             label=self.tr("Loading the service providers…"))

    def _loaded(self, loaded: tuple[list[ProviderRow], ProviderFormChoices], keep_provider: str | None) -> None:
        rows, choices = loaded
        self.editor.set_context(self._year.organisation_id if self._year else None, choices)
        self.model.set_rows(rows)
        self._update_count()
        if keep_provider is not None:
            self.select_provider(keep_provider)

    def _search(self, text: str) -> None:
        self.filter.set_search_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total = count_of(self.model.total_count(), "service provider")
        if self._year is None:
            self.count_label.setText(self.tr("No financial year selected"))
        elif self.filter.is_searching():
            self.count_label.setText(self.tr("{0:,} of {1}").format(self.filter.rowCount(), total))
        else:
            self.count_label.setText(self.tr("{0} with contracts in {1}").format(total, self._year.label))

    def select_provider(self, provider_id: str) -> bool:
        row = self.filter.listed_row(provider_id)
        if row is not None:
            self.table.selectRow(row)
        return row is not None

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        chosen, shown = self.model.row_at(self.filter.mapToSource(indexes[0]).row()), self.editor.provider
        if shown is not None and chosen.id == shown.id and self.unsaved_changes():
            return
        if not (shown is not None and chosen.id == shown.id) and not ask_to_discard(
                self, self.tr("open another service provider"), self.unsaved_changes()):
            select_row_quietly(self.table, self.filter.listed_row(shown.id if shown else None))
            return
        self.editor.show_provider(chosen)
