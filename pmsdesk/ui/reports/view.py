"""The Reports screen: every printed document and workbook pmsdesk makes, with its choices,
a preview, Print… and Save as PDF / Excel…, and the actuals template's import back.

Officials print and save here what the command line makes with ``pmsdesk report``,
``export`` and ``import-actuals``; the same functions make the same files.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.reports.catalogue import AS_OF_KINDS, KINDS, PDF, ReportKind
from pmsdesk.reports.choices import ReportChoices
from pmsdesk.reports.pdf.base import ReportRequest
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.importing.problems_model import ProblemsModel
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.document_preview import DocumentPreview
from pmsdesk.ui.widgets.field_messages import ERROR_STYLE
from pmsdesk.ui.widgets.tables import ReadOnlyTable

from ..translation import translated
from . import work
from .actions import ReportActions, refusal_text
from .actuals_import import ActualsImport
from .as_of import AsOfChoice
from .choices_form import ReportChoicesForm
from .recommendation import MID_YEAR, AdjustmentsRecommendation

PREVIEW_PAGE, PROBLEMS_PAGE = range(2)
#: Wait this long after the last change of choice before drawing a new preview.
PREVIEW_DELAY_MS = 400


def kinds_for(actor: Actor, organisation_count: int) -> list[ReportKind]:
    """What ``actor`` may make: printed documents need the whole organisation's read permission
    (they are registered as issued); a unit's reader gets that unit's register and actuals template."""
    whole = actor.can(Permission.READ)
    return [kind for kind in KINDS
            if (whole or kind.for_one_unit) and (kind.key != "league-table" or organisation_count > 1)]


class ReportsView(QWidget):
    title = QT_TR_NOOP("Reports")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 organisation_count: int = 1) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._year: FinancialYearSummary | None = None
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.show_preview)
        self.actions = ReportActions(operations, actor, self)
        self.actuals = ActualsImport(operations, actor, self)

        self.kinds = QListWidget(self)
        self.kinds.setAccessibleName(self.tr("Report kinds"))
        for kind in kinds_for(actor, organisation_count):
            item = QListWidgetItem(translated(kind.title), self.kinds)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setToolTip(kind.summary[:1].upper() + kind.summary[1:])
        self.form = ReportChoicesForm(self)
        self.as_of = AsOfChoice(self)
        self.as_of.hide()
        self.recommendation = AdjustmentsRecommendation(operations, actor, self)
        self.recommendation.hide()
        self.preview_button = QPushButton(self.tr("Pre&view"), self)
        self.preview_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.preview_button.setToolTip(self.tr("Draw the document with the choices made (F5)"))
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip(self.tr("Print through the system's print dialog (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.import_button = QPushButton(self.tr("&Import filled-in template…"), self)
        self.import_button.setToolTip(self.tr("Check a filled-in actuals template, list its problems, then save its actuals"))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Outcome"))
        self.preview = DocumentPreview(self)
        self.problems_model = ProblemsModel(self)
        self.problems = ReadOnlyTable(self.problems_model, self.problems_model.columns, ProblemsModel.REASON, self)
        self.problems.setAccessibleName(self.tr("Problems in the imported template"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.preview)
        self.pages.addWidget(self.problems)
        self._lay_out()

        self.kinds.currentItemChanged.connect(lambda *_: self._kind_chosen())
        self.form.changed.connect(self._choices_changed)
        self.form.context_changed.connect(self._load_choices)
        self.preview_button.clicked.connect(self.show_preview)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_report)
        self.import_button.clicked.connect(self.actuals.choose_and_check)
        self.recommendation.saved.connect(self._choices_changed)
        self.as_of.changed.connect(self._choices_changed)
        self.actions.said.connect(self.say)
        self.actuals.said.connect(self.say)
        self.actuals.checked.connect(self._show_problems)
        self.kinds.setCurrentRow(0)

    def _lay_out(self) -> None:
        kinds_label = QLabel(self.tr("&Report:"), self)
        kinds_label.setBuddy(self.kinds)
        left = QVBoxLayout()
        left.addWidget(kinds_label)
        left.addWidget(self.kinds, 1)
        # The widest title whole, with the frame and room for a scroll bar on a short screen.
        scroll_bar = self.kinds.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.kinds)
        self.kinds.setFixedWidth(max(200, self.kinds.sizeHintForColumn(0) + 2 * self.kinds.frameWidth()
                                     + scroll_bar + 8))
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.save_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.form)
        right.addWidget(self.as_of)
        right.addWidget(self.recommendation)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addWidget(self.pages, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    # -- main window --------------------------------------------------------------------------------
    def show_year(self, year: FinancialYearSummary | None) -> None:
        self._year = year
        if year is None:
            self.preview.clear()
            self.say(self.tr("Choose an organisation and year in the top bar."), False)
            self._enable(False)
            return
        if year.country:  # at once, before the choices load: the organisation shown speaks its country's forms
            self._offer_kinds(frozenset({year.country}))
        self._load_choices("", year.label)

    def _load_choices(self, organisation_code: str, year_label: str) -> None:
        """Quarters, units and people of the organisation and year chosen (default: the top bar's)."""
        year, actor = self._year, self._actor
        if year is None:
            return

        def load(context) -> ReportChoices:
            return work.load_choices(context.session, actor, year.organisation_id, year_label or year.label,
                                     organisation_code or None)

        def loaded(found: ReportChoices) -> None:
            self._offer_kinds(found.countries)
            self.form.show_choices(found, year_label or year.label)
            self._kind_chosen()

        self._operations.run(load, loaded, self._failed, label=self.tr("Loading the report choices…"))

    # -- choosing -----------------------------------------------------------------------------------
    def current_kind(self) -> ReportKind | None:
        item = self.kinds.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _offer_kinds(self, countries: frozenset[str]) -> None:
        """List only the documents of the database's countries (PEPMIS where there is a Tanzanian organisation)."""
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            item.setHidden(not item.data(Qt.ItemDataRole.UserRole).offered_in(countries))
        current = self.kinds.currentItem()
        if current is not None and current.isHidden():
            first = next((row for row in range(self.kinds.count()) if not self.kinds.item(row).isHidden()), -1)
            self.kinds.setCurrentRow(first)

    def offered_kinds(self) -> list[str]:
        """The keys of the kinds listed now."""
        return [self.kinds.item(row).data(Qt.ItemDataRole.UserRole).key for row in range(self.kinds.count())
                if not self.kinds.item(row).isHidden()]

    def choose_kind(self, key: str) -> None:
        for row in range(self.kinds.count()):
            if self.kinds.item(row).data(Qt.ItemDataRole.UserRole).key == key and not self.kinds.item(row).isHidden():
                self.kinds.setCurrentRow(row)
                return
        raise KeyError(key)

    def _kind_chosen(self) -> None:
        kind = self.current_kind()
        self.form.show_kind(kind)
        is_pdf = kind is not None and kind.output == PDF
        self.save_button.setText(self.tr("&Save as PDF…") if is_pdf or kind is None else self.tr("&Save as Excel…"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.print_button.setVisible(is_pdf)
        self.preview_button.setVisible(is_pdf)
        self.import_button.setVisible(kind is not None and kind.key == "actuals-template")
        self.pages.setCurrentIndex(PREVIEW_PAGE)
        self._choices_changed()

    def _choices_changed(self) -> None:
        request = self.request()
        self.as_of.setVisible(request is not None and request.kind in AS_OF_KINDS)
        mid_year = request is not None and request.kind == MID_YEAR
        self.recommendation.setVisible(mid_year)
        if mid_year:
            self.recommendation.show_for(request.organisation, request.year)
        self._enable(request is not None)
        kind = self.current_kind()
        if request is None:
            self.preview.clear()
            self.say(self.form.missing(), False)
        elif kind is not None and kind.output != PDF:
            self.preview.clear()
            self.preview.show_message(self.tr(
                    "{0}: an Excel workbook. Use Save as Excel… to write "
                    "it.").format(kind.summary[:1].upper() + kind.summary[1:]))
            self.say("", False)
        else:
            self._preview_timer.start()

    def request(self) -> ReportRequest | None:
        """The form's choices, with the "as of" day for a kind whose statuses depend on it."""
        request = self.form.request() if self._year is not None else None
        if request is not None and request.kind in AS_OF_KINDS:
            request = replace(request, as_of=self.as_of.value())
        return request

    def _enable(self, enabled: bool) -> None:
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(enabled)

    # -- doing --------------------------------------------------------------------------------------
    def show_preview(self) -> None:
        self._preview_timer.stop()
        request, actor, kind = self.request(), self._actor, self.current_kind()
        if request is None or kind is None or kind.output != PDF:
            return
        self.pages.setCurrentIndex(PREVIEW_PAGE)

        def shown(data: bytes) -> None:
            if self.request() == request:  # the choices did not change meanwhile
                self.preview.show_pdf(data)
                self.say(self.tr("Preview only: Print… or Save as PDF… issues the document with its fingerprint."), False)

        def failed(error: Exception) -> None:
            self.preview.clear()
            self._failed(error)

        self._operations.run(lambda context: work.preview(context.session, actor, request), shown, failed,
                             label=self.tr("Drawing the {0}…").format(translated(kind.title)), cancellable=True)

    def print_report(self) -> None:
        request = self.request()
        if request is not None:
            self.actions.print_(request)

    def save_report(self) -> None:
        request, kind = self.request(), self.current_kind()
        if request is None or kind is None:
            return
        parts = [request.organisation, request.year, request.unit,
                 f"Q{request.period}" if request.period else None]
        self.actions.save(request, kind.file_name(*parts))

    def _show_problems(self, rows) -> None:
        self.problems_model.set_rows(rows)
        self.pages.setCurrentIndex(PROBLEMS_PAGE if rows else PREVIEW_PAGE)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")

    def _failed(self, error: Exception) -> None:
        text = refusal_text(error)
        if text is None:
            raise error
        self.say(text[:1].upper() + text[1:], True)
