"""The dashboard screen: traffic lights, work waiting, the at-risk list and a KPI's trend.

It reads the figures again whenever it is shown, and on Refresh (F5).

Clicking a bar (or choosing it with the arrow keys and pressing Enter) lists the
at-risk KPIs of that directorate or KPA: a bar counts KPIs, so what a user wants
next is which of them need attention. A KPI opens (``kpi_requested``) from the
at-risk list by double-click or Enter, or from the trend's KPI picker.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelection, QModelIndex, Signal
from PySide6.QtWidgets import QWidget

from pmsdesk.scoring import headline
from pmsdesk.services import worklists
from pmsdesk.services.actor import Actor
from pmsdesk.services.dashboard import Dashboard, dashboard, opening_quarter
from pmsdesk.services.errors import ServiceError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.services.worklists import PeriodSummary
from pmsdesk.ui.operations import Operations, WorkContext
from pmsdesk.ui.translation import QT_TR_NOOP, translated
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import count_of

from .layout import FIGURES, DashboardLayout


class DashboardView(QWidget):
    """The chosen year as of the chosen quarter; reloads on ``show_year`` and ``refresh``."""

    title = QT_TR_NOOP("Dashboard")
    #: A KPI's id, when the user asks to open it.
    kpi_requested = Signal(str)

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._today = today or date.today()
        self._year: FinancialYearSummary | None = None
        self._words = vocabulary_for(None)
        self._dashboard: Dashboard | None = None
        #: Another screen was used since the figures were read: values may have been reviewed meanwhile.
        self._stale = False
        self._filter: tuple[str, str] | None = None  # ("directorate" | "kpa", name)
        self.ui = DashboardLayout()
        self.ui.setup(self)
        self.ui.periods.period_changed.connect(self._load)
        self.ui.figures.currentIndexChanged.connect(lambda _index: self._show_lights())
        self.ui.refresh_button.clicked.connect(self.refresh)
        self.ui.by_directorate.bar_activated.connect(lambda name: self.filter_at_risk("directorate", name))
        self.ui.by_kpa.bar_activated.connect(lambda name: self.filter_at_risk("kpa", name))
        self.ui.show_all.clicked.connect(lambda: self.filter_at_risk(None, None))
        self.ui.table.activated.connect(self._row_activated)
        self.ui.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.ui.kpis.currentIndexChanged.connect(lambda _index: self._show_trend())
        self.ui.open_kpi.clicked.connect(self._open_chosen_kpi)
        self._show(None)

    # -- loading -------------------------------------------------------------------
    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        self._words = vocabulary_for(year.country if year else None)
        self.ui.name_groups(self._words)
        self._stale = False  # the new year is read now; no second read when the screen shows
        if year is None:
            self.ui.periods.set_periods([], None)
            return
        today = self._today

        def quarters(context: WorkContext) -> tuple[list[PeriodSummary], PeriodSummary | None]:
            periods = worklists.quarters(context.session, year.id)
            return periods, opening_quarter(context.session, periods, today)

        self._operations.run(quarters, lambda found: self.ui.periods.set_periods(*found),
                             self._failed, label=self.tr("Loading the quarters…"))

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        if self._dashboard is not None and not event.spontaneous():
            self._stale = True

    def showEvent(self, event) -> None:
        """Coming back to the dashboard reads it again, once."""
        super().showEvent(event)
        if self._stale and not event.spontaneous():
            self._stale = False
            self.refresh()

    def refresh(self) -> None:
        """Read the chosen quarter's figures again (after values were reported or reviewed)."""
        self._load(self.ui.periods.period())

    def _load(self, period: PeriodSummary | None) -> None:
        year, actor, today = self._year, self._actor, self._today
        if year is None or period is None:
            self._show(None)
            return
        self._operations.run(lambda context: dashboard(context.session, actor, year.id, period.id, today=today),
                             self._show, self._failed, label=self.tr("Loading the dashboard…"))

    def _failed(self, error: Exception) -> None:
        if not isinstance(error, ServiceError):
            raise error
        self._show(None)
        self.ui.message.setText(self.tr("The dashboard could not be shown: {0}").format(error))
        self.ui.message.show()

    # -- showing ---------------------------------------------------------------------
    def dashboard(self) -> Dashboard | None:
        return self._dashboard

    def _show(self, shown: Dashboard | None) -> None:
        self._dashboard = shown
        self.ui.message.hide()
        # At the last quarter the year to date is the year's result: say so rather than "year to date".
        whole_year = shown is not None and shown.whole_year
        self.ui.figures.setItemText(1, self.tr("Whole year") if whole_year else translated(FIGURES[1]))
        tiles = self.ui.tiles
        if shown is None:
            for tile in tiles.values():
                tile.set_count(None)
        else:
            work, period = shown.work, self.tr(" in {0}").format(shown.period_label)
            tiles["submission"].set_count(work.awaiting_submission, period)
            tiles["verification"].set_count(work.awaiting_verification, period)
            tiles["approval"].set_count(work.awaiting_approval, period)
            tiles["at_risk"].set_count(len(shown.at_risk), self.tr(" of missing the year-end target"))
        if shown and shown.problems:
            self.ui.message.setText(self.tr(
                    "Left out because they could not be scored ({0}): {1}").format(count_of(len(shown.problems), 'KPI'),
                    '; '.join(shown.problems[:3])))
            self.ui.message.show()
        self._show_lights()
        self._fill_kpi_picker()
        self._show_at_risk()

    def _show_lights(self) -> None:
        shown = self._dashboard
        if shown is None:
            empty = self.tr("Choose an organisation, year and quarter to see its traffic lights.")
            self.ui.by_directorate.set_chart(None, empty)
            self.ui.by_kpa.set_chart(None, empty)
            for label in (self.ui.headline, self.ui.second_figure, self.ui.directorate_targets,
                          self.ui.kpa_targets):
                label.setText("")
            return
        year_to_date = self.ui.figures.currentIndex() == 1
        lights = shown.year_to_date if year_to_date else shown.quarter
        span = shown.year_to_date_words() if year_to_date else shown.period_label
        whole = lights.organisation
        self.ui.headline.setText(f"{headline.headline(whole)} ({span})" if whole else "")
        mean = "–" if whole is None or whole.score is None else f"{whole.score:.1f}%"
        self.ui.second_figure.setText(
            self.tr("Weighted mean achievement {0}").format(mean) + (f" · {translated(whole.category_name)}" if whole else "")
            + self.tr(". A target not reported by its deadline counts as not achieved."))
        for label, title, groups in (
                (self.ui.directorate_targets, self.tr(
                        "Targets achieved by {0}").format(translated(self._words.unit_word)), lights.directorates),
                (self.ui.kpa_targets, self.tr("Targets achieved by {0}").format(translated(self._words.kpa_long)), lights.kpas)):
            label.setText(f"{title}: " + "; ".join(
                f"{name} {headline.x_of_y(rollup)}"
                + (self.tr(", {0} not reported").format(rollup.not_reported) if rollup.not_reported else "")
                for name, rollup in groups.items()))
        self.ui.by_directorate.set_chart(lights.by_directorate)
        self.ui.by_kpa.set_chart(lights.by_kpa)

    def filter_at_risk(self, grouping: str | None, name: str | None) -> None:
        """List only the at-risk KPIs of one directorate or KPA (None: all of them)."""
        self._filter = (grouping, name) if grouping and name else None
        self._show_at_risk()

    def _show_at_risk(self) -> None:
        rows = list(self._dashboard.at_risk) if self._dashboard else []
        total = len(rows)
        if self._filter is not None:
            grouping, name = self._filter
            rows = [row for row in rows if getattr(row, grouping) == name]
        self.ui.model.set_rows(rows)
        if self._dashboard is None:
            text = ""
        elif self._filter is not None:
            text = self.tr("At-risk KPIs in {0}: {1} of {2}").format(self._filter[1], len(rows), total)
        else:
            text = (self.tr(
                    "At-risk KPIs: {0}. Click a bar above to list "
                    "one {1}'s or {2}'s.").format(total, self._words.unit_word, self._words.kpa_long))
        self.ui.filter_label.setText(text)
        self.ui.show_all.setEnabled(self._filter is not None)

    def _fill_kpi_picker(self) -> None:
        chosen = self.ui.kpis.currentData()
        combo = self.ui.kpis
        combo.blockSignals(True)
        combo.clear()
        kpis = self._dashboard.trends.kpis if self._dashboard else ()
        for kpi in kpis:
            combo.addItem(f"{kpi.reference} {kpi.name}", kpi.kpi_id)
        if kpis:
            at_risk = self._dashboard.at_risk
            wanted = chosen if combo.findData(chosen) >= 0 else (at_risk[0].kpi_id if at_risk else kpis[0].kpi_id)
            combo.setCurrentIndex(combo.findData(wanted))
        combo.blockSignals(False)
        self.ui.open_kpi.setEnabled(bool(kpis))
        self._show_trend()

    def _show_trend(self) -> None:
        kpi_id = self.ui.kpis.currentData()
        if self._dashboard is None or kpi_id is None:
            self.ui.trend.set_chart(None, self.tr("Choose a KPI to see its targets and actuals per quarter."))
            return
        self.ui.trend.set_chart(self._dashboard.trends.chart(kpi_id))

    # -- choosing and opening KPIs -------------------------------------------------------
    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.choose_kpi(self.ui.model.row_at(indexes[0].row()).kpi_id)

    def choose_kpi(self, kpi_id: str) -> bool:
        """Show the trend of ``kpi_id``; False when the dashboard does not hold it."""
        index = self.ui.kpis.findData(kpi_id)
        if index >= 0:
            self.ui.kpis.setCurrentIndex(index)
        return index >= 0

    def _row_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.kpi_requested.emit(self.ui.model.row_at(index.row()).kpi_id)

    def _open_chosen_kpi(self) -> None:
        kpi_id = self.ui.kpis.currentData()
        if kpi_id is not None:
            self.kpi_requested.emit(kpi_id)
