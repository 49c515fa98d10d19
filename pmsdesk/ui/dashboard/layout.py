"""The dashboard's widgets and where they sit; behaviour lives in ``view.py``.

Everything below the quarter bar scrolls vertically, so the screen fits a
1366×768 laptop without a sideways scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pmsdesk.ui.translation import QT_TR_NOOP, translated
from pmsdesk.ui.widgets.chart_view import ChartView
from pmsdesk.ui.widgets.field_messages import message_label
from pmsdesk.ui.widgets.period_picker import PeriodPicker
from pmsdesk.ui.widgets.screen_parts import quarter_bar, scrolled
from pmsdesk.ui.widgets.tables import ReadOnlyTable
from pmsdesk.vocabulary import Vocabulary

from .at_risk_model import AtRiskModel
from .tiles import CountTile

FIGURES = (QT_TR_NOOP("This quarter"), QT_TR_NOOP("Year to date"))
BAR_HINT = QT_TR_NOOP("click or press Enter to list its at-risk KPIs")
TABLE_HEIGHT = 250


class DashboardLayout:
    """Builds the dashboard's widgets into ``screen``."""

    def setup(self, screen: QWidget) -> None:
        self.periods = PeriodPicker(screen)
        self.figures = QComboBox(screen)
        self.figures.addItems([translated(figure) for figure in FIGURES])
        self.figures.setAccessibleName(QCoreApplication.translate("DashboardLayout", "Traffic lights of"))
        figures_label = QLabel(QCoreApplication.translate("DashboardLayout", "&Show:"), screen)
        figures_label.setBuddy(self.figures)
        self.refresh_button = QPushButton(QCoreApplication.translate("DashboardLayout", "&Refresh"), screen)
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.setToolTip(QCoreApplication.translate("DashboardLayout", "Read the figures again (F5)"))
        bar = quarter_bar(self.periods, screen)
        bar.addWidget(figures_label)
        bar.addWidget(self.figures)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        self.message = message_label(screen, QCoreApplication.translate("DashboardLayout", "Dashboard message"))

        body = QWidget(screen)
        self.tiles = {
            "submission": CountTile(QCoreApplication.translate("DashboardLayout",
                    "Awaiting submission"), QCoreApplication.translate("DashboardLayout",
                    "KPIs due this quarter with no value, a draft or a returned value"), body),
            "verification": CountTile(QCoreApplication.translate("DashboardLayout",
                    "Awaiting verification"), QCoreApplication.translate("DashboardLayout",
                    "Values submitted, not yet verified"), body),
            "approval": CountTile(QCoreApplication.translate("DashboardLayout",
                    "Awaiting approval"), QCoreApplication.translate("DashboardLayout",
                    "Values verified, not yet approved"), body),
            "at_risk": CountTile(QCoreApplication.translate("DashboardLayout",
                    "At risk"), QCoreApplication.translate("DashboardLayout",
                    "KPIs projected to miss their year-end target"), body),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        self.headline = QLabel(body)
        self.headline.setObjectName("dashboard-headline")
        self.headline.setStyleSheet("QLabel#dashboard-headline { font-size: 13pt; font-weight: 600; }")
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(QCoreApplication.translate("DashboardLayout", "Targets achieved"))
        self.second_figure = QLabel(body)
        self.second_figure.setWordWrap(True)
        self.directorate_targets = QLabel(body)
        self.kpa_targets = QLabel(body)
        for label, name in ((self.directorate_targets, QCoreApplication.translate("DashboardLayout",
                "Targets achieved by directorate")),
                            (self.kpa_targets, QCoreApplication.translate("DashboardLayout",
                                    "Targets achieved by key performance area"))):
            label.setWordWrap(True)
            label.setAccessibleName(name)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.by_directorate = ChartView(QCoreApplication.translate("DashboardLayout",
                "Traffic lights by unit"), body, activate_hint=BAR_HINT)
        self.by_kpa = ChartView(QCoreApplication.translate("DashboardLayout",
                "Traffic lights by key performance area"), body, activate_hint=BAR_HINT)
        chart_row = QHBoxLayout()
        for chart, targets in ((self.by_directorate, self.directorate_targets),
                               (self.by_kpa, self.kpa_targets)):
            column = QVBoxLayout()
            column.addWidget(targets)
            column.addWidget(chart)
            column.addStretch(1)
            chart_row.addLayout(column, 1)

        self.filter_label = QLabel(body)
        self.filter_label.setWordWrap(True)
        self.show_all = QPushButton(QCoreApplication.translate("DashboardLayout", "Show &all"), body)
        self.show_all.setToolTip(QCoreApplication.translate("DashboardLayout", "List every at-risk KPI again"))
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_label, 1)
        filter_row.addWidget(self.show_all)
        self.model = AtRiskModel(body)
        self.table = ReadOnlyTable(self.model, self.model.columns, AtRiskModel.REASON, body)
        self.table.sortByColumn(AtRiskModel.REFERENCE, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(QCoreApplication.translate("DashboardLayout", "KPIs at risk"))
        self.table.setAccessibleDescription(QCoreApplication.translate("DashboardLayout",
                "Enter or double-click opens the KPI"))
        self.table.setMinimumHeight(TABLE_HEIGHT)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        at_risk = QVBoxLayout()
        at_risk.addLayout(filter_row)
        at_risk.addWidget(self.table, 1)

        self.kpis = QComboBox(body)
        self.kpis.setAccessibleName(QCoreApplication.translate("DashboardLayout", "KPI whose trend is shown"))
        self.kpis.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kpis.setMinimumContentsLength(20)
        kpis_label = QLabel(QCoreApplication.translate("DashboardLayout", "&Trend of:"), body)
        kpis_label.setBuddy(self.kpis)
        self.open_kpi = QPushButton(QCoreApplication.translate("DashboardLayout", "&Open KPI"), body)
        self.open_kpi.setToolTip(QCoreApplication.translate("DashboardLayout", "Open the chosen KPI"))
        picker_row = QHBoxLayout()
        picker_row.addWidget(kpis_label)
        picker_row.addStretch(1)
        picker_row.addWidget(self.open_kpi)
        self.trend = ChartView(QCoreApplication.translate("DashboardLayout", "Trend of the chosen KPI"), body)
        trend = QVBoxLayout()
        trend.addLayout(picker_row)
        trend.addWidget(self.kpis)  # a row of its own: KPI names are long, and a cut name hides which KPI it is
        trend.addWidget(self.trend)
        trend.addStretch(1)
        lower = QHBoxLayout()
        lower.addLayout(at_risk, 1)
        lower.addLayout(trend, 1)

        content = QVBoxLayout(body)
        content.setContentsMargins(0, 4, 4, 4)
        content.addWidget(self.headline)
        content.addWidget(self.second_figure)
        content.addLayout(tiles)
        content.addLayout(chart_row)
        content.addLayout(lower, 1)
        layout = QVBoxLayout(screen)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(scrolled(body, screen), 1)
        order = [self.periods, self.figures, self.refresh_button, self.by_directorate, self.by_kpa,
                 self.show_all, self.table, self.kpis, self.open_kpi, self.trend]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def name_groups(self, words: Vocabulary) -> None:
        """Name the two groupings as the organisation's country does ("directorate", "criteria category")."""
        for widget, text in ((self.directorate_targets, QCoreApplication.translate("DashboardLayout",
                "Targets achieved by {0}").format(words.unit_word)),
                             (self.kpa_targets, QCoreApplication.translate("DashboardLayout",
                                     "Targets achieved by {0}").format(words.kpa_long)),
                             (self.by_directorate, QCoreApplication.translate("DashboardLayout",
                                     "Traffic lights by {0}").format(words.unit_word)),
                             (self.by_kpa, QCoreApplication.translate("DashboardLayout",
                                     "Traffic lights by {0}").format(words.kpa_long))):
            widget.setAccessibleName(text)
        self.model.name_groups(words)
