"""The data-quality screen: every problem in the selected year, filtered by kind and unit, each opening its record."""

from __future__ import annotations

from collections import Counter
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pmsdesk.services import data_quality
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.data_quality import DataQualityProblem, ProblemKind
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.held_values import confirm_actual_value
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from .model import ProblemTableModel
from .resolve_dialog import ResolveFlagDialog


def _is_held(problem: DataQualityProblem) -> bool:
    """An implausible actual: scores hold it for checking until a PMS officer confirms it."""
    return problem.kind is ProblemKind.IMPLAUSIBLE_ACTUAL and problem.record_kind == data_quality.ACTUAL

ALL = None


def _fill_counts(combo: QComboBox, everything: str, counts: Counter, order: list) -> None:
    """'All kinds (600)', then one entry per value with its count; keeps the chosen value if still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(f"{everything} ({sum(counts.values()):,})", ALL)
    for value in order:
        if counts.get(value):
            combo.addItem(f"{value} ({counts[value]:,})", value)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    combo.blockSignals(False)


class DataQualityView(QWidget):
    """Problems to fix; Enter or double-click opens the record (the main window decides where)."""

    title = QT_TR_NOOP("Data quality")
    #: (record kind: "kpi" or "actual", record id)
    open_requested = Signal(str, str)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._today = today
        self._year: FinancialYearSummary | None = None
        self._problems: list[DataQualityProblem] = []
        self._dialog: ResolveFlagDialog | None = None
        self.model = ProblemTableModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.kinds = QComboBox(self)
        self.kinds.setAccessibleName(self.tr("Show problems of this kind"))
        self.units = QComboBox(self)
        self.units.setAccessibleName(self.tr("Show problems of this unit"))
        self.units.setMinimumContentsLength(18)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search KPIs, fields, problems…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the problems"))
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Number of problems shown"))
        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.setToolTip(self.tr("Open the record to fix it (Enter or double-click)"))
        self.resolve_button = QPushButton(self.tr("Mark &resolved…"), self)
        self.resolve_button.setToolTip(self.tr("Mark a problem found on import as dealt with, or confirm an implausible "
                                       "value that is held for checking, with a note"))
        self.recheck_button = QPushButton(self.tr("&Check again"), self)
        self.recheck_button.setToolTip(self.tr("Run the checks again (F5)"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.table = ReadOnlyTable(self.filter, self.model.columns, ProblemTableModel.MESSAGE, self)
        self.table.setAccessibleName(self.tr("Problems to fix"))
        self.table.sortByColumn(ProblemTableModel.KIND, Qt.SortOrder.AscendingOrder)

        bar = QHBoxLayout()
        for caption, combo in ((self.tr("&Kind:"), self.kinds), (self.tr("&Unit:"), self.units)):
            label = QLabel(caption, self)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.recheck_button, self.resolve_button, self.open_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.kinds.currentIndexChanged.connect(lambda _index: self._show_rows())
        self.units.currentIndexChanged.connect(lambda _index: self._show_rows())
        self.search.textChanged.connect(self._search)
        self.table.activated.connect(self._open)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex()))
        self.resolve_button.clicked.connect(self.mark_resolved)
        self.recheck_button.clicked.connect(self._load)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self._load)
        QShortcut(QKeySequence.StandardKey.Find, self, lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.table.selectionModel().currentRowChanged.connect(lambda _current, _previous: self._update_buttons())
        self._update_buttons()

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        self._load()

    def _load(self) -> None:
        year, actor, today = self._year, self._actor, self._today
        self.message.hide()
        if year is None:
            self._loaded([])
            return
        self._operations.run(lambda context: data_quality.find_problems(context.session, actor, year.id, today=today),
                             self._loaded, self._failed, label=self.tr("Checking the data…"))

    def _loaded(self, problems: list[DataQualityProblem]) -> None:
        self._problems = problems
        _fill_counts(self.kinds, self.tr("All kinds"), Counter(p.kind for p in problems), list(ProblemKind))
        units = Counter(p.unit_name or self.tr("No unit") for p in problems)
        _fill_counts(self.units, self.tr("All units"), units, sorted(units, key=str.casefold))
        self._show_rows()

    def _show_rows(self) -> None:
        kind, unit = self.kinds.currentData(), self.units.currentData()
        self.model.set_rows([p for p in self._problems if (kind is ALL or p.kind == kind)
                             and (unit is ALL or (p.unit_name or self.tr("No unit")) == unit)])
        self._update_count()
        self._update_buttons()

    def _search(self, text: str) -> None:
        self.filter.set_search_text(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total_count()
        if self._year is None:
            text = self.tr("No financial year selected")
        elif not self._problems:
            text = self.tr("No problems found in {0}").format(self._year.label)
        elif self.filter.is_searching():
            text = self.tr("{0:,} of {1}").format(self.filter.rowCount(), count_of(total, 'problem'))
        else:
            text = count_of(total, "problem")
        self.count_label.setText(text)

    def selected_problem(self) -> DataQualityProblem | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.filter.mapToSource(index).row())

    def _update_buttons(self) -> None:
        problem = self.selected_problem()
        self.open_button.setEnabled(problem is not None)
        self.resolve_button.setEnabled(problem is not None
                                       and (problem.flag_id is not None or _is_held(problem))
                                       and Permission.MANAGE_KPIS in self._actor.unit_scopes)
        self.resolve_button.setText(self.tr("&Confirm value…") if problem is not None and _is_held(problem)
                                    else self.tr("Mark &resolved…"))

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            problem = self.model.row_at(self.filter.mapToSource(index).row())
            self.open_requested.emit(problem.record_kind, problem.record_id)

    def mark_resolved(self) -> ResolveFlagDialog | None:
        """Ask for a note and resolve the selected importer flag, or confirm the selected held value;
        the dialog stays open until it worked."""
        problem = self.selected_problem()
        if problem is None or (problem.flag_id is None and not _is_held(problem)):
            return None
        self._dialog = ResolveFlagDialog(problem, self, confirming=_is_held(problem))
        self._dialog.note_given.connect(lambda note: self._resolve(problem, note))
        self._dialog.open()
        return self._dialog

    def _resolve(self, problem: DataQualityProblem, note: str) -> None:
        actor, today, year, dialog = self._actor, self._today, self._year, self._dialog
        if year is None or dialog is None:  # the dialog opened on a loaded year's problem asked for this
            return
        flag_id = problem.flag_id

        def work(context) -> list[DataQualityProblem]:
            if _is_held(problem) or flag_id is None:
                confirm_actual_value(context.session, actor, problem.record_id, note)
            else:
                data_quality.resolve_flag(context.session, actor, flag_id, note)
            return data_quality.find_problems(context.session, actor, year.id, today=today)

        dialog.messages.clear()
        self._operations.run(work, self._resolved, self._resolve_failed, label=self.tr("Marking resolved…"))

    def _resolved(self, problems: list[DataQualityProblem]) -> None:
        if self._dialog is not None:
            self._dialog.accept()
        self._loaded(problems)

    def _resolve_failed(self, error: Exception) -> None:
        if self._dialog is not None:
            self._dialog.messages.show_error(error)

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self.message.setText(str(error))
        self.message.show()
