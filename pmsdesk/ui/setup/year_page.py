"""Set-up page 2: the first financial year and its quarters, laid out from the start month, editable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget, QWizardPage

from pmsdesk.services.errors import ValidationError
from pmsdesk.services.setup import parse_year, year_problems
from pmsdesk.services.years import proposed_quarters, year_label

from .fields import CheckedForm


def _day(box: QDateEdit) -> date:
    shown = box.date()
    return date(shown.year(), shown.month(), shown.day())

DATE_FORMAT = "dd MMM yyyy"


def _date_box(parent: QWidget) -> QDateEdit:
    box = QDateEdit(parent)
    box.setCalendarPopup(True)
    box.setDisplayFormat(DATE_FORMAT)
    return box


def current_start_year(month: int, today: date | None = None) -> int:
    """The start year of the financial year running today."""
    today = today or date.today()
    return today.year if today.month >= month else today.year - 1


class YearPage(QWizardPage):
    """The year label ('2026/27') and four quarters' first and last days."""

    def __init__(self, start_month: Callable[[], int], parent: QWidget | None = None) -> None:
        """``start_month`` is a function returning the month chosen on the organisation page."""
        super().__init__(parent)
        self._start_month = start_month
        self.setTitle(self.tr("First financial year"))
        self.setSubTitle(self.tr("The quarters follow from the month the year starts in. Change a date only if "
                                 "your quarters really differ; they must follow each other without overlap."))
        self.form = form = CheckedForm(self)
        self.year = form.add("year", self.tr("Financial &year:"), QLineEdit(self))
        self.year.setPlaceholderText("2026/27")
        self.quarter_boxes: list[tuple[QDateEdit, QDateEdit]] = []
        for number in range(1, 5):
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            first, last = _date_box(row), _date_box(row)
            first.setAccessibleName(self.tr("Q{0} first day").format(number))
            last.setAccessibleName(self.tr("Q{0} last day").format(number))
            line.addWidget(first)
            line.addWidget(QLabel(self.tr("to"), row))
            line.addWidget(last)
            line.addStretch(1)
            form.add(f"quarters[{number - 1}]", f"Q{number}:", row)
            self.quarter_boxes.append((first, last))
        self.reset = QPushButton(self.tr("&Lay out the quarters again"), self)
        layout = QVBoxLayout(self)
        layout.addLayout(form.layout)
        layout.addWidget(self.reset)
        layout.addWidget(form.general)
        layout.addStretch(1)
        self.reset.clicked.connect(self.lay_out)
        self.year.editingFinished.connect(self._year_edited)
        self._laid_out_for: tuple[str, int] | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Coming from the organisation page: a new start month lays the year out afresh."""
        month = self._start_month()
        if self._laid_out_for is not None and self._laid_out_for[1] == month:
            return
        start = date(current_start_year(month), month, 1)
        self.year.setText(year_label(start, proposed_quarters(start)[-1][1]))
        self.lay_out()

    def _year_edited(self) -> None:
        if self._laid_out_for != (self.year.text(), self._start_month()):
            self.lay_out()

    def lay_out(self) -> None:
        """Quarters of three months from the year's first day (when the year is readable)."""
        try:
            start_year = parse_year(self.year.text(), self._start_month())
        except ValidationError:
            return
        self._laid_out_for = (self.year.text(), self._start_month())
        for (first, last), (start, end) in zip(self.quarter_boxes,
                                               proposed_quarters(date(start_year, self._start_month(), 1))):
            first.setDate(QDate(start.year, start.month, start.day))
            last.setDate(QDate(end.year, end.month, end.day))

    def start_year(self) -> int:
        return parse_year(self.year.text(), self._start_month())

    def quarters(self) -> list[tuple[date, date]]:
        return [(_day(first), _day(last)) for first, last in self.quarter_boxes]

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            problems = year_problems(self.start_year(), self._start_month(), self.quarters())
        except ValidationError as error:
            problems = error.problems
        self.form.messages.show_problems(problems)
        return not problems
