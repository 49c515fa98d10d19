"""The agreements screen: the year's agreements on the left; the chosen one's form, reviews,
printable preview and development plan in tabs on the right. Every read and write runs through
Operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pmsdesk.reports.pdf.base import ReportError, ReportRequest
from pmsdesk.reports.pdf.issue import preview_report
from pmsdesk.services import agreements, assessments
from pmsdesk.services.actor import Actor, Permission
from pmsdesk.services.agreements import AgreementDetail
from pmsdesk.services.errors import ServiceError, ValidationError
from pmsdesk.services.register import FinancialYearSummary
from pmsdesk.ui.operations import Operations
from pmsdesk.ui.reports.bar import PrintSaveBar
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.document_preview import DocumentPreview
from pmsdesk.ui.widgets.screen_parts import list_beside_form
from pmsdesk.ui.widgets.tables import ReadOnlyTable, select_row_quietly
from pmsdesk.ui.widgets.unsaved import ask_to_discard
from pmsdesk.vocabulary import vocabulary_for
from pmsdesk.wording import count_of

from .agreement_form import AgreementForm
from .assessment_panel import AssessmentPanel
from .development_panel import DevelopmentPlanPanel
from .dialogs import ConfirmDialog
from .evaluation_actions import ContractEvaluationActions
from .list_model import AgreementListModel
from .publication import PublicationActions
from .tabs import AGREEMENT_TAB, ASSESSMENT_TAB, DEVELOPMENT_TAB, PREVIEW_TAB
from .wording import REPORT_KINDS

__all__ = ["AGREEMENT_TAB", "ASSESSMENT_TAB", "DEVELOPMENT_TAB", "PREVIEW_TAB", "AgreementsView"]


class AgreementsView(QWidget):
    title = QT_TR_NOOP("Agreements")

    def __init__(self, operations: Operations, actor: Actor, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self._operations = operations
        self._actor = actor
        self._today = today or date.today()
        self.year: FinancialYearSummary | None = None
        self.dialog: ConfirmDialog | None = None
        self._form_dirty = False
        self.model = AgreementListModel(self)
        self.table = ReadOnlyTable(self.model, self.model.columns, AgreementListModel.EMPLOYEE, self)
        self.table.sortByColumn(AgreementListModel.EMPLOYEE, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(self.tr("Agreements of the year"))
        self.count_label = QLabel(self)
        self.new = QPushButton(self.tr("&New agreement"), self)
        self.new.setShortcut(QKeySequence.StandardKey.New)
        self.new.setToolTip(self.tr("Draft an agreement for someone (Ctrl+N)"))
        self.form = AgreementForm(self)
        self.assessment = AssessmentPanel(self)
        self.preview = DocumentPreview(self)
        self.print_bar = PrintSaveBar(operations, actor, self._agreement_request, self)
        self.assessment_bar = PrintSaveBar(operations, actor, self._assessment_request, self,
                                           print_text=self.tr(
                                                   "Pr&int assessment…"), save_text=self.tr("Save assessment as P&DF…"))
        self.assessment_bar.print_button.setToolTip(self.tr("Print the agreement's latest review, as the Reports screen does"))
        self.assessment.layout().addWidget(self.assessment_bar)
        printable = QWidget(self)
        printable_layout = QVBoxLayout(printable)
        printable_layout.setContentsMargins(0, 4, 0, 0)
        printable_layout.addWidget(self.print_bar)
        printable_layout.addWidget(self.preview, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.form, self.tr("&Agreement"))
        self.tabs.addTab(self.assessment, self.tr("Assess&ment"))
        self.tabs.addTab(printable, self.tr("&Printable"))
        self.development = DevelopmentPlanPanel(operations, actor, self)
        self.tabs.addTab(self.development, self.tr("De&velopment plan"))
        bar = QHBoxLayout()
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.new)
        list_beside_form(self, bar, self.table, self.tabs, (420, 760))
        self._allow_actions()
        self._enable_printing()

        self.new.clicked.connect(self.start_new)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.form.edited.connect(self._form_edited)
        self.form.save.clicked.connect(self.save)
        self.form.preview.clicked.connect(self.show_preview)
        self.form.sign.clicked.connect(self.ask_to_sign)
        self.form.amend.clicked.connect(self.ask_to_amend)
        self.assessment.start_requested.connect(self._start_review)
        self.assessment.open_requested.connect(self._open_review)
        self.assessment.save.clicked.connect(self.save_ratings)
        self.assessment.finalise.clicked.connect(self.ask_to_finalise)
        self.evaluation = ContractEvaluationActions(self)
        self.publication = PublicationActions(self)

    @property
    def actor(self) -> Actor:
        return self._actor

    @property
    def today(self) -> date:
        return self._today

    def _agreement_request(self) -> tuple[ReportRequest, None] | None:
        detail = self.form.detail
        if detail is None:
            return None
        return ReportRequest(REPORT_KINDS[detail.agreement.kind], year=detail.year_label,
                             organisation=detail.organisation_code, person=detail.agreement.person_id), None

    def _assessment_request(self) -> tuple[ReportRequest, None] | None:
        found = self._agreement_request()
        return (replace(found[0], kind="assessment"), None) if found else None

    def _allow_actions(self) -> None:
        """Buttons for what the actor's roles allow; the services check again."""
        manage = self._actor.can(Permission.MANAGE_AGREEMENTS)
        approve = self._actor.can(Permission.APPROVE)
        self.form.may_edit = self.assessment.may_edit = manage
        self.new.setVisible(manage)
        for button in (self.form.save, self.form.amend, self.assessment.save, self.assessment.start):
            button.setVisible(manage)
        self.assessment.new_review.setVisible(manage)
        self.form.sign.setVisible(approve)
        self.assessment.finalise.setVisible(approve)
        self.assessment.may_verify = self._actor.can(Permission.VERIFY_ACTUALS)
        self.assessment.username = self._actor.username

    # -- main window --------------------------------------------------------------------------------
    def show_year(self, year: FinancialYearSummary | None) -> None:
        self.year = year
        self._form_dirty = False
        self.form.use_words(vocabulary_for(year.country if year else None))
        self.form.start_new()
        self._enable_printing()
        self._form_dirty = False
        self.assessment.show_reviews([], None)
        self.development.clear()
        self.preview.clear()
        if year is None:
            self.model.set_rows([])
            self.count_label.setText(self.tr("Choose an organisation and year."))
            return

        def load(context) -> tuple[list, list, list, dict, agreements.CountryAgreements]:
            session = context.session
            return (agreements.people_of(session, year.organisation_id),
                    agreements.kpi_choices(session, year.organisation_id, year.id),
                    agreements.list_agreements(session, year.organisation_id, year.id),
                    agreements.standard_lines(session),
                    agreements.country_agreements(session, year.organisation_id))

        def loaded(found: tuple[list, list, list, dict, agreements.CountryAgreements]) -> None:
            people, kpis, rows, standard, offered = found
            self.form.set_choices(people, kpis, standard, offered)
            self.development.set_competencies(offered.competencies)
            self._show_rows(rows)

        self._operations.run(load, loaded, self._failed, label=self.tr("Loading the agreements…"))

    def unsaved_changes(self) -> str | None:
        if self._form_dirty:
            detail = self.form.detail
            return self.tr("Unsaved changes to the agreement of {0}").format(detail.agreement.employee) if detail \
                else self.tr("An unsaved new agreement")
        if self.assessment.dirty and self.assessment.detail is not None:
            return self.tr("Unsaved ratings in the {0}").format(self.assessment.detail.review_label)
        return None

    # -- the list -------------------------------------------------------------------------------------
    def _show_rows(self, rows: list, select_id: str | None = None) -> None:
        self.model.set_rows(rows)
        year = self.year.label if self.year else ""
        self.count_label.setText(self.tr("{0} for {1}").format(count_of(len(rows), 'agreement'), year) if rows
                                 else self.tr("No agreements for {0} yet").format(year))
        row = self.model.row_of(select_id) if select_id else None
        if row is not None:
            self.table.selectRow(row)

    def _reload(self, select_id: str) -> None:
        year = self.year
        if year is None:
            return
        self._operations.run(
            lambda context: agreements.list_agreements(context.session, year.organisation_id, year.id),
            lambda rows: self._show_rows(rows, select_id), self._failed, label=self.tr("Loading the agreements…"))

    def _row_chosen(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        chosen = self.model.row_at(indexes[0].row()).id
        shown = self.form.detail.agreement.id if self.form.detail else None
        if chosen != shown and not ask_to_discard(self, self.tr("open another agreement"), self.unsaved_changes()):
            self._select_quietly(shown)
            return
        self.open_agreement(chosen)

    def _select_quietly(self, agreement_id: str | None) -> None:
        """Put the selection back on the agreement still in the form, without reopening it."""
        select_row_quietly(self.table, self.model.row_of(agreement_id) if agreement_id else None)

    def open_agreement(self, agreement_id: str, review_id: str | None = None) -> None:
        year = self.year

        def load(context) -> tuple[AgreementDetail, list]:
            return (agreements.agreement_detail(context.session, agreement_id),
                    assessments.list_assessments(context.session, year.organisation_id, year.id, agreement_id))

        self._operations.run(load, lambda found: self._show_agreement(*found, review_id), self._failed,
                             label=self.tr("Opening the agreement…"))

    def _show_agreement(self, detail: AgreementDetail, reviews: list, review_id: str | None) -> None:
        self.form.show_detail(detail)
        self._form_dirty = False
        self.preview.clear()
        self._enable_printing()
        self.assessment.show_reviews(reviews, detail.agreement.status.value == "signed", detail.agreement.kind)
        self.development.load(detail.agreement.id, detail.agreement.status.value != "draft")
        chosen = review_id or (reviews[-1].id if reviews else None)
        if chosen:
            self.assessment.select_review(chosen)
            self._open_review(chosen)

    def start_new(self) -> None:
        if not ask_to_discard(self, self.tr("start a new agreement"), self.unsaved_changes()):
            return
        self._select_quietly(None)
        self.form.start_new()
        self._enable_printing()
        self._form_dirty = False
        self.assessment.show_reviews([], None)
        self.development.clear()
        self.preview.clear()
        self.tabs.setCurrentIndex(AGREEMENT_TAB)
        self.form.person.setFocus()

    def _form_edited(self) -> None:
        self._form_dirty = True

    # -- agreement actions --------------------------------------------------------------------------
    def save(self) -> None:
        detail, year, actor = self.form.detail, self.year, self._actor
        values, items, person_id = self.form.values(), self.form.grid.items(), self.form.person_id()
        if year is None:
            return
        if detail is None and person_id is None:
            self.form.show_problems({"person_id": self.tr("choose the employee the agreement is for")})
            return

        def work(context) -> str:
            if detail is None:
                return agreements.create_agreement(context.session, actor, person_id, year.id, values, items).id
            changes = {key: value for key, value in values.items() if key not in ("kind", "rule_set_code")}
            return agreements.update_draft(context.session, actor, detail.agreement.id, changes, items).id

        self.run_write(work, self._saved, self.form.show_problems, self.tr("Saving the agreement…"))

    def _saved(self, agreement_id: str) -> None:
        self._form_dirty = False
        self._reload(agreement_id)

    def show_preview(self) -> None:
        detail, actor = self.form.detail, self._actor
        if detail is None:
            return
        request = self._agreement_request()[0]

        def work(context) -> bytes:
            return preview_report(context.session, actor, request, progress=context.progress)

        def show(data: bytes) -> None:
            self.tabs.setCurrentIndex(PREVIEW_TAB)  # first, so the page is drawn at the tab's width
            self.preview.show_pdf(data)

        if self._form_dirty:
            self.form.messages.show_general(self.tr(
                    "The preview shows the agreement as last saved; save to include your changes."))
        self.run_write(work, show, self.form.show_problems, self.tr("Preparing the printable agreement…"))

    def ask_to_sign(self) -> None:
        if self.form.detail is None:
            return
        if self._form_dirty:
            self.form.messages.show_general(self.tr("Save your changes before marking the agreement signed."))
            return
        self.dialog = ConfirmDialog(
            self.tr("Mark the agreement signed"),
            self.tr("Once signed, this version is locked: nobody can edit it, and a change needs an amendment "
            "with a reason. Mark it signed only when the paper copy carries every signature."),
            self.tr("Mark signed"), self, ask_date=self.tr("Signed on"), ask_place=True, today=self._today)
        self.dialog.accepted.connect(self._sign)
        self.dialog.open()

    def _sign(self) -> None:
        agreement_id, actor, dialog = self.form.detail.agreement.id, self._actor, self.dialog
        on, place = dialog.chosen_date(), dialog.place_text()
        self.run_write(lambda context: agreements.sign_agreement(context.session, actor, agreement_id, on, place).id,
                  self._reload, self.form.show_problems, self.tr("Signing…"))

    def ask_to_amend(self) -> None:
        if self.form.detail is None:
            return
        self.dialog = ConfirmDialog(
            self.tr("Amend the agreement"),
            self.tr("An amendment is a new draft version with the same lines; the signed version stays in force, "
            "unchanged, until the amendment is signed. Say why it is amended."),
            self.tr("Start amendment"), self, ask_reason=True)
        self.dialog.accepted.connect(self._amend)
        self.dialog.open()

    def _amend(self) -> None:
        detail, actor, reason = self.form.detail, self._actor, self.dialog.reason_text()
        items = self.form.grid.items()
        self.run_write(lambda context: agreements.amend_agreement(context.session, actor, detail.agreement.id,
                                                               reason, items).id,
                  self._reload, self.form.show_problems, self.tr("Starting the amendment…"))

    # -- assessment actions -------------------------------------------------------------------------
    def _start_review(self, label: str) -> None:
        detail, actor = self.form.detail, self._actor
        if detail is None:
            return
        self.run_write(lambda context: assessments.start_assessment(context.session, actor, detail.agreement.id, label).id,
                  lambda review_id: self.open_agreement(detail.agreement.id, review_id),
                  self.assessment.messages.show_problems, self.tr("Starting the review…"), show_tab=ASSESSMENT_TAB)

    def _open_review(self, assessment_id: str) -> None:
        def show(detail) -> None:
            self.assessment.show_detail(detail)
            self._enable_printing()

        self._operations.run(lambda context: assessments.assessment_detail(context.session, assessment_id),
                             show, self._failed, label=self.tr("Opening the review…"))

    def _enable_printing(self) -> None:
        """Print and save what is on screen: the agreement once saved, the assessment once a review exists."""
        self.print_bar.set_enabled(self.form.detail is not None)
        self.assessment_bar.set_enabled(self.form.detail is not None and self.assessment.detail is not None)

    def save_ratings(self, then: Callable[[str], Any] | None = None) -> None:
        review = self.assessment.detail
        if review is None:
            return
        actor, ratings, comments = self._actor, self.assessment.ratings(), self.assessment.overall_comments()
        remarks = self.assessment.review_remarks()
        self.run_write(lambda context: assessments.save_ratings(context.session, actor, review.id, ratings, comments,
                                                                remarks).id,
                  then or self._open_review, self.assessment.messages.show_problems, self.tr("Saving the ratings…"),
                  show_tab=ASSESSMENT_TAB)

    def ask_to_finalise(self) -> None:
        review = self.assessment.detail
        if review is None:
            return
        self.dialog = ConfirmDialog(
            self.tr("Finalise the {0}").format(review.review_label),
            self.tr("The ratings on screen are saved and become the result of this review. A final review is "
            "locked: nobody can change its ratings afterwards."),
            self.tr("Finalise"), self, ask_date=self.tr("Assessed on"), today=self._today)
        self.dialog.accepted.connect(self._finalise)
        self.dialog.open()

    def _finalise(self) -> None:
        review, actor, on = self.assessment.detail, self._actor, self.dialog.chosen_date()
        agreement_id = review.agreement_id

        def finalise(_saved_id: str) -> None:
            self.run_write(lambda context: assessments.finalise_assessment(context.session, actor, review.id, on).id,
                      lambda review_id: self.open_agreement(agreement_id, review_id),
                      self.assessment.messages.show_problems, self.tr("Finalising…"), show_tab=ASSESSMENT_TAB)

        if review.is_verified_evaluation:
            finalise(review.id)  # the verified values are stored already; nothing typed is saved over them
        else:
            self.save_ratings(then=finalise)

    # -- running and failing ------------------------------------------------------------------------
    def run_write(self, work, on_success, show_problems, label: str, *, show_tab: int = AGREEMENT_TAB) -> None:
        """Run a write; a refusal is shown in the tab it concerns, in words, never as a traceback."""

        def failed(error: Exception) -> None:
            self.tabs.setCurrentIndex(show_tab)
            if isinstance(error, ValidationError):
                show_problems(error.problems)
            elif isinstance(error, (ServiceError, ReportError)):
                show_problems({"": str(error)})
            else:
                raise error

        self._operations.run(work, on_success, failed, label=label)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, (ServiceError, ReportError)):
            self.count_label.setText(str(error))
        else:
            raise error
