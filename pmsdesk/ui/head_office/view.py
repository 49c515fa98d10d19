"""The head-office screen: organisations ranked by targets achieved for the chosen year and quarter, what each
office last sent (and any package numbers missing), conflicts waiting, package imports refused here (with
the plain reason and what to do), and the league table printed or saved as a PDF with the same columns.

Meant for databases holding more than one organisation (a head office consolidating offices).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.scoring import headline
from pmsdesk.services.actor import Actor
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.reports.bar import PrintSaveBar
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.refusals import RefusalsModel, RefusalsTable
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.wording import count_of

from ..translation import translated
from . import work
from .models import LeagueModel, OfficesModel
from .work import Consolidation

PERIODS = ((QT_TR_NOOP("Latest reported quarter"), None), ("Q1", 1), ("Q2", 2), ("Q3", 3), ("Q4", 4))
ERROR_STYLE = "color: #a4262c;"


class HeadOfficeView(QWidget):
    """Read-only apart from printing; scoring every organisation runs off the GUI thread."""

    title = QT_TR_NOOP("Head office")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self.league_model = LeagueModel(self)
        self.offices_model = OfficesModel(self)
        self.refusals_model = RefusalsModel(self)
        self.period = QComboBox(self)
        self.period.setAccessibleName(self.tr("Score as of quarter"))
        for text, number in PERIODS:
            self.period.addItem(translated(text), number)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.print_bar = PrintSaveBar(operations, actor, self._league_request, self,
                                      print_text=self.tr("&Print league table…"), save_text=self.tr("Save as P&DF…"))
        self.print_bar.message.hide()  # the outcome shows below the tables, with the screen's other news
        self.print_button, self.save_button = self.print_bar.print_button, self.print_bar.save_button
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.league = ReadOnlyTable(self.league_model, self.league_model.columns, LeagueModel.NAME, self)
        self.league.setAccessibleName(self.tr("League table of organisations"))
        self.league.sortByColumn(LeagueModel.RANK, Qt.SortOrder.AscendingOrder)
        self.offices = ReadOnlyTable(self.offices_model, self.offices_model.columns, OfficesModel.ORGANISATIONS, self)
        self.offices.setAccessibleName(self.tr("Packages received per office"))
        self.offices.sortByColumn(OfficesModel.OFFICE, Qt.SortOrder.AscendingOrder)
        self.refusals = RefusalsTable(self.refusals_model, self.tr("Package imports refused here"), self)
        self.tabs = QTabWidget(self)
        self._lay_out()
        self.period.currentIndexChanged.connect(self.reload)
        self.print_bar.actions.said.connect(self._say)
        self._show(None)

    def _lay_out(self) -> None:
        period_label = QLabel(self.tr("&Quarter:"), self)
        period_label.setBuddy(self.period)
        bar = QHBoxLayout()
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.print_bar)
        league = QGroupBox(self.tr("League table"), self)
        QVBoxLayout(league).addWidget(self.league)
        self.tabs.addTab(self.offices, self.tr("Packages &received per office"))
        self.tabs.addTab(self.refusals, self.tr("Re&fused imports"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(league)
        splitter.addWidget(self.tabs)
        splitter.setSizes([400, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    def show_year(self, year: FinancialYearSummary | None) -> None:
        """Every organisation is ranked for the same year label as the one chosen in the top bar."""
        self._year = year
        self.reload()

    def period_number(self) -> int | None:
        return self.period.currentData()

    def reload(self, *_args) -> None:
        if self._year is None:
            self._show(None)
            return
        actor, label, period = self._actor, self._year.label, self.period_number()
        self._operations.run(lambda context: work.load(context.session, actor, label, period), self._show,
                             self._show_failure, label=self.tr("Scoring every organisation for {0}…").format(label))

    def _league_request(self) -> tuple[ReportRequest, None] | None:
        if self._year is None:
            return None
        return ReportRequest("league-table", year=self._year.label, period=self.period_number()), None

    def _show(self, consolidation: Consolidation | None) -> None:
        self.league_model.set_rows(consolidation.league.rows if consolidation else ())
        for column in (LeagueModel.CODE, LeagueModel.OFFICE):  # codes are read whole: 'ZA-FS203', never 'ZA-FS…'
            self.league.resizeColumnToContents(column)
        self.offices_model.set_rows(consolidation.offices if consolidation else ())
        self.refusals_model.set_rows(consolidation.refused if consolidation else ())
        still = self.refusals_model.still_refused()
        self.tabs.setTabText(1, self.tr(
                "Re&fused imports ({0} still refused)").format(still) if still else self.tr("Re&fused imports"))
        self.print_bar.set_enabled(consolidation is not None)
        if consolidation is None:
            self.summary.setText(self.tr("Choose a financial year in the top bar."))
            return
        self.summary.setText(summary_text(consolidation))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _show_failure(self, error: Exception) -> None:
        if not isinstance(error, (ServiceError, ReportError)):
            raise error
        self._say(str(error), error=True)


def summary_text(consolidation: Consolidation) -> str:
    """'Targets achieved 400 of 700 (57.1%) across 3 organisations (3 ranked), 2025/26 to Q2; 2 sending offices;
    …': the whole consolidation in one sentence, the lead figure first."""
    league = consolidation.league
    rows = league.rows
    ranked = sum(1 for row in rows if row.rank is not None)
    achieved = sum(row.targets_achieved for row in rows)
    due = sum(row.targets for row in rows)
    quarter = QCoreApplication.translate("head_office.view",
            " to {0}").format(league.period_label.split(' ')[0]) if league.period_label else ""
    lead = (QCoreApplication.translate("head_office.view",
            "Targets achieved {0} across ").format(headline.x_of_y({'achieved': achieved, 'not_achieved': due - achieved}))
            if due else QCoreApplication.translate("head_office.view", "No target due yet across "))
    parts = [QCoreApplication.translate("head_office.view",
            "{0}{1} ({2} ranked), {3}{4}").format(lead,
            count_of(len(rows), 'organisation'),
            ranked,
            consolidation.year_label,
            quarter),
             count_of(len(consolidation.offices), "sending office")]
    if league.silent:
        parts.append(QCoreApplication.translate("head_office.view",
                "nothing reported{0} by {1}").format(quarter, count_of(len(league.silent), 'organisation')))
    waiting = sum(office.open_conflicts for office in consolidation.offices)
    if waiting:
        parts.append(QCoreApplication.translate("head_office.view",
                "{0} waiting (decide them on the Sync screen)").format(count_of(waiting, 'conflict')))
    gaps = sum(1 for office in consolidation.offices if office.missing)
    if gaps:
        parts.append(QCoreApplication.translate("head_office.view",
                "{0} with missing packages").format(count_of(gaps, 'office')))
    refused = sum(1 for attempt in consolidation.refused if attempt.status == "still refused")
    if refused:
        parts.append(QCoreApplication.translate("head_office.view",
                "{0} not yet made good (see Refused imports)").format(count_of(refused, 'refused import')))
    return "; ".join(parts) + "."
