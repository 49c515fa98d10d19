"""The PEPMIS screen: the plan and assignments, the work of the period, and the printed reports.

Every change goes through :mod:`pmsdesk.services.pepmis` off the GUI thread; a
refusal is shown in the form that asked, and success reloads the whole year so
scores, weights and lists never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.reports.pdf.issue import issue_report, preview_report
from pmsdesk.services import pepmis
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.pepmis import ScreenState
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.document_preview import DocumentPreview
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label

from .forms import choice_box, set_choices
from .plan_panel import PlanPanel
from .work_panel import WorkPanel

PLAN_TAB, WORK_TAB, REPORT_TAB = range(3)


class PepmisView(QWidget):
    """Tanzanian PEPMIS / PIPMIS for the year chosen in the top bar."""

    title = QT_TR_NOOP("PEPMIS")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self._state: ScreenState | None = None
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("What happened last"))
        self.plan = PlanPanel(self._submit, self)
        self.work = WorkPanel(self._submit, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.plan, self.tr("&Plan and assignments"))
        self.tabs.addTab(self.work, self.tr("Sub-tasks, progress and &marks"))
        self.tabs.addTab(self._report_tab(), self.tr("&Reports"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)

    def _report_tab(self) -> QWidget:
        tab = QWidget(self)
        self.report_person = choice_box(tab, self.tr("Employee to print"))
        self.preview_button = QPushButton(self.tr("Pre&view employee report"), tab)
        self.summary_button = QPushButton(self.tr("Preview institution &summary"), tab)
        self.save_button = QPushButton(self.tr("Save as P&DF…"), tab)
        self.report_messages = FieldMessages(message_label(tab, self.tr("Report message")), {})
        self.preview = DocumentPreview(tab)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Employee:"), tab))
        for widget in (self.report_person, self.preview_button, self.summary_button, self.save_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.addLayout(bar)
        layout.addWidget(self.report_messages.general)
        layout.addWidget(self.preview, 1)
        self._last_request: ReportRequest | None = None
        self.preview_button.clicked.connect(lambda: self.show_report(summary=False))
        self.summary_button.clicked.connect(lambda: self.show_report(summary=True))
        self.save_button.clicked.connect(self._ask_where_to_save)
        return tab

    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        year = self._year
        if year is None:
            self.status.setText(self.tr("Choose a financial year in the top bar."))
            return
        self._operations.run(lambda context: pepmis.screen_state(context.session, year.organisation_id, year.id),
                             lambda state: self._show(state, keep), self.report_messages.show_error,
                             label=self.tr("Loading PEPMIS…"))

    def _show(self, state: ScreenState, keep: str | None) -> None:
        self._state = state
        year = self._year
        if year is None:  # loaded for a year, so one is chosen
            return
        self.plan.show_state(year.organisation_id, year.id, state)
        self.work.show_state(state, keep)
        assigned = {row.person_id for row in state.rows}
        set_choices(self.report_person, [(p.label, p.id) for p in state.people if p.id in assigned])

    def _submit(self, work: Callable[[Any, Actor], Any], messages: FieldMessages, done: str,
                after: Callable[[], None] | None = None) -> None:
        """Run one service write; show its refusal in ``messages``, or say ``done``, call ``after`` and reload."""
        actor, keep = self._actor, self.work.chosen()
        messages.clear()

        def saved(_result: Any) -> None:
            self.status.setText(done)
            if after is not None:
                after()
            self.reload(keep.id if keep else None)

        self._operations.run(lambda context: work(context.session, actor), saved, messages.show_error,
                             label=self.tr("Saving…"))

    def _request(self, summary: bool) -> ReportRequest | None:
        if self._year is None or self._state is None:
            return None
        code = self._state.organisation_code
        if summary:
            return ReportRequest("pepmis-summary", year=self._year.label, organisation=code)
        person_id = self.report_person.currentData()
        if person_id is None:
            self.report_messages.show_general(self.tr("Nobody has assigned sub-tasks this year yet."))
            return None
        return ReportRequest("pepmis", year=self._year.label, organisation=code, person=person_id)

    def show_report(self, summary: bool) -> None:
        request, actor = self._request(summary), self._actor
        if request is None:
            return
        self.report_messages.clear()
        self._last_request = request

        def work(context) -> bytes:
            return preview_report(context.session, actor, request)

        self._operations.run(work, self.preview.show_pdf, self._report_failed, label=self.tr("Preparing the report…"))

    def _report_failed(self, error: Exception) -> None:
        if isinstance(error, (ReportError, ServiceError)):
            self.report_messages.show_general(str(error))
            return
        raise error

    def _ask_where_to_save(self) -> None:
        request = self._last_request or self._request(summary=False)
        if request is None or self._year is None:
            return
        suggested = f"{request.kind}-{self._year.label.replace('/', '-')}.pdf"
        out, _ = QFileDialog.getSaveFileName(self, self.tr(
                "Save the PEPMIS report"), suggested, self.tr("PDF documents (*.pdf)"))
        if out:
            self.save_report(request, out)

    def save_report(self, request: ReportRequest, out: str) -> None:
        """Issue (fingerprint and register) the report as a PDF file at ``out``."""
        actor = self._actor

        def work(context):
            return issue_report(context.session, actor, request, out)

        self._operations.run(work, lambda issued: self.status.setText(
            self.tr("Saved {0} ({1} pages) to {2}.").format(issued.title, issued.pages, issued.path)), self._report_failed,
            label=self.tr("Saving the report…"))
