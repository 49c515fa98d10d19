"""Rating an agreement's items in a review; the score, level and bonus band follow every keystroke.

Scoring runs ``assessments.live_result`` on the ratings as typed (no
database); Save ratings and Finalise go through the service like any write.
A Kenyan contract's review is a self-evaluation (actual and evidence per
indicator), submitted for verification; the verifier types the verified value
and a note per indicator, and the composite of the verified values counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pmsdesk.models import AgreementKind, AssessmentStatus
from pmsdesk.services.assessments import (
    AssessmentDetail,
    AssessmentRow,
    RatingValues,
    is_rated,
    live_result,
    review_labels,
    value_field,
    verified_values,
)
from pmsdesk.ui.reporting.actual_form import BANNER_STYLE
from pmsdesk.ui.reporting.editor import parse_number
from pmsdesk.ui.translation import QT_TR_NOOP
from pmsdesk.ui.widgets.field_messages import FieldMessages, message_label
from pmsdesk.wording import a_date, plain_number

from ..translation import translated
from .review_remarks import (
    SCORE_FIELDS,
    VERIFICATION_FIELDS,
    ReviewRemarks,
    comment_heading,
    comments_label,
    line_columns,
)
from .wording import ASSESSMENT_STATUS_NAMES, line_name

#: The line's fields, one column each, in the order they are shown (each review shows some: ``line_columns``).
FIELD_COLUMNS = ("actual", "appraisee_score", "supervisor_score", "rating", "agreed_score", "evidence",
                 "verified_actual", "verifier_note", "factors")
ITEM, WEIGHT = 0, 1
COLUMN_OF = {name: index for index, name in enumerate(FIELD_COLUMNS, start=2)}
COMMENT = len(FIELD_COLUMNS) + 2
EVIDENCE, VERIFIED, NOTE = (COLUMN_OF[name] for name in VERIFICATION_FIELDS)
NUMBERS = frozenset({"actual", "rating", "verified_actual", *SCORE_FIELDS})
HEADERS = (QT_TR_NOOP("Item"), QT_TR_NOOP("Weight %"), *("" for _ in FIELD_COLUMNS), QT_TR_NOOP("Comment"))


class AssessmentPanel(QWidget):
    """Reviews of the chosen agreement; ``start_requested``/``open_requested`` ask the view to load."""

    start_requested = Signal(str)  # review label
    open_requested = Signal(str)  # assessment id
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: AssessmentDetail | None = None
        self.dirty = False
        #: False for users who may not rate: the ratings stay read-only.
        self.may_edit = True
        self.reviews = QComboBox(self)
        self.reviews.setAccessibleName(self.tr("Review"))
        self.new_review = QComboBox(self)
        self.new_review.setAccessibleName(self.tr("Review to start"))
        self.start = QPushButton(self.tr("S&tart review"), self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.hide()
        self.scale = QLabel(self)
        self.scale.setWordWrap(True)
        self.grid = QTableWidget(0, len(HEADERS), self)
        self.grid.setAccessibleName(self.tr("Ratings"))
        self.grid.setHorizontalHeaderLabels([translated(header) for header in HEADERS])
        self.grid.verticalHeader().setVisible(False)
        self.grid.setTabKeyNavigation(False)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ITEM, 260)
        header.setStretchLastSection(True)
        header.resizeSection(WEIGHT, 70)
        for name, column in COLUMN_OF.items():
            header.resizeSection(column, 100 if name in NUMBERS else 150)
        header.resizeSection(COMMENT, 200)
        self.score = QLabel("—", self)
        self.level = QLabel("—", self)
        self.bonus = QLabel("—", self)
        for label, name in ((self.score, self.tr("Score")), (self.level, self.tr(
                "Achievement level")), (self.bonus, self.tr("Bonus band"))):
            label.setAccessibleName(name)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing = QLabel(self)
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: palette(placeholder-text);")
        self.comments = QPlainTextEdit(self)
        self.comments.setAccessibleName(self.tr("Overall comments"))
        self.comments.setTabChangesFocus(True)
        self.comments.setFixedHeight(self.comments.fontMetrics().lineSpacing() * 2 + 14)
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Verifier's notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 2 + 14)
        self.messages = FieldMessages(message_label(self, self.tr("Problem")), {})
        self.save = QPushButton(self.tr("&Save ratings"), self)
        self.save.setShortcut(QKeySequence.StandardKey.Save)
        self.submit = QPushButton(self.tr("Su&bmit for verification…"), self)
        self.verify = QPushButton(self.tr("&Verify…"), self)
        self.send_back = QPushButton(self.tr("Ret&urn…"), self)
        self.finalise = QPushButton(self.tr("&Finalise…"), self)
        #: False for users who may not verify: the verified values stay read-only.
        self.may_verify = False
        #: Who is signed in: whoever submitted a self-evaluation may not verify it (the service checks too).
        self.username: str | None = None
        self._lay_out()
        self.reviews.activated.connect(lambda _index: self._open_chosen())
        self.start.clicked.connect(lambda: self.start_requested.emit(self.new_review.currentText()))
        self.comments.textChanged.connect(self._comments_edited)
        self.notes.textChanged.connect(self._comments_edited)
        self.show_reviews([], None)

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        review_label = QLabel(self.tr("&Review:"), self)
        review_label.setBuddy(self.reviews)
        bar.addWidget(review_label)
        bar.addWidget(self.reviews, 1)
        bar.addSpacing(16)
        bar.addWidget(self.new_review)
        bar.addWidget(self.start)
        result = QFormLayout()
        self.level_caption = QLabel(self.tr("Achievement level:"), self)
        self.bonus_caption = QLabel(self.tr("Bonus band:"), self)
        result.addRow(self.tr("Score:"), self.score)
        result.addRow(self.level_caption, self.level)
        result.addRow(self.bonus_caption, self.bonus)
        self.comments_label = QLabel(self.tr("&Overall comments:"), self)
        self.comments_label.setBuddy(self.comments)
        result.addRow(self.comments_label, self.comments)
        self.notes_label = QLabel(self.tr("Verifier's &notes:"), self)
        self.notes_label.setBuddy(self.notes)
        result.addRow(self.notes_label, self.notes)
        self.remarks = ReviewRemarks(self, result)
        self.remarks.edited.connect(self._comments_edited)
        buttons = QHBoxLayout()
        buttons.addWidget(self.messages.general, 1)
        buttons.addStretch()  # takes the room only while the message is hidden
        for button in (self.save, self.submit, self.verify, self.send_back, self.finalise):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.scale)
        layout.addWidget(self.grid, 1)
        layout.addLayout(result)
        layout.addWidget(self.missing)
        layout.addLayout(buttons)

    # -- reviews --------------------------------------------------------------------------------------
    def show_reviews(self, rows: Sequence[AssessmentRow], can_start: bool | None,
                     kind: AgreementKind = AgreementKind.SA_SECTION_56) -> None:
        """The agreement's reviews; ``can_start`` None: no signed agreement chosen."""
        self.reviews.clear()
        for row in rows:
            self.reviews.addItem(f"{row.review_label} · {translated(ASSESSMENT_STATUS_NAMES[row.status])}", row.id)
        taken = {row.review_label for row in rows}
        self.new_review.clear()
        self.new_review.addItems([label for label in review_labels(kind) if label not in taken])
        startable = bool(can_start) and self.new_review.count() > 0
        self.new_review.setEnabled(startable)
        self.start.setEnabled(startable)
        if not rows:
            notice = {None: self.tr("Choose an agreement in the list to see its reviews."),
                      False: self.tr("Only a signed agreement is assessed: sign this one first.")}
            self.show_detail(None, notice.get(can_start, self.tr(
                    "No review yet: start the {0}.").format(review_labels(kind)[0])))

    def select_review(self, assessment_id: str) -> None:
        self.reviews.setCurrentIndex(max(0, self.reviews.findData(assessment_id)))

    def _open_chosen(self) -> None:
        if self.reviews.currentData():
            self.open_requested.emit(self.reviews.currentData())

    # -- one review -----------------------------------------------------------------------------------
    def show_detail(self, detail: AssessmentDetail | None, notice: str | None = None) -> None:
        self.detail = detail
        self.messages.clear()
        self.grid.setRowCount(0)
        if detail is None:
            self.banner.setText(notice or "")
            self.banner.setVisible(bool(notice))
            self.scale.clear()
            for box in (self.comments, self.notes):
                box.blockSignals(True)
                box.clear()
                box.blockSignals(False)
            self._show_columns(AgreementKind.SA_SECTION_56, None)
            self.remarks.show_for(AgreementKind.SA_SECTION_56, None, {})
            self._set_editable(False)
            self._show_result()
            self.dirty = False
            return
        self._show_columns(detail.kind, detail.review_label)
        self.remarks.show_for(detail.kind, detail.review_label, detail.remarks)
        self.scale.setText(_scale_text(detail))
        for row, item in enumerate(detail.items):
            self._add_row(row, item, detail.ratings.get(item.id, RatingValues()), detail.kind)
        self.grid.resizeRowsToContents()
        for box, text in ((self.comments, detail.comments), (self.notes, detail.verification_notes)):
            box.blockSignals(True)
            box.setPlainText(text or "")
            box.blockSignals(False)
        notice = _status_notice(detail)
        self.banner.setText(notice or "")
        self.banner.setVisible(notice is not None)
        self._set_editable(not detail.is_locked)
        self.dirty = False
        self._show_result()

    def _show_columns(self, kind: AgreementKind, review_label: str | None) -> None:
        kenyan = kind == AgreementKind.KE_PERFORMANCE_CONTRACT
        shown = line_columns(kind, review_label)
        for name, column in COLUMN_OF.items():
            self.grid.setColumnHidden(column, name not in shown)
            if name in shown:
                self.grid.horizontalHeaderItem(column).setText(shown[name])
        self.grid.horizontalHeaderItem(COMMENT).setText(comment_heading(kind, review_label))
        self.notes.setVisible(kenyan)
        self.notes_label.setVisible(kenyan)
        self.comments_label.setText(comments_label(kind, review_label))

    def _add_row(self, row: int, item, entered: RatingValues, kind: AgreementKind) -> None:
        self.grid.insertRow(row)
        title = QTableWidgetItem(f"{line_name(item.kind, item.kpi_id)}: {item.title}")
        title.setToolTip(item.title)
        weight = QTableWidgetItem(plain_number(item.weight))
        weight.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for cell in (title, weight):
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.grid.setItem(row, ITEM, title)
        self.grid.setItem(row, WEIGHT, weight)
        measured = value_field(kind, item.kind) is not None
        for name, column in (*COLUMN_OF.items(), ("comment", COMMENT)):
            value = getattr(entered, name)
            box = QLineEdit(_number_text(value) if name in NUMBERS else (value or ""), self.grid)
            box.setCursorPosition(0)  # the start of a long evidence reference, not its end
            heading = self.grid.horizontalHeaderItem(column).text()
            box.setAccessibleName(self.tr("{0} for {1}").format(heading, item.title))
            if name in NUMBERS:
                box.setAlignment(Qt.AlignmentFlag.AlignRight)
                box.setEnabled(measured)  # a SPAS value or competency: commented on, not measured
            box.textEdited.connect(self._rating_edited)
            self.grid.setCellWidget(row, column, box)

    def _set_editable(self, open_review: bool) -> None:
        """Who may change what, by the review's stage: the institution its self-evaluation while it is a
        draft, the verifier the verified values while it is submitted, the approver the final step."""
        detail = self.detail
        staged = detail is not None and detail.is_verified_evaluation
        status = detail.status if detail else None
        entering = open_review and self.may_edit and (not staged or status == AssessmentStatus.DRAFT)
        verifying = (open_review and staged and self.may_verify and status == AssessmentStatus.SUBMITTED
                     and detail.submitted_by != self.username)
        for row in range(self.grid.rowCount()):
            for name, column in (*COLUMN_OF.items(), ("comment", COMMENT)):
                verifier_field = name in ("verified_actual", "verifier_note")
                self.grid.cellWidget(row, column).setReadOnly(not (verifying if verifier_field else entering))
        self.comments.setReadOnly(not entering)
        self.remarks.set_read_only(not entering)
        self.notes.setReadOnly(not verifying)
        self.save.setEnabled(entering)
        self.submit.setVisible(staged)
        self.submit.setEnabled(entering and staged)
        for button in (self.verify, self.send_back):
            button.setVisible(staged)
            button.setEnabled(verifying)
        self.finalise.setEnabled(open_review and (not staged or status == AssessmentStatus.VERIFIED))

    def rating_box(self, row: int) -> QLineEdit:
        """The box of the line's rating (or actual, for Kenyan contracts and SPAS results)."""
        kind = self.detail.kind if self.detail else AgreementKind.SA_SECTION_56
        field = "actual" if kind in (AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS) else "rating"
        return self.grid.cellWidget(row, COLUMN_OF[field])

    def field_box(self, row: int, field: str) -> QLineEdit:
        """The box of one of a line's fields (``FIELD_COLUMNS``, or ``comment``)."""
        return self.grid.cellWidget(row, COMMENT if field == "comment" else COLUMN_OF[field])

    def ratings(self) -> dict[str, RatingValues]:
        """The lines as typed (only the columns this review shows); text that is not a number is passed on to
        be named as wrong."""
        if self.detail is None:
            return {}
        typed = {}
        for row, item in enumerate(self.detail.items):
            values = {}
            for name, column in (*COLUMN_OF.items(), ("comment", COMMENT)):
                if self.grid.isColumnHidden(column):
                    continue
                text = self.grid.cellWidget(row, column).text().strip()
                values[name] = parse_number(text) if name in NUMBERS else (text or None)
            if value_field(self.detail.kind, item.kind) is None:
                values = {"comment": values.get("comment")}
            typed[item.id] = RatingValues(**values)
        return typed

    def review_remarks(self) -> dict[str, str | None] | None:
        return self.remarks.values()

    def verifier_notes(self) -> str | None:
        return self.notes.toPlainText().strip() or None

    def overall_comments(self) -> str | None:
        return self.comments.toPlainText().strip() or None

    def _rating_edited(self) -> None:
        self.dirty = True
        self._show_result()
        self.edited.emit()

    def _comments_edited(self) -> None:
        self.dirty = True
        self.edited.emit()

    def _show_result(self) -> None:
        detail = self.detail
        self.messages.clear()
        if detail is None:
            for label in (self.score, self.level, self.bonus):
                label.setText("—")
            self.missing.clear()
            return
        typed = self.ratings()
        result = live_result(detail.kind, detail.items, typed, detail.rules, review_label=detail.review_label)
        if detail.is_verified_evaluation and detail.status != AssessmentStatus.DRAFT:
            own = result
            shown = replace(detail, ratings=typed)
            result = live_result(detail.kind, detail.items, verified_values(shown), detail.rules,
                                 review_label=detail.review_label)
            result = replace(result, score_text=f"Verified: {result.score_text} · self-evaluated: {own.score_text}"
                             f" ({own.outcome_label or '—'})",
                             missing=result.missing and result.missing.replace("no actual", "no verified value"))
        rated = detail.kind not in (AgreementKind.KE_PERFORMANCE_CONTRACT, AgreementKind.KE_SPAS)
        self.level_caption.setText(self.tr("Achievement level:") if rated else self.tr("Grade:"))
        self.bonus_caption.setVisible(detail.kind == AgreementKind.SA_SECTION_56)
        self.bonus.setVisible(detail.kind == AgreementKind.SA_SECTION_56)
        self.score.setText(f"<b>{result.score_text}</b>")
        self.level.setText(result.outcome_label or "—")
        self.bonus.setText(result.bonus_text or "—")
        self.missing.setText(result.missing or "")
        if result.problems:
            words = "; ".join(result.problems.values())
            self.messages.show_general(words[:1].upper() + words[1:])


def _number_text(value) -> str:
    return "" if value is None or isinstance(value, str) else plain_number(value).replace(",", "")


def _status_notice(detail: AssessmentDetail) -> str | None:
    """Where the review stands and who acts next."""
    if detail.status == AssessmentStatus.FINAL:
        return QCoreApplication.translate("agreements.assessment_panel",
                "The {0} is final and locked.").format(detail.review_label)
    if not detail.is_verified_evaluation:
        return None
    if detail.status == AssessmentStatus.SUBMITTED:
        return (QCoreApplication.translate("agreements.assessment_panel",
                "Self-evaluation submitted by {0} on {1}: a "
                "verifier now enters the value the evidence "
                "supports for each indicator, then verifies or "
                "returns it.").format(detail.submitted_by, a_date(detail.submitted_on)))
    if detail.status == AssessmentStatus.VERIFIED:
        return (QCoreApplication.translate("agreements.assessment_panel",
                "Verified by {0} on {1}: the approver finalises it; "
                "the grade counts on the verified values.").format(detail.verified_by, a_date(detail.verified_on)))
    if detail.verification_notes:
        return QCoreApplication.translate("agreements.assessment_panel",
                "Returned by the verifier: {0}").format(detail.verification_notes)
    return QCoreApplication.translate("agreements.assessment_panel",
            "Enter each indicator's actual and the evidence for it, save, then submit it for verification.")


def _scale_text(detail: AssessmentDetail) -> str:
    if detail.kind == AgreementKind.KE_PERFORMANCE_CONTRACT:
        return QCoreApplication.translate("agreements.assessment_panel",
                "Enter each indicator's actual; it is scored against the criteria values (1 Excellent … 5 Poor).")
    if detail.kind == AgreementKind.KE_SPAS and not is_rated(detail.kind, detail.review_label):
        return QCoreApplication.translate("agreements.assessment_panel",
                "Record each target's result so far and the progress made: the mid-year review has no rating.")
    if detail.kind == AgreementKind.TZ_OPRAS and not is_rated(detail.kind, detail.review_label):
        return QCoreApplication.translate("agreements.assessment_panel",
                "Record each objective's progress towards its targets and the factors affecting performance: "
                "the mid-year review has no marks.")
    if detail.kind == AgreementKind.KE_SPAS:
        bands = detail.rules["body"]["bands"]
        return (QCoreApplication.translate("agreements.assessment_panel",
                "Enter each target's result and the appraisee's, the supervisor's and the agreed score (percent "
                "achieved); the weighted agreed score is banded: ")
                + " · ".join(band["name"] for band in reversed(bands)) + QCoreApplication.translate("agreements.assessment_panel",
                        ". Values and competencies get a comment."))
    scale = detail.rules["body"]["scale"]
    labels = scale.get("labels", {})
    points = sorted(labels, key=float, reverse=float(scale["best"]) > float(scale["worst"]))
    return QCoreApplication.translate("agreements.assessment_panel",
            "Ratings: ") + " · ".join(f"{point} {labels[point]}" for point in points)
