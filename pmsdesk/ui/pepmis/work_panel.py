"""Through the period: the assigned sub-tasks, progress entries, the supervisor's marks and appeals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.services import pepmis
from pmsdesk.services.pepmis import AssignmentRow, ScreenState
from pmsdesk.ui.widgets.screen_parts import scrolled
from pmsdesk.ui.widgets.search_filter import RowSearchFilter
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import plain_number

from .forms import choice_box, date_box, day_of, form_group, iso, percent_box, qt_day, text_box
from .model import AssignmentTableModel
from .plan_panel import Submit


class WorkPanel(QWidget):
    """The list of assigned sub-tasks; the chosen one's progress, marks and appeal forms beside it."""

    def __init__(self, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._state: ScreenState | None = None
        self.evidence: tuple[str, bytes] | None = None
        self.fixed_today: date | None = None
        self.model = AssignmentTableModel(self)
        self.filter = RowSearchFilter(self.model, self)
        self.table = ReadOnlyTable(self.filter, self.model.columns, AssignmentTableModel.SUB_TASK, self)
        self.table.setAccessibleName(self.tr("Assigned sub-tasks"))
        self.table.sortByColumn(AssignmentTableModel.EMPLOYEE, Qt.SortOrder.AscendingOrder)
        self.chosen_label = QLabel(self.tr("Choose an assigned sub-task."), self)
        self.chosen_label.setWordWrap(True)
        self.score_label = QLabel(self)
        self.score_label.setWordWrap(True)
        self.score_label.setAccessibleName(self.tr("The employee's scores"))
        self.history_label = QLabel(self)
        self.history_label.setWordWrap(True)
        self.history_label.setAccessibleName(self.tr("Progress entered so far"))

        self.progress_group, form, self.progress_messages = form_group(self.tr("Progress entry (employee or capturer)"), self)
        self.progress_date = date_box(self.progress_group, self.tr("Progress date"))
        self.progress_text = text_box(self.progress_group, self.tr("What was done"), self.tr("What was done this week"))
        self.progress_percent = percent_box(self.progress_group, self.tr("Percent done"))
        self.evidence_reference = text_box(self.progress_group, self.tr("Evidence reference"), self.tr(
                "File number or where it is kept"))
        self.attach_button = QPushButton(self.tr("Attach &file…"), self.progress_group)
        self.evidence_label = QLabel(self.tr("No file attached"), self.progress_group)
        self.progress_button = QPushButton(self.tr("Add &progress"), self.progress_group)
        attach = QHBoxLayout()
        attach.addWidget(self.attach_button)
        attach.addWidget(self.evidence_label, 1)
        widget: QWidget  # the loops below lay out each form's fields
        for label, widget in ((self.tr("Date:"), self.progress_date), (self.tr("Progress:"), self.progress_text),
                              (self.tr("Done %:"), self.progress_percent), (self.tr("Evidence:"), self.evidence_reference)):
            form.addRow(label, widget)
        form.addRow(attach)
        form.addRow(self.progress_button)

        self.marks_group, form, self.marks_messages = form_group(self.tr("Supervisor's marks (0-100)"), self)
        self.quantitative = percent_box(self.marks_group, self.tr("Quantitative mark"))
        self.qualitative = percent_box(self.marks_group, self.tr("Qualitative mark"))
        self.mark_comment = text_box(self.marks_group, self.tr("Supervisor's comment"))
        self.marked_on = date_box(self.marks_group, self.tr("Marked on"))
        self.marks_button = QPushButton(self.tr("Save &marks"), self.marks_group)
        for label, widget in ((self.tr("Quantitative:"), self.quantitative), (self.tr("Qualitative:"), self.qualitative),
                              (self.tr("Comment:"), self.mark_comment), (self.tr("Marked on:"), self.marked_on)):
            form.addRow(label, widget)
        form.addRow(self.marks_button)

        self.appeal_group, form, self.appeal_messages = form_group(self.tr("Appeal (rufaa)"), self)
        self.grounds = text_box(self.appeal_group, self.tr("Grounds of appeal"))
        self.lodged_on = date_box(self.appeal_group, self.tr("Appeal lodged on"))
        self.appeal_button = QPushButton(self.tr("&Lodge appeal"), self.appeal_group)
        self.outcome = choice_box(self.appeal_group, self.tr("Outcome of the appeal"))
        self.outcome.addItem(self.tr("Upheld: revised marks count"), "upheld")
        self.outcome.addItem(self.tr("Dismissed: the marks stand"), "dismissed")
        self.decision = text_box(self.appeal_group, self.tr("Decision"))
        self.revised_quantitative = percent_box(self.appeal_group, self.tr("Revised quantitative mark"))
        self.revised_qualitative = percent_box(self.appeal_group, self.tr("Revised qualitative mark"))
        self.decided_on = date_box(self.appeal_group, self.tr("Decided on"))
        self.decide_button = QPushButton(self.tr("Record &outcome"), self.appeal_group)
        for label, widget in ((self.tr("Grounds:"), self.grounds), (self.tr("Lodged on:"), self.lodged_on)):
            form.addRow(label, widget)
        form.addRow(self.appeal_button)
        for label, widget in ((self.tr("Outcome:"), self.outcome), (self.tr("Decision:"), self.decision),
                              (self.tr("Revised quantitative:"), self.revised_quantitative),
                              (self.tr("Revised qualitative:"), self.revised_qualitative),
                              (self.tr("Decided on:"), self.decided_on)):
            form.addRow(label, widget)
        form.addRow(self.decide_button)

        forms = QWidget(self)
        column = QVBoxLayout(forms)
        for widget in (self.chosen_label, self.score_label, self.history_label, self.progress_group, self.marks_group,
                       self.appeal_group):
            column.addWidget(widget)
        column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addWidget(scrolled(forms, self), 2)

        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_chosen())
        self.attach_button.clicked.connect(self._choose_file)
        self.progress_button.clicked.connect(self._add_progress)
        self.marks_button.clicked.connect(self._save_marks)
        self.appeal_button.clicked.connect(self._lodge_appeal)
        self.decide_button.clicked.connect(self._decide)
        self._show_chosen()

    def show_state(self, state: ScreenState, keep: str | None = None) -> None:
        self._state = state
        self.model.set_rows(list(state.rows))
        if keep is not None:
            self.select(keep)
        self._show_chosen()

    def select(self, assignment_id: str) -> bool:
        self.model.fetch_all()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == assignment_id:
                self.table.selectRow(self.filter.mapFromSource(self.model.index(row, 0)).row())
                return True
        return False

    def chosen(self) -> AssignmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.filter.mapToSource(rows[0]).row()) if rows else None

    def _show_chosen(self) -> None:
        row = self.chosen()
        for group in (self.progress_group, self.marks_group, self.appeal_group):
            group.setEnabled(row is not None)
        if row is None or self._state is None:
            self.chosen_label.setText(self.tr("Choose an assigned sub-task."))
            self.score_label.clear()
            self.history_label.clear()
            return
        self.chosen_label.setText(self.tr(
                "<b>{0}</b>, {1}: {2} {3} (task {4}, {5}%)").format(row.person_name,
                row.period_label,
                row.sub_task_code,
                row.sub_task_title,
                row.task_code,
                plain_number(row.task_weight)))
        period, band = self._state.period_scores.get((row.person_id, row.period_label), (None, ""))
        annual, annual_band = self._state.annual_scores.get(row.person_id, (None, ""))
        mark = self.tr("not marked yet") if row.mark is None else self.tr("mark {0:.1f}").format(row.mark)
        self.score_label.setText(
            self.tr(
                    "This sub-task: {0}. Period score: {1} {2}. Annual score: {3} {4}.").format(mark,
                    '—' if period is None else f'{period:.1f}',
                    band,
                    '—' if annual is None else f'{annual:.1f}',
                    annual_band))
        chosen_day = day_of(self.progress_date)
        if not row.period_start <= chosen_day <= row.period_end:  # start where an entry can go
            self.progress_date.setDate(qt_day(min(max(self.today(), row.period_start), row.period_end)))
        entries = [f"{e.entry_date.isoformat()}: {plain_number(e.percent_done)}% {e.text}"
                   + (f" [{e.evidence}]" if e.evidence else "") for e in row.progress]
        self.history_label.setText(self.tr("Progress so far:\n") + "\n".join(entries) if entries else self.tr(
                "No progress entered yet."))
        if overdue := row.progress_overdue(self._state.progress_every_days, self.today()):
            self.history_label.setText(f"{self.history_label.text()}\n{overdue}")
        if row.quantitative is not None and row.qualitative is not None:
            self.quantitative.setValue(row.quantitative)
            self.qualitative.setValue(row.qualitative)
            self.mark_comment.setText(row.mark_comment or "")

    def today(self) -> date:
        """The day progress is judged on (tests set ``fixed_today``)."""
        return self.fixed_today or date.today()

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Evidence for this progress entry"))
        if path:
            self.attach(Path(path).name, Path(path).read_bytes())

    def attach(self, name: str, content: bytes) -> None:
        self.evidence = (name, content)
        self.evidence_label.setText(name)

    def _add_progress(self) -> None:
        row, evidence = self.chosen(), self.evidence
        if row is None:  # the forms are enabled only with a sub-task chosen
            return
        values = {"entry_date": iso(self.progress_date), "text": self.progress_text.text(),
                  "percent_done": self.progress_percent.value(), "evidence_reference": self.evidence_reference.text()}
        self._submit(lambda s, actor: pepmis.add_progress(s, actor, row.id, values, evidence), self.progress_messages,
                     self.tr("Progress added."), self.progress_saved)

    def progress_saved(self) -> None:
        self.evidence = None
        self.evidence_label.setText(self.tr("No file attached"))
        self.progress_text.clear()
        self.evidence_reference.clear()

    def _save_marks(self) -> None:
        row = self.chosen()
        if row is None:
            return
        values = {"quantitative_mark": self.quantitative.value(), "qualitative_mark": self.qualitative.value(),
                  "mark_comment": self.mark_comment.text(), "marked_on": iso(self.marked_on)}
        self._submit(lambda s, actor: pepmis.mark_sub_task(s, actor, row.id, values), self.marks_messages,
                     self.tr("Marks saved."))

    def _lodge_appeal(self) -> None:
        row = self.chosen()
        if row is None:
            return
        values = {"grounds": self.grounds.text(), "lodged_on": iso(self.lodged_on)}
        self._submit(lambda s, actor: pepmis.lodge_appeal(s, actor, row.id, values), self.appeal_messages,
                     self.tr("Appeal lodged."))

    def _decide(self) -> None:
        row = self.chosen()
        if row is None:
            return
        waiting = [appeal for appeal in row.appeals if appeal.outcome is None]
        if not waiting:
            self.appeal_messages.show_general(self.tr("No appeal on this sub-task is waiting for its outcome."))
            return
        outcome = self.outcome.currentData()
        upheld = outcome == "upheld"
        values = {"decision": self.decision.text(), "decided_on": iso(self.decided_on),
                  "revised_quantitative_mark": self.revised_quantitative.value() if upheld else None,
                  "revised_qualitative_mark": self.revised_qualitative.value() if upheld else None}
        appeal_id = waiting[-1].id
        self._submit(lambda s, actor: pepmis.decide_appeal(s, actor, appeal_id, outcome, values),
                     self.appeal_messages, self.tr("Appeal {0}.").format(outcome))
