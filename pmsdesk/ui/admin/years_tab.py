"""Financial years: each year with its quarters open or closed; the next year; closing and reopening."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from pmsdesk.services import register, years
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.years import PeriodState, YearOverview
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.tree_items import child_items, top_items
from pmsdesk.wording import a_date

from ..translation import translated
from .parts import Notice, ReasonDialog, confirm

PERIOD_ROLE = Qt.ItemDataRole.UserRole
CLOSED_BRUSH = QBrush(QColor("#6b6b6b"))
YEARS_HINT = (QT_TR_NOOP("The next year is laid out from the organisation's calendar with its quarters. Close a quarter once "
              "its report is final: its actuals can then no longer change. Reopening needs a reason, which "
              "the audit trail keeps."))


@dataclass(frozen=True)
class YearsState:
    """What the tab shows for one organisation: its years, and the year that would come next."""

    organisation_id: str | None
    years: list[YearOverview]
    next_label: str | None = None
    next_start_year: int | None = None
    next_start: str = ""
    next_end: str = ""


def read_years(session, organisation_id: str | None) -> YearsState:
    """The organisation's years (or the only organisation's, when the top bar has none chosen)."""
    if organisation_id is None:
        organisations = register.list_organisations(session)
        if len(organisations) != 1:
            return YearsState(None, [])
        organisation_id = organisations[0].id
    start_year = years.next_start_year(session, organisation_id)
    label, start, end = years.proposed_dates(session, organisation_id, start_year)
    return YearsState(organisation_id, years.year_overview(session, organisation_id), label, start_year,
                      a_date(start), a_date(end))


class YearsTab(QWidget):
    """Years latest first, each quarter with its state; buttons as the actor's permissions allow."""

    #: A year was created or a quarter closed or reopened: the top bar and quarter pickers should reload.
    years_changed = Signal()

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._state = YearsState(None, [])
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(self.tr("Financial years and quarters"))
        self.tree.setHeaderLabels([self.tr("Year / quarter"), self.tr("From"), self.tr("To"), self.tr("State")])
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((220, 130, 130)):
            self.tree.setColumnWidth(column, width)
        self.create_next = QPushButton(self.tr("Create the &next year"), self)
        self.close_period = QPushButton(self.tr("&Close quarter"), self)
        self.close_period.setToolTip(self.tr("Its actuals can no longer change until it is reopened"))
        self.reopen_period = QPushButton(self.tr("&Reopen quarter…"), self)
        self.notice = Notice(self, self.tr("Outcome"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        for button in (self.create_next, self.close_period, self.reopen_period):
            buttons.addWidget(button)
        hint = QLabel(translated(YEARS_HINT), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.create_next.setVisible(actor.can(Permission.MANAGE_FRAMEWORK))
        self.close_period.setVisible(actor.can(Permission.REOPEN))
        self.reopen_period.setVisible(actor.can(Permission.REOPEN))

        self.create_next.clicked.connect(self.create_next_year)
        self.close_period.clicked.connect(self.close_chosen)
        self.reopen_period.clicked.connect(self.open_reopen)
        self.tree.currentItemChanged.connect(lambda _item, _old: self._enable())
        self._enable()

    def load(self, organisation_id: str | None) -> None:
        self._operations.run(lambda context: read_years(context.session, organisation_id), self._show,
                             self.notice.refused, label=self.tr("Loading the financial years…"))

    def _show(self, state: YearsState) -> None:
        chosen = self.chosen_period()
        self._state = state
        self.tree.clear()
        for year in state.years:
            closed = sum(quarter.is_closed for quarter in year.quarters)
            item = QTreeWidgetItem(self.tree, [year.label, a_date(year.start_date), a_date(year.end_date),
                                               self.tr("{0} of {1} quarters closed").format(closed, len(year.quarters))])
            for quarter in year.quarters:
                child = QTreeWidgetItem(item, [quarter.label, a_date(quarter.start_date), a_date(quarter.end_date),
                                               self.tr("Closed") if quarter.is_closed else self.tr("Open")])
                child.setData(0, PERIOD_ROLE, quarter)
                if quarter.is_closed:
                    child.setForeground(3, CLOSED_BRUSH)
                if chosen is not None and quarter.id == chosen.id:
                    self.tree.setCurrentItem(child)
            item.setExpanded(True)
        if state.next_label:
            self.create_next.setText(self.tr(
                    "Create &{0} ({1} – {2})").format(state.next_label, state.next_start, state.next_end))
        elif state.organisation_id is None:
            self.notice.done(self.tr("Choose an organisation in the top bar to see its years."))
        self._enable()

    def chosen_period(self) -> PeriodState | None:
        item = self.tree.currentItem()
        return item.data(0, PERIOD_ROLE) if item is not None else None

    def select_quarter(self, year_label: str, quarter_label: str) -> bool:
        for year in top_items(self.tree):
            for quarter in child_items(year):
                if year.text(0) == year_label and quarter.text(0) == quarter_label:
                    self.tree.setCurrentItem(quarter)
                    return True
        return False

    def _enable(self) -> None:
        period = self.chosen_period()
        self.create_next.setEnabled(self._state.next_start_year is not None)
        self.close_period.setEnabled(period is not None and not period.is_closed)
        self.reopen_period.setEnabled(period is not None and period.is_closed)

    def create_next_year(self) -> None:
        state, actor = self._state, self._actor
        organisation_id, start_year = state.organisation_id, state.next_start_year
        if organisation_id is None or start_year is None:
            return
        self._operations.run(
            lambda context: years.create_financial_year(context.session, actor, organisation_id, start_year),
            lambda _year: self._done(self.tr("Created the financial year {0} with its quarters.").format(state.next_label)),
            self.notice.refused, label=self.tr("Creating the year…"))

    def close_chosen(self) -> None:
        period, actor = self.chosen_period(), self._actor
        if period is None or not confirm(self, self.tr("Close the quarter"),
                                         self.tr(
                                                 "Close {0}? Its actuals can no longer change until "
                                                 "someone reopens it with a reason.").format(period.label)):
            return
        self._operations.run(lambda context: years.close_period(context.session, actor, period.id),
                             lambda _period: self._done(self.tr("{0} is closed.").format(period.label)),
                             self.notice.refused, label=self.tr("Closing the quarter…"))

    def open_reopen(self) -> ReasonDialog | None:
        period, actor = self.chosen_period(), self._actor
        if period is None:
            return None
        dialog = ReasonDialog(
            self._operations, self.tr("Reopen {0}").format(period.label),
            self.tr("Reopening {0} lets its actuals change again. The reason is kept in the audit trail.").format(period.label),
            lambda session, reason: years.reopen_period(session, actor, period.id, reason), self, self.tr("&Reopen"))
        dialog.accepted.connect(lambda: self._done(self.tr("{0} is open again.").format(period.label)))
        dialog.open()
        return dialog

    def _done(self, message: str) -> None:
        self.notice.done(message)
        self.load(self._state.organisation_id)
        self.years_changed.emit()
